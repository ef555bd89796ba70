/** What a citizen does: follow regions (with a confirmation), list and open stops, leave or pause. */
import { DateTime } from 'luxon';
import { cleanName } from '../../src/core/clean-text.ts';
import type { Choice } from '../../src/core/types.ts';
import type { Turn } from '../../src/engine/index.ts';
import { followsStop } from './audience.ts';
import { card, caravanOf, line, peekCaravan, regionName, stopLabels } from './format.ts';
import { resolveTarget, type Target } from './links.ts';
import { CONTINENT_IDS, continentOf } from './regions.ts';
import { getStop, upcomingStops } from './stops.ts';
import type { Stop } from './types.ts';
import { calendarRow, rsvpRow, sayRows } from './ui.ts';
import { caravanRecords, indexSubscription } from './data.ts';
import { act } from './act.ts';

/** The person of this turn as the caravan's records name them. */
export const whoOf = (turn: Turn) => ({ key: turn.user.key, channel: turn.user.contact.channel });

const SNOOZE_DAYS = 7;
const LISTED = 8;

const regionLabel = (turn: Turn, region: string) => regionName(turn.t, region, turn.lang);

function followingText(turn: Turn): string {
  const sub = peekCaravan(turn.user)?.sub;
  if (!sub) return turn.t('caravan:menu.notFollowing');
  const regions = sub.all ? [turn.t('caravan:region.all')] : sub.regions.map((r) => regionLabel(turn, r));
  return turn.t('caravan:menu.following', { regions: regions.join(', ') });
}

/** /caravan: where the person stands and what they can do. */
export async function menu(turn: Turn): Promise<void> {
  const t = turn.t;
  const upcoming = await upcomingStops(turn.services.store, turn.now);
  const subscribed = Boolean(peekCaravan(turn.user)?.sub);
  const lines = [t('caravan:menu.title'), followingText(turn), t('caravan:menu.upcoming', { count: upcoming.length })];
  if (turn.isManager) lines.push('', t('caravan:menu.managerHint'));
  const rows: Choice[][] = [
    [act(t('caravan:menu.list'), 'cv', 'list')],
    [
      act(t('caravan:menu.followAll'), 'cvask', 'all'),
      act(t('caravan:menu.pickRegion'), 'cv', 'pick'),
    ],
  ];
  if (subscribed) rows.push([act(t('caravan:sub.stopButton'), 'cvstop')]);
  sayRows(turn, lines.join('\n'), rows);
}

/** Upcoming stops, with a button to open each of the first few. */
export async function list(turn: Turn): Promise<void> {
  const t = turn.t;
  const upcoming = await upcomingStops(turn.services.store, turn.now);
  if (upcoming.length === 0) {
    turn.say(t('caravan:list.none'));
    return;
  }
  const text = [t('caravan:list.title'), ...upcoming.map((s) => line(s, turn.lang))].join('\n');
  const shown = upcoming.slice(0, LISTED);
  const labels = stopLabels(shown, turn.lang);
  turn.say(text, shown.map((s, i) => act(labels[i]!, 'cvshow', s.id)), 2);
}

/** One stop: its card, the answer buttons and the calendar button. */
export function showStop(turn: Turn, stop: Stop, intro?: string): void {
  const text = intro ? `${intro}\n\n${card(turn.t, stop, turn.lang)}` : card(turn.t, stop, turn.lang);
  if (stop.status === 'cancelled') return turn.say(text);
  sayRows(turn, text, [rsvpRow(turn.t, stop), calendarRow(turn.t, stop)]);
}

/** Regions to choose from: all, continents with stops, countries with stops. */
export async function pickRegion(turn: Turn): Promise<void> {
  const upcoming = await upcomingStops(turn.services.store, turn.now);
  const countries = [...new Set(upcoming.map((s) => s.country.toLowerCase()))];
  const continents = CONTINENT_IDS.filter((c) => upcoming.some((s) => continentOf(s.country) === c));
  const regions = ['all', ...(continents.length ? continents : CONTINENT_IDS), ...countries];
  turn.say(turn.t('caravan:sub.pick'), regions.map((r) => act(regionLabel(turn, r), 'cvask', r)), 2);
}

