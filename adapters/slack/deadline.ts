/** Slack waits 3 s for an acknowledgement; this leaves room for the network. */
export const ACK_DEADLINE_MS = 2500;

/**
 * Waits for `work` until `deadline` (a Date.now() value) at the latest, then lets it go on in the
 * background: true when it finished in time. Slack retries an event it did not see acknowledged
 * in 3 s, so a slow store must not turn one message into three; the work itself is never dropped.
 */
export async function settleBy(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([work.then(() => true as const, () => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
