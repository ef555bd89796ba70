/** What a citizen does: follow regions (with a confirmation), list and open stops, leave or pause. */
import { DateTime } from 'luxon';
import { cleanName } from '../../src/core/clean-text.ts';
import type { Choice } from '../../src/core/types.ts';
import { UserError } from '../../src/engine/index.ts';
import type { CaravanContext as Ctx } from './act.ts';
import type { CaravanData } from './types.ts';
import { followsStop } from './audience.ts';
import { card, line, peekCaravan, regionName, stopLabels } from './format.ts';
import { resolveTarget, type Target } from './links.ts';
import { CONTINENT_IDS, continentOf } from './regions.ts';
import { getStop, upcomingStops } from './stops.ts';
import type { Stop } from './types.ts';
import { calendarRow, rsvpRow } from './ui.ts';
import { caravanRecords, indexSubscription } from './data.ts';
import { act } from './act.ts';


/** The person of this turn as the caravan's records name them. */
export const whoOf = (ctx: Ctx) => ({ key: ctx.person.key, channel: ctx.document().contact.channel });

/** The caravan's data about the person, without creating it. */
const peek = (ctx: Ctx): CaravanData | undefined => peekCaravan(ctx.document());

const SNOOZE_DAYS = 7;
const LISTED = 8;

const regionLabel = (ctx: Ctx, region: string) => regionName(ctx.t, region, ctx.lang);

function followingText(ctx: Ctx): string {
  const sub = peek(ctx)?.sub;
  if (!sub) return ctx.t('caravan:menu.notFollowing');
  const regions = sub.all ? [ctx.t('caravan:region.all')] : sub.regions.map((r) => regionLabel(ctx, r));
  return ctx.t('caravan:menu.following', { regions: regions.join(', ') });
}

/** /caravan: where the person stands and what they can do. */
export async function menu(ctx: Ctx): Promise<void> {
  const t = ctx.t;
  const upcoming = await upcomingStops(ctx.services.store, ctx.now);
  const subscribed = Boolean(peek(ctx)?.sub);
  const lines = [t('caravan:menu.title'), followingText(ctx), t('caravan:menu.upcoming', { count: upcoming.length })];
  if (ctx.isManager) lines.push('', t('caravan:menu.managerHint'));
  const rows: Choice[][] = [
    [act(t('caravan:menu.list'), 'cv', 'list')],
    [
      act(t('caravan:menu.followAll'), 'cvask', 'all'),
      act(t('caravan:menu.pickRegion'), 'cv', 'pick'),
    ],
  ];
  if (subscribed) rows.push([act(t('caravan:sub.stopButton'), 'cvstop')]);
  ctx.sayRows(lines.join('\n'), rows);
}

/** Upcoming stops, with a button to open each of the first few. */
export async function list(ctx: Ctx): Promise<void> {
  const t = ctx.t;
  const upcoming = await upcomingStops(ctx.services.store, ctx.now);
  if (upcoming.length === 0) {
    ctx.say(t('caravan:list.none'));
    return;
  }
  const text = [t('caravan:list.title'), ...upcoming.map((s) => line(s, ctx.lang))].join('\n');
  const shown = upcoming.slice(0, LISTED);
  const labels = stopLabels(shown, ctx.lang);
  ctx.say(text, shown.map((s, i) => act(labels[i]!, 'cvshow', s.id)), 2);
}

/** One stop: its card, the answer buttons and the calendar button. */
export function showStop(ctx: Ctx, stop: Stop, intro?: string): void {
  const shown = card(ctx.t, stop, ctx.lang, ctx.person.tz);
  const text = intro ? `${intro}\n\n${shown}` : shown;
  if (stop.status === 'cancelled') return ctx.say(text);
  ctx.sayRows(text, [rsvpRow(ctx.t, stop), calendarRow(ctx.t, stop)]);
}

/** Regions to choose from: all, continents with stops, countries with stops. */
export async function pickRegion(ctx: Ctx): Promise<void> {
  const upcoming = await upcomingStops(ctx.services.store, ctx.now);
  const countries = [...new Set(upcoming.map((s) => s.country.toLowerCase()))];
  const continents = CONTINENT_IDS.filter((c) => upcoming.some((s) => continentOf(s.country) === c));
  const regions = ['all', ...(continents.length ? continents : CONTINENT_IDS), ...countries];
  ctx.say(ctx.t('caravan:sub.pick'), regions.map((r) => act(regionLabel(ctx, r), 'cvask', r)), 2);
}

