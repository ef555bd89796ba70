/**
 * The week's digest as a broadcast kind: written for each member when it is sent (their
 * language, zone, groups and follows as they are then), and for each chat that receives the
 * whole plan's. A member who stopped, paused or turned the digest off meanwhile is skipped.
 */
import type { BroadcastKind, PlaceKind } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import { groupsOf, interestOf, territoriesOf, wantsDigest, wholePlan } from './audience.ts';
import { composeDigest } from './compose.ts';
import { placeIdOf, placeOfKey, removePlace } from './places.ts';
import { planSnapshot } from './snapshot.ts';

export const WEEK_KIND = 'plandigest.week';

const weekOf = (payload: Record<string, unknown>) => (typeof payload.week === 'string' ? payload.week : undefined);

const places: PlaceKind = {
  find: placeOfKey,
  async render(letter, payload) {
    const monday = weekOf(payload);
    if (!monday) return false;
    const { services } = letter;
    const snap = await planSnapshot(services, monday);
    const territories = territoriesOf(snap.groups.keys(), snap.groups);
    const text = await composeDigest(services, { lang: letter.lang, tz: services.config.tz, interest: wholePlan, territories, monday });
    if (!text) return false;
    letter.say(text);
    return true;
  },
  async gone(services, place) {
    const id = placeIdOf(place.address);
    await removePlace(services.store, id);
    services.log.warn({ place: id }, 'plandigest: a chat refused the digest for good (bot removed, no permission, or channel deleted); it no longer receives it');
  },
};

export const weekKind: BroadcastKind = {
  async render(letter, payload) {
    const monday = weekOf(payload);
    const { services, user } = letter;
    const member = monday ? await networkRecords(services.store).members.get(user.key) : undefined;
    if (!monday || !member || !wantsDigest(member, letter.now)) return false;
    const snap = await planSnapshot(services, monday);
    const groups = await groupsOf(services.store, member);
    const text = await composeDigest(services, { user, lang: letter.lang, tz: member.tz, interest: interestOf(member, groups), territories: territoriesOf(groups, snap.groups), monday });
    if (!text) return false;
    letter.say(text);
    return true;
  },
  places,
};