/** The double opt-in: nothing is stored until the person presses "Yes". */
export function askToFollow(turn: Turn, region: string, stopId?: string): void {
  const t = turn.t;
  turn.say(t('caravan:sub.confirm', { region: regionLabel(turn, region) }), [
    act(t('caravan:sub.yes'), 'cvyes', stopId ? `${region}:${stopId}` : region),
    act(t('caravan:sub.no'), 'cvno'),
  ], 1);
}

/** A region or stop from a link or `/caravan join`: one confirmation away from following it. */
export async function join(turn: Turn, typed: string): Promise<void> {
  const target: Target | undefined = await resolveTarget(turn.services, typed);
  if (!target) {
    turn.say(turn.t('caravan:join.unknown', { target: cleanName(typed).slice(0, 40) }));
    return;
  }
  const data = peekCaravan(turn.user);
  const stopId = target.kind === 'stop' ? target.stop.id : undefined;
  const covered = target.kind === 'stop' ? followsStop(data, target.stop) : Boolean(data?.sub && (data.sub.all || data.sub.regions.includes(target.region)));
  if (!covered) return askToFollow(turn, target.region, stopId);
  if (target.kind === 'stop') showStop(turn, target.stop, turn.t('caravan:sub.already', { region: regionLabel(turn, target.region) }));
  else turn.say(turn.t('caravan:sub.already', { region: regionLabel(turn, target.region) }));
}

/** "Yes": the subscription is stored (durably, before this confirmation goes out). */
export async function confirmFollow(turn: Turn, arg: string): Promise<void> {
  const [region = '', stopId] = arg.split(':');
  const valid = region === 'all' || CONTINENT_IDS.includes(region) || /^[a-z]{2}$/.test(region);
  if (!valid) {
    turn.say(turn.t('common:button.invalid'));
    return;
  }
  const stop = stopId ? await getStop(turn.services.store, stopId) : undefined;
  // Checked and recorded in the same turn (the engine runs one event per person at a time): of
  // many presses of the same confirmation, the first subscribes and the others are told so.
  const before = peekCaravan(turn.user)?.sub;
  if (before && (before.all || (region !== 'all' && before.regions.includes(region)))) {
    const already = turn.t('caravan:sub.already', { region: regionLabel(turn, region) });
    return stop ? showStop(turn, stop, already) : turn.say(already);
  }
  const data = caravanOf(turn.user);
  data.sub = {
    all: region === 'all' || Boolean(before?.all),
    regions: region === 'all' ? (before?.regions ?? []) : [...new Set([...(before?.regions ?? []), region])],
    since: before?.since ?? turn.now.toISOString(),
  };
  delete data.unsubscribedAt;
  await indexSubscription(await caravanRecords(turn.services.store), whoOf(turn), data.sub);
  // Announcements are written in this language: keep the one the person reads now.
  turn.user.lang ??= turn.lang;
  const done = turn.t('caravan:sub.done', { region: regionLabel(turn, region) });
  if (stop) return showStop(turn, stop, done);
  const upcoming = (await upcomingStops(turn.services.store, turn.now)).filter((s) => followsStop(data, s));
  turn.say([done, ...(upcoming.length ? [turn.t('caravan:sub.next'), ...upcoming.slice(0, LISTED).map((s) => line(s, turn.lang))] : [])].join('\n'));
}

export async function unsubscribe(turn: Turn): Promise<void> {
  const data = peekCaravan(turn.user);
  if (!data?.sub) {
    turn.say(turn.t('caravan:sub.notFollowing'));
    return;
  }
  delete data.sub;
  delete data.snoozeUntil;
  data.unsubscribedAt = turn.now.toISOString();
  await indexSubscription(await caravanRecords(turn.services.store), whoOf(turn), undefined);
  turn.say(turn.t('caravan:sub.stopped'));
}

export function snooze(turn: Turn): void {
  const data = peekCaravan(turn.user);
  if (!data?.sub) {
    turn.say(turn.t('caravan:sub.notFollowing'));
    return;
  }
  const until = new Date(turn.now.getTime() + SNOOZE_DAYS * 24 * 60 * 60 * 1000);
  data.snoozeUntil = until.toISOString();
  turn.say(turn.t('caravan:sub.snoozed', { until: DateTime.fromJSDate(until).setLocale(turn.lang).toLocaleString(DateTime.DATE_FULL) }));
}
