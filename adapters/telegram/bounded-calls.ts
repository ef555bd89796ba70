import type { Telegram } from 'telegraf';

/** Default bound on one Bot API call; telegraf's own is 500 s, which lets a hung API stall every chat. */
export const API_TIMEOUT_MS = 15_000;

/**
 * A Bot API call that got no answer in time. A timed-out sendMessage may still have reached
 * Telegram; the outbox retries it anyway (at least once): a rare duplicate is better than a
 * reply silently lost, and Telegram offers no idempotency key to do better. Named `FetchError` on purpose: telegraf's polling
 * loop retries a FetchError after a pause, while an AbortError would silently end polling.
 * It carries no `response`, so the outbox treats it as transient (retried).
 */
export class TelegramTimeoutError extends Error {
  override readonly name = 'FetchError';
  readonly code = 'ETIMEDOUT';
  constructor(readonly method: string, readonly timeoutMs: number) {
    super(`Telegram did not answer ${method} within ${Math.round(timeoutMs / 100) / 10} s`);
  }
}

type CallOptions = { signal?: { aborted: boolean; addEventListener(t: 'abort', l: () => void): void; removeEventListener(t: 'abort', l: () => void): void } };
type CallApi = (method: string, payload: Record<string, unknown>, options?: CallOptions) => Promise<unknown>;

/**
 * Gives every call of this Telegram client a deadline. A long poll (getUpdates) gets its own
 * `timeout` on top. The caller's signal (telegraf's polling passes one, from an AbortController
 * shim that AbortSignal.any does not accept) still aborts the call as before.
 */
export function boundCalls(telegram: Telegram, timeoutMs = API_TIMEOUT_MS): void {
  const call = (telegram.callApi as unknown as CallApi).bind(telegram);
  const bounded: CallApi = async (method, payload, options = {}) => {
    const longPoll = method === 'getUpdates' && typeof payload?.timeout === 'number' ? payload.timeout * 1000 : 0;
    const limit = timeoutMs + longPoll;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limit);
    const outer = options.signal;
    const forward = () => controller.abort();
    if (outer?.aborted) controller.abort();
    outer?.addEventListener('abort', forward);
    try {
      return await call(method, payload, { signal: controller.signal });
    } catch (e) {
      if (timedOut) throw new TelegramTimeoutError(method, limit);
      throw e;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
  };
  (telegram as unknown as { callApi: CallApi }).callApi = bounded;
}
