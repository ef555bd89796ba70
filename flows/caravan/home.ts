import { nextAllowed, type HomeSection } from '../../src/engine/index.ts';
import type { CaravanContext as Ctx } from './act.ts';
import { followsStop } from './audience.ts';
import { peekCaravan, readerWhen, regionName, shortWhen, stopLabels } from './format.ts';
import { reminderMoments } from './reminders.ts';
import { upcomingStops } from './stops.ts';

/** Stops shown on the home screen at most; the menu's list has them all. */
const SHOWN = 5;

/**
 * The caravan on the person's home screen: the regions they follow, the next stops there with
 * their answer and the reminders still to come (in the person's own time zone), a button to
 * open each stop and one to the caravan menu.
 */
export async function caravanHome(ctx: Ctx): Promise<HomeSection[]> {
  const t = ctx.t;
  const data = peekCaravan(ctx.document());
  const menu = ctx.button(t('caravan:home.menu'), 'cv', 'menu');
  const sub = data?.sub;
  if (!sub) return [{ text: [t('caravan:home.title'), t('caravan:menu.notFollowing')].join('\n'), buttons: [menu] }];

  const regions = sub.all ? [t('caravan:region.all')] : sub.regions.map((r) => regionName(t, r, ctx.lang));
  const lines = [t('caravan:home.title'), t('caravan:menu.following', { regions: regions.join(', ') })];
  const stops = (await upcomingStops(ctx.services.store, ctx.now)).filter((s) => followsStop(data, s)).slice(0, SHOWN);
  if (stops.length === 0) lines.push(t('caravan:home.noStops'));
  for (const stop of stops) {
    const answer = data.rsvp[stop.id]?.answer;
    lines.push(t('caravan:home.stop', { when: shortWhen(stop, ctx.lang), town: stop.town, venue: stop.venue, answer: t(`caravan:home.answer.${answer ?? 'none'}`) }));
    const theirs = readerWhen(stop, ctx.lang, ctx.person.tz);
    if (theirs) lines.push(`   ${t('caravan:card.yourTime', { when: theirs })}`);
    // Reminders go to those going or maybe (broadcasts.ts): only theirs are announced here, when
    // they will arrive: a moment in the person's night waits for their morning.
    const moments = answer === 'going' || answer === 'maybe' ? reminderMoments(stop, ctx.now) : [];
    const arrival = (at: Date) => nextAllowed(at, ctx.person.tz, stop.tz);
    if (moments.length > 0) lines.push(t('caravan:home.reminders', { when: moments.map((m) => ctx.localTime(arrival(m.at.toJSDate()))).join(' · ') }));
  }
  const labels = stopLabels(stops, ctx.lang);
  return [{ text: lines.join('\n'), buttons: [...stops.map((s, i) => ctx.button(labels[i]!, 'cvshow', s.id)), menu] }];
}
