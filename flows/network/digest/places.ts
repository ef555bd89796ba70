/**
 * Chats that receive the whole plan's digest: a manager types `/plan digest here` in a Slack
 * channel, a Discord channel or a Telegram group. The record names the chat and the manager's
 * pseudonym, never a person's platform id.
 */
import type { Address } from '../../../src/core/types.ts';
import { every, UserError, type GroupContext, type Place, type Services, type Store } from '../../../src/engine/index.ts';
import { digestRecords, type DigestPlace } from './records.ts';
import { zoneInUse } from './zones.ts';

/** A place's key in a digest's ledger, apart from the people's user keys. */
export const PLACE_KEY = 'place:';

export const placeIdOf = (a: Pick<Address, 'channel' | 'chatId' | 'thread'>) => [a.channel, a.chatId, ...(a.thread ? [a.thread] : [])].join(':');

/** The chat as sent to; `userId` is a fixed word, so a refusal there is never taken for a person's. */
const placeAddress = (p: DigestPlace): Address => ({ channel: p.channel, chatId: p.chatId, userId: 'place', group: true, ...(p.thread ? { thread: p.thread } : {}) });

export async function allPlaces(store: Store): Promise<DigestPlace[]> {
  return every(digestRecords(store).places);
}

/** Every place, as recipients of a week's digest. */
export async function placeRecipients(store: Store): Promise<{ key: string; channel: string; place: true }[]> {
  return (await allPlaces(store)).map((p) => ({ key: `${PLACE_KEY}${p.id}`, channel: p.channel, place: true as const }));
}

export async function placeOfKey(services: Services, key: string): Promise<Place | undefined> {
  if (!key.startsWith(PLACE_KEY)) return undefined;
  const p = await digestRecords(services.store).places.get(key.slice(PLACE_KEY.length));
  return p && { key, address: placeAddress(p), lang: services.i18n.languages.includes(p.lang) ? p.lang : services.config.lang };
}

export async function removePlace(store: Store, id: string): Promise<boolean> {
  return digestRecords(store).places.delete(id);
}

/** Decided inside one update of the record: the same command twice changes nothing the second time. */
async function addPlace(store: Store, a: Address, lang: string, by: string | undefined, now: Date): Promise<'added' | 'changed' | 'already'> {
  const id = placeIdOf(a);
  let outcome: 'added' | 'changed' | 'already' = 'already';
  await digestRecords(store).places.update(id, (cur) => {
    if (cur && cur.lang === lang) return cur;
    outcome = cur ? 'changed' : 'added';
    return { id, channel: a.channel, chatId: a.chatId, ...(a.thread ? { thread: a.thread } : {}), lang, ...(by ? { by } : {}), at: now.toISOString() };
  });
  return outcome;
}

/** The places a person added (/mydata). */
export async function placesBy(store: Store, pseudonym: string): Promise<{ place: string; at: string }[]> {
  return (await every(digestRecords(store).places, { where: { by: pseudonym } })).map((p) => ({ place: p.id, at: p.at }));
}

/** /forget: the places the person added keep receiving the digest, with nobody named. */
export async function forgetPlacesBy(store: Store, pseudonym: string): Promise<void> {
  const { places } = digestRecords(store);
  for (const p of await every(places, { where: { by: pseudonym } })) {
    await places.update(p.id, (cur) => {
      if (cur?.by !== pseudonym) return cur;
      const { by: _gone, ...rest } = cur;
      return rest;
    });
  }
}

const words = (args: string) => args.trim().toLowerCase().split(/\s+/);

/** `/plan digest …` is the digest's in a group; every other `/plan …` there gets the pointer to the private chat. */
export const isDigestCommand = (args: string) => words(args)[0] === 'digest';

function languageName(lang: string, inLang: string): string {
  try {
    return new Intl.DisplayNames([inLang], { type: 'language', fallback: 'code' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

/** A language the manager named (`/plan digest here fr`), else the chat's own, else the manager's. */
function languageOf(ctx: GroupContext, typed: string | undefined): string {
  const { languages } = ctx.services.i18n;
  if (!typed) return ctx.place.lang ?? ctx.lang;
  if (!languages.includes(typed)) throw new UserError('plan-digest:place.unknownLanguage', { lang: typed.slice(0, 10), languages: languages.join(', ') });
  return typed;
}

/** `/plan digest here [language] | off | list`, typed in a group chat by a manager. */
export async function digestInGroup(ctx: GroupContext, args: string): Promise<void> {
  const [, sub = '', lang] = words(args);
  const { store, log, config } = ctx.services;
  if (!ctx.isManager) {
    log.warn({ pseudonym: ctx.pseudonym ?? 'unknown', command: `plan digest ${sub}`.trim() }, 'plandigest: manager command refused to a non-manager');
    ctx.say(ctx.t('plan-digest:place.refused'));
    return;
  }
  const here = ctx.place.address;
  const id = placeIdOf(here);
  if (sub === 'here') {
    const language = languageOf(ctx, lang);
    const outcome = await addPlace(store, here, language, ctx.pseudonym, ctx.now);
    // The chats' digest goes at Monday 09:00 of the bot's zone: that zone's job must run.
    await zoneInUse(ctx.services, config.tz);
    if (outcome !== 'already') log.info({ place: id, lang: language, by: ctx.pseudonym ?? 'unknown' }, 'plandigest: a chat receives the weekly digest');
    ctx.say(ctx.t(outcome === 'already' ? 'plan-digest:place.already' : 'plan-digest:place.added', { language: languageName(language, ctx.lang), tz: config.tz }));
  } else if (sub === 'off') {
    const removed = await removePlace(store, id);
    if (removed) log.info({ place: id, by: ctx.pseudonym ?? 'unknown' }, 'plandigest: a chat no longer receives the weekly digest');
    ctx.say(ctx.t(removed ? 'plan-digest:place.removed' : 'plan-digest:place.notHere'));
  } else if (sub === 'list') {
    const places = await allPlaces(store);
    const lines = places.map((p) => ctx.t('plan-digest:place.line', { id: p.id, lang: p.lang, date: p.at.slice(0, 10) }));
    ctx.say(places.length ? [ctx.t('plan-digest:place.title'), ...lines].join('\n') : ctx.t('plan-digest:place.none'));
  } else {
    ctx.say(ctx.t('plan-digest:place.usage'));
  }
}
