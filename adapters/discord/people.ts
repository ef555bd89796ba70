import { Routes, type REST } from 'discord.js';

/** A small map that forgets its oldest entries past `max`. */
export class Bounded<V> {
  readonly #entries = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** True the first time a key is seen (and remembers it). */
  first(key: string): boolean {
    if (this.#entries.has(key)) return false;
    this.set(key, true as V);
    return true;
  }
}

/**
 * What the adapter remembers of people: their DM channel (asked once: POST /users/@me/channels)
 * and their Discord language. Discord tells a person's locale only in interactions, so the
 * language seen in a slash command or a button press also goes with the DMs they type later.
 */
export class People {
  readonly #dms = new Bounded<string>(50_000);
  readonly #locales = new Bounded<string>(50_000);

  constructor(private readonly rest: REST) {}

  /** The id of the bot's DM with this person, opened when not known yet. Throws what Discord answered. */
  async dmOf(userId: string): Promise<string> {
    const known = this.#dms.get(userId);
    if (known) return known;
    const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id?: string };
    if (!channel.id) throw new Error('POST /users/@me/channels returned no channel');
    this.#dms.set(userId, channel.id);
    return channel.id;
  }

  sawDm(userId: string, channelId: string): void {
    this.#dms.set(userId, channelId);
  }

  sawLocale(userId: string, locale: string | undefined): void {
    if (locale) this.#locales.set(userId, locale);
  }

  localeOf(userId: string): string | undefined {
    return this.#locales.get(userId);
  }
}
