/**
 * Announcement places: shared chats (a Discord server channel, a Telegram group, a Slack channel)
 * that receive each caravan announcement once, in their own language, besides every subscriber's
 * private chat. A manager adds one by typing `/caravan channel here` in it; the record names the
 * chat and the manager's pseudonym, never a person's platform id.
 */
import type { Address } from '../../src/core/types.ts';
import type { GroupContext, Services, Store } from '../../src/engine/index.ts';
import { UserError } from '../../src/engine/index.ts';
import { caravanRecords } from './data.ts';
import { every, type PlaceRecord } from './records.ts';

/** The ledger key of a place in a broadcast: apart from the people's user keys. */
export const PLACE_KEY = 'place:';

/** The place record id of a chat: its channel, chat and thread, which together name it once. */
export const placeIdOf = (a: Pick<Address, 'channel' | 'chatId' | 'thread'>) => [a.channel, a.chatId, ...(a.thread ? [a.thread] : [])].join(':');

/**
 * The chat's address as sent to. It names no person: `userId` is a fixed word, so a chat that
 * refuses a message (the outbox's "left") can never be taken for someone's private chat.
 */
export const placeAddress = (p: PlaceRecord): Address => ({ channel: p.channel, chatId: p.chatId, userId: 'place', group: true, ...(p.thread ? { thread: p.thread } : {}) });

export async function allPlaces(store: Store): Promise<PlaceRecord[]> {
  return every((await caravanRecords(store)).places);
}

export async function getPlace(store: Store, id: string): Promise<PlaceRecord | undefined> {
  return (await caravanRecords(store)).places.get(id);
}

/**
 * Keeps the chat as a place in `lang`. Decided inside one update of its record: the same command
 * twice (a retried or replayed one) changes nothing the second time.
 */
export async function addPlace(store: Store, address: Address, lang: string, by: string | undefined, now: Date): Promise<'added' | 'changed' | 'already'> {
  const { places } = await caravanRecords(store);
  const id = placeIdOf(address);
  let outcome: 'added' | 'changed' | 'already' = 'already';
  await places.update(id, (cur) => {
    if (cur && cur.lang === lang) return cur;
    outcome = cur ? 'changed' : 'added';
    return { id, channel: address.channel, chatId: address.chatId, ...(address.thread ? { thread: address.thread } : {}), lang, ...(by ? { by } : {}), at: now.toISOString() };
  });
  return outcome;
}

/** True when the place was kept (and is not any more). */
export async function removePlace(store: Store, id: string): Promise<boolean> {
  return (await caravanRecords(store)).places.delete(id);
}

/** /forget: places the person added stay, without their pseudonym. */
export async function forgetPlacesBy(store: Store, pseudonym: string): Promise<void> {
  const { places } = await caravanRecords(store);
  for (const p of await every(places, { where: { by: pseudonym } })) {
    await places.update(p.id, (cur) => {
      if (cur?.by !== pseudonym) return cur;
      const { by: _gone, ...rest } = cur;
      return rest;
    });
  }
}

/** The places a person added (/mydata), by their pseudonym. */
export async function placesBy(store: Store, pseudonym: string): Promise<{ place: string; at: string }[]> {
  return (await every((await caravanRecords(store)).places, { where: { by: pseudonym } })).map((p) => ({ place: p.id, at: p.at }));
}

/** One line per place, for a manager. */
export function placeLines(ctx: { t: GroupContext['t'] }, places: PlaceRecord[]): string {
  if (places.length === 0) return ctx.t('caravan:places.none');
  return [ctx.t('caravan:places.title'), ...places.map((p) => ctx.t('caravan:places.line', { id: p.id, lang: p.lang, date: p.at.slice(0, 10) }))].join('\n');
}

/** `/caravan channel here|off|list` typed in a group chat. */
export const CHANNEL_WORD = 'channel';
const words = (args: string) => args.trim().toLowerCase().split(/\s+/);
export const isChannelCommand = (args: string) => words(args)[0] === CHANNEL_WORD;

/** A language the manager named (`/caravan channel here fr`), else the chat's own, else the person's. */
function languageOf(ctx: GroupContext, typed: string | undefined): string {
  const { i18n } = ctx.services;
  if (typed) {
    const lang = i18n.languages.includes(typed) ? typed : undefined;
    if (!lang) throw new UserError('caravan:places.unknownLanguage', { lang: typed.slice(0, 10), languages: i18n.languages.join(', ') });
    return lang;
  }
  return ctx.place.lang ?? ctx.lang;
}

export async function channelInGroup(ctx: GroupContext, args: string): Promise<void> {
  const [, sub = '', lang] = words(args);
  const { store, log } = ctx.services;
  if (!ctx.isManager) {
    log.warn({ pseudonym: ctx.pseudonym ?? 'unknown', command: `caravan channel ${sub}`.trim() }, 'caravan: manager command refused to a non-manager');
    ctx.say(ctx.t('caravan:places.refused'));
    return;
  }
  const here = ctx.place.address;
  switch (sub) {
    case 'here': {
      const language = languageOf(ctx, lang);
      const outcome = await addPlace(store, here, language, ctx.pseudonym, ctx.now);
      const name = languageName(language, ctx.lang);
      if (outcome !== 'already') log.info({ place: placeIdOf(here), lang: language, by: ctx.pseudonym ?? 'unknown' }, 'caravan: announcement place added');
      ctx.say(ctx.t(outcome === 'already' ? 'caravan:places.already' : 'caravan:places.added', { language: name }));
      return;
    }
    case 'off': {
      const removed = await removePlace(store, placeIdOf(here));
      if (removed) log.info({ place: placeIdOf(here), by: ctx.pseudonym ?? 'unknown' }, 'caravan: announcement place removed');
      ctx.say(ctx.t(removed ? 'caravan:places.removed' : 'caravan:places.notHere'));
      return;
    }
    case 'list':
      ctx.say(placeLines(ctx, await allPlaces(store)));
      return;
    default:
      ctx.say(ctx.t('caravan:places.usage'));
  }
}

export function languageName(lang: string, inLang: string): string {
  try {
    return new Intl.DisplayNames([inLang], { type: 'language', fallback: 'code' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

/** A place a broadcast goes to, from its ledger key. */
export async function placeOfKey(services: Services, key: string): Promise<{ key: string; address: Address; lang: string } | undefined> {
  if (!key.startsWith(PLACE_KEY)) return undefined;
  const p = await getPlace(services.store, key.slice(PLACE_KEY.length));
  return p && { key, address: placeAddress(p), lang: services.i18n.languages.includes(p.lang) ? p.lang : services.config.lang };
}

/** Every place as a broadcast recipient. */
export async function placeRecipients(store: Store): Promise<{ key: string; channel: string; place: true }[]> {
  return (await allPlaces(store)).map((p) => ({ key: `${PLACE_KEY}${p.id}`, channel: p.channel, place: true as const }));
}
