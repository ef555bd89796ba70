/**
 * The announcement as a shared chat shows it: the stop in the chat's language and how to answer
 * privately. No button: a button in a shared chat would act for whoever presses it, and the
 * core's buttons belong to one person. Everyone answers in their own private chat instead
 * (on Discord, `/caravan join <stop>` typed in the server goes on in the person's DM).
 */
import { link, type PlaceKind } from '../../src/engine/index.ts';
import { card } from './format.ts';
import { JOIN_PREFIX } from './links.ts';
import { placeIdOf, placeOfKey, removePlace } from './places.ts';
import { getStop, isPast } from './stops.ts';

export const announcementPlaces: PlaceKind = {
  find: placeOfKey,
  async render(letter, payload) {
    const { services, place, t, lang } = letter;
    const stop = await getStop(services.store, String(payload.stopId));
    if (!stop || stop.status !== 'scheduled' || isPast(stop, letter.now)) return false;
    const channel = place.address.channel;
    const url = link(services, channel, `${JOIN_PREFIX}${stop.id}`) ?? link(services, channel);
    const how = t('caravan:places.howToAnswer', { command: `/caravan join ${stop.id}` });
    letter.say([t('caravan:announce.intro'), '', card(t, stop, lang), '', how, ...(url ? [t('caravan:places.privateLink', { link: url })] : [])].join('\n'));
    return true;
  },
  async gone(services, place) {
    const id = placeIdOf(place.address);
    await removePlace(services.store, id);
    services.log.warn({ place: id }, 'caravan: an announcement place refused the message for good (bot removed, no permission, or channel deleted); it is dropped from the places');
  },
};