/** The double opt-in: nothing is stored until the person presses "Yes". */
export function askToFollow(ctx: Ctx, region: string, stopId?: string): void {
  const t = ctx.t;
  ctx.say(t('caravan:sub.confirm', { region: regionLabel(ctx, region) }), [
    act(t('caravan:sub.yes'), 'cvyes', stopId ? `${region}:${stopId}` : region),
    act(t('caravan:sub.no'), 'cvno'),
  ], 1);
}

/** A region or stop from a link or `/caravan join`: one confirmation away from following it. */
export async function join(ctx: Ctx, typed: string): Promise<void> {
  const target: Target | undefined = await resolveTarget(ctx.services, typed);
  if (!target) {
    ctx.say(ctx.t('caravan:join.unknown', { target: cleanName(typed).slice(0, 40) }));
    return;
  }
  const data = peek(ctx);
  const stopId = target.kind === 'stop' ? target.stop.id : undefined;
  const covered = target.kind === 'stop' ? followsStop(data, target.stop) : Boolean(data?.sub && (data.sub.all || data.sub.regions.includes(target.region)));
  if (!covered) return askToFollow(ctx, target.region, stopId);
  if (target.kind === 'stop') showStop(ctx, target.stop, ctx.t('caravan:sub.already', { region: regionLabel(ctx, target.region) }));
  else ctx.say(ctx.t('caravan:sub.already', { region: regionLabel(ctx, target.region) }));
}

/** "Yes": the subscription is stored (durably, before this confirmation goes out). */
export async function confirmFollow(ctx: Ctx, arg: string): Promise<void> {
  const [region = '', stopId] = arg.split(':');
  const valid = region === 'all' || CONTINENT_IDS.includes(region) || /^[a-z]{2}$/.test(region);
  if (!valid) throw new UserError('common:button.invalid');
  const stop = stopId ? await getStop(ctx.services.store, stopId) : undefined;
  // Checked and recorded in the same turn (the engine runs one event per person at a time): of
  // many presses of the same confirmation, the first subscribes and the others are told so.
  const before = peek(ctx)?.sub;
  if (before && (before.all || (region !== 'all' && before.regions.includes(region)))) {
    const already = ctx.t('caravan:sub.already', { region: regionLabel(ctx, region) });
    return stop ? showStop(ctx, stop, already) : ctx.say(already);
  }
  const data = ctx.data;
  data.sub = {
    all: region === 'all' || Boolean(before?.all),
    regions: region === 'all' ? (before?.regions ?? []) : [...new Set([...(before?.regions ?? []), region])],
    since: before?.since ?? ctx.now.toISOString(),
  };
  delete data.unsubscribedAt;
  await indexSubscription(await caravanRecords(ctx.services.store), whoOf(ctx), data.sub);
  // Announcements are written in this language: keep the one the person reads now.
  if (!ctx.person.lang) ctx.setLanguage(ctx.lang);
  const done = ctx.t('caravan:sub.done', { region: regionLabel(ctx, region) });
  if (stop) return showStop(ctx, stop, done);
  const upcoming = (await upcomingStops(ctx.services.store, ctx.now)).filter((s) => followsStop(data, s));
  ctx.say([done, ...(upcoming.length ? [ctx.t('caravan:sub.next'), ...upcoming.slice(0, LISTED).map((s) => line(s, ctx.lang))] : [])].join('\n'));
}

export async function unsubscribe(ctx: Ctx): Promise<void> {
  const data = peek(ctx);
  if (!data?.sub) {
    ctx.say(ctx.t('caravan:sub.notFollowing'));
    return;
  }
  delete data.sub;
  delete data.snoozeUntil;
  data.unsubscribedAt = ctx.now.toISOString();
  await indexSubscription(await caravanRecords(ctx.services.store), whoOf(ctx), undefined);
  ctx.say(ctx.t('caravan:sub.stopped'));
}

export function snooze(ctx: Ctx): void {
  const data = peek(ctx);
  if (!data?.sub) {
    ctx.say(ctx.t('caravan:sub.notFollowing'));
    return;
  }
  const until = new Date(ctx.now.getTime() + SNOOZE_DAYS * 24 * 60 * 60 * 1000);
  data.snoozeUntil = until.toISOString();
  ctx.say(ctx.t('caravan:sub.snoozed', { until: DateTime.fromJSDate(until).setLocale(ctx.lang).toLocaleString(DateTime.DATE_FULL) }));
}
