/** Discord waits 3 s for an interaction's first answer; this leaves room for the network. */
export const ACK_DEADLINE_MS = 2500;

/** An interaction token lives 15 minutes; the adapter's last edit of an answer comes before that. */
export const TOKEN_LIFETIME_MS = 14 * 60_000;

/**
 * Waits for `work` until `deadline` (a Date.now() value) at the latest: true when it finished
 * in time. The work itself goes on either way; only the wait ends.
 */
export async function settleBy(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    // A wait must never keep a stopping process alive.
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true as const, () => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
