// Slack's published rate limits: chat.postMessage allows about one message per second per
// conversation with short bursts; other methods belong to tiers counted per method per workspace
// (Tier 1: 1+/min, Tier 2: 20+/min, Tier 3: 50+/min, Tier 4: 100+/min, bursts tolerated).
// Over a limit, Slack answers HTTP 429 with Retry-After in whole seconds.
import { TokenBucket } from '../shared/token-bucket.ts';
import type { SlackLimitOptions } from './types.ts';

const TIERS = {
  1: { perMinute: 1, burst: 5 },
  2: { perMinute: 20, burst: 20 },
  3: { perMinute: 50, burst: 50 },
  4: { perMinute: 100, burst: 100 },
} as const;

/** Documented tiers of the methods the fake serves; the others (auth.test…) are "special" and not limited here. */
const METHOD_TIER: Record<string, keyof typeof TIERS> = {
  'apps.connections.open': 1,
  'chat.update': 3,
  'chat.delete': 3,
  'chat.postEphemeral': 4,
  'conversations.open': 3,
  'conversations.info': 3,
  // Tier 3 for a workspace's own apps (Slack lowered it for some distributed apps in 2025).
  'conversations.history': 3,
  'bots.info': 3,
  'users.info': 4,
  'views.publish': 4,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
  'team.info': 3,
};

export class RateLimits {
  private readonly cfg: Required<SlackLimitOptions> | undefined;
  private readonly conversations = new Map<string, TokenBucket>();
  private readonly methods = new Map<string, TokenBucket>();

  constructor(options: boolean | SlackLimitOptions | undefined) {
    const given = typeof options === 'object' ? options : {};
    this.cfg = options === false ? undefined : { perConversationPerSecond: 1, conversationBurst: 3, tiers: true, clock: () => performance.now(), ...given };
  }

  /** Seconds to wait before `method` may be called again, or 0 when the call may go ahead. */
  method(method: string): number {
    const cfg = this.cfg;
    const tier = METHOD_TIER[method];
    if (!cfg?.tiers || tier === undefined) return 0;
    const now = cfg.clock();
    let bucket = this.methods.get(method);
    if (!bucket) this.methods.set(method, (bucket = new TokenBucket(TIERS[tier].burst, TIERS[tier].perMinute / 60_000, now)));
    return toSeconds(bucket.takeIfFree(now));
  }

  /** Seconds to wait before another message may be posted to `conversation`, or 0 (and the message is counted). */
  post(conversation: string): number {
    const cfg = this.cfg;
    if (!cfg) return 0;
    const now = cfg.clock();
    let bucket = this.conversations.get(conversation);
    if (!bucket) this.conversations.set(conversation, (bucket = new TokenBucket(cfg.conversationBurst, cfg.perConversationPerSecond / 1000, now)));
    return toSeconds(bucket.takeIfFree(now));
  }
}

/** Retry-After is whole seconds (WebClient parses it with parseInt), at least 1 when limited. */
const toSeconds = (waitMs: number): number => (waitMs <= 0 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)));
