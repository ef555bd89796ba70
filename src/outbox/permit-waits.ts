import type Bottleneck from 'bottleneck';

/** Called once a chat's message is done, with when its last platform call started (none: no call). */
export type Release = (lastCallAt?: number) => void;

/** Waits until `at` (epoch ms), or rejects when `signal` aborts. */
export function until(at: number, signal: AbortSignal): Promise<void> {
  const ms = at - Date.now();
  if (signal.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves with `promise`, or rejects as soon as `signal` aborts (the promise then runs on unheard). */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** A Bottleneck Group's idle clean-up timer has no public stop; a Group no longer used must not keep it running. */
export function stopGroup(group: Bottleneck.Group): void {
  clearInterval((group as unknown as { interval?: NodeJS.Timeout }).interval);
}
