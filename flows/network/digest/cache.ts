import type { Services } from '../../../src/engine/index.ts';

/** Long enough for one week's sending of every zone due at once; short enough that an edit shows next time. */
const TTL_MS = 10 * 60 * 1000;

const caches = new WeakMap<Services, Map<string, { until: number; value: Promise<unknown> }>>();

/**
 * A value shared by every digest of one run (the plan's events, the open SPIRAL groups): computed
 * once and kept a few minutes, so 10,000 digests cost one query each, not 10,000. A failed
 * computation is not kept.
 */
export function sharedValue<T>(services: Services, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(services);
  if (!cache) caches.set(services, (cache = new Map()));
  const now = performance.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.value as Promise<T>;
  for (const [k, v] of cache) if (v.until <= now) cache.delete(k);
  const value = compute();
  cache.set(key, { until: now + TTL_MS, value });
  value.catch(() => cache.delete(key));
  return value;
}
