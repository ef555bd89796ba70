/** Slack waits 3 s for an acknowledgement; this leaves room for the network. */
export const ACK_DEADLINE_MS = 2500;

/**
 * Waits for `work` until `deadline` (a Date.now() value) at the latest, then lets it go on in the
 * background: true when it finished in time. Slack retries an event it did not see acknowledged
 * in 3 s, so a slow store must not turn one message into three; the work itself is never dropped.
 */
export function settleBy(work: Promise<unknown>, deadline: number): Promise<boolean> {
  // One promise and one timer per event: every DM passes here. No named closure either: under
  // tsx (which keeps function names) each costs a property definition.
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), false);
    work.then(
      () => (clearTimeout(timer), resolve(true)),
      () => (clearTimeout(timer), resolve(true)),
    );
  });
}
