import type { SlackApi } from './web-api.ts';
import type { Logger } from '../../src/log/logger.ts';

/** What Slack tells about a person that the core uses: language, time zone, display name. */
export interface SlackPerson {
  locale?: string;
  timeZone?: string;
  name?: string;
}

/** A small map that forgets its oldest entries past `max` and entries older than `ttlMs`. */
class Bounded<V> {
  readonly #entries = new Map<string, { value: V; at: number }>();
  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, now: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, at: now });
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

interface UserInfo {
  user?: { locale?: string; tz?: string; real_name?: string; name?: string; deleted?: boolean; profile?: { display_name?: string; real_name?: string } };
}

/**
 * users.info and conversations.open, asked once per person and remembered: a person's first
 * contact costs two calls (Slack's tiers allow about 100 and 50 a minute), later ones none.
 * A locale or time zone changed in Slack is seen again after `ttlMs` (6 hours).
 */
export class People {
  readonly #people: Bounded<SlackPerson>;
  readonly #dms: Bounded<string>;

  constructor(
    private readonly api: Pick<SlackApi, 'call'>,
    private readonly log: Logger,
    options: { max?: number; ttlMs?: number } = {},
  ) {
    this.#people = new Bounded(options.max ?? 20_000, options.ttlMs ?? 6 * 3600_000);
    // A DM's id never changes: only the bound applies.
    this.#dms = new Bounded(options.max ?? 20_000, Number.POSITIVE_INFINITY);
  }

  /** The person's locale, time zone and name; {} when Slack cannot say now (not remembered then). */
  async about(userId: string): Promise<SlackPerson> {
    const known = this.#people.get(userId, Date.now());
    if (known) return known;
    try {
      const answer = (await this.api.call('users.info', { user: userId, include_locale: true })) as UserInfo;
      const u = answer.user ?? {};
      const person: SlackPerson = {
        ...(u.locale ? { locale: u.locale } : {}),
        ...(u.tz ? { timeZone: u.tz } : {}),
        ...(name(u) ? { name: name(u) } : {}),
      };
      this.#people.set(userId, person, Date.now());
      return person;
    } catch (e) {
      this.log.warn({ err: String(e) }, 'slack users.info failed; going on without the locale');
      return {};
    }
  }

  /** The id of the app's DM with this person, opened when not known yet. Throws what Slack answered. */
  async dmOf(userId: string): Promise<string> {
    const known = this.#dms.get(userId, Date.now());
    if (known) return known;
    const answer = (await this.api.call('conversations.open', { users: userId })) as { channel?: { id?: string } };
    const id = answer.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    this.#dms.set(userId, id, Date.now());
    return id;
  }

  /** A DM seen in an event (message.im, app_home_opened): no call needed later. */
  sawDm(userId: string, dm: string): void {
    if (dm.startsWith('D')) this.#dms.set(userId, dm, Date.now());
  }

  /** The DM this person was last seen in, without asking Slack. */
  knownDm(userId: string): string | undefined {
    return this.#dms.get(userId, Date.now());
  }
}

function name(u: NonNullable<UserInfo['user']>): string | undefined {
  return u.profile?.display_name || u.profile?.real_name || u.real_name || u.name || undefined;
}
