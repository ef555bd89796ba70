/**
 * The plan's own parts of a digest: the current phase and what it asks of the reader's groups,
 * this week's and next week's events, the deadlines ahead, and each group's last check-in. Each
 * part only when it has something; `news` says whether any of it is new or coming.
 */
import { DateTime } from 'luxon';
import type { DigestSection, Services, Translate } from '../../../src/engine/index.ts';
import { lastCheckin, type LastCheckin } from '../checkins/latest.ts';
import { textIn, type LocalText, type Phase, type PlanEvent } from '../types.ts';
import { followsActivity, followsEvent, type Interest } from './audience.ts';
import { sharedValue } from './cache.ts';
import { clip, dayText, eventLines } from './format.ts';
import { AHEAD_DAYS, remember, type PlanSnapshot } from './snapshot.ts';

/** A check-in older than a quarter says nothing about the group any more. */
const CHECKIN_DAYS = 93;

export interface PlanReader {
  t: Translate;
  lang: string;
  tz: string;
  interest: Interest;
  /** The digest's Monday, `YYYY-MM-DD`. */
  monday: string;
  since: Date;
}

const plusDays = (snap: PlanSnapshot, date: string, days: number) => remember(snap, `+${date}:${days}`, () => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!);

/** The event's local day for the reader: its own date when whole-day, else its start in their zone. */
const dayOf = (snap: PlanSnapshot, e: PlanEvent, tz: string) => (e.time ? remember(snap, `day:${e.id}:${tz}`, () => DateTime.fromMillis(e.start, { zone: tz }).toISODate()!) : e.date);

const linesOf = (snap: PlanSnapshot, r: PlanReader, e: PlanEvent) => remember(snap, `lines:${e.id}:${r.lang}:${r.tz}`, () => eventLines(r.t, e, r.lang, r.tz));

function phaseSection(r: PlanReader, snap: PlanSnapshot, phase: Phase, begins: boolean): DigestSection {
  const asks = Object.entries(phase.asks ?? {}).filter(([g]) => g === '*' || r.interest.whole || r.interest.groups.has(g));
  return remember(snap, `phase:${phase.id}:${begins}:${r.lang}:${asks.map(([g]) => g).join(',')}`, () => phaseText(r, snap, phase, begins, asks));
}

function phaseText(r: PlanReader, snap: PlanSnapshot, phase: Phase, begins: boolean, asks: [string, LocalText][]): DigestSection {
  const { t, lang } = r;
  const who = (g: string) => (g === '*' ? t('plan-digest:phase.everyone') : textIn(snap.groups.get(g)?.name, lang) || g);
  const lines = asks.map(([g, ask]) => t('plan-digest:phase.ask', { group: who(g), ask: textIn(ask, lang) }));
  const title = t(begins ? 'plan-digest:phase.begins' : 'plan-digest:phase.title', { name: textIn(phase.name, lang), from: dayText(phase.from, lang), to: dayText(phase.to, lang) });
  return { title, lines: lines.length ? lines : [t('plan-digest:phase.noAsk')] };
}

/**
 * The phase the week starts in, and the one that begins during the week. A phase is news in the
 * digest of the week it begins (or the first one after).
 */
function phasePart(r: PlanReader, snap: PlanSnapshot): { sections: DigestSection[]; news: boolean } {
  const end = plusDays(snap, r.monday, 6);
  const current = snap.phases.find((p) => p.from <= r.monday && r.monday <= p.to);
  const next = snap.phases.find((p) => p.from > r.monday && p.from <= end);
  const sections = [...(current ? [phaseSection(r, snap, current, false)] : []), ...(next ? [phaseSection(r, snap, next, true)] : [])];
  const lastDigest = remember(snap, `since:${r.tz}`, () => DateTime.fromJSDate(r.since, { zone: r.tz }).toISODate()!);
  return { sections, news: Boolean(next) || (current !== undefined && current.from > lastDigest) };
}

function weekParts(r: PlanReader, snap: PlanSnapshot): DigestSection[] {
  const followed = snap.events.filter((e) => followsEvent(r.interest, e, snap.activities));
  const weeks: [string, string, string][] = [
    ['plan-digest:thisWeek', r.monday, plusDays(snap, r.monday, 7)],
    ['plan-digest:nextWeek', plusDays(snap, r.monday, 7), plusDays(snap, r.monday, 14)],
  ];
  return weeks.map(([key, from, to]) => ({
    title: r.t(key),
    lines: followed.filter((e) => dayOf(snap, e, r.tz) >= from && dayOf(snap, e, r.tz) < to).flatMap((e) => linesOf(snap, r, e)),
  }));
}

/** Activities of the reader's that end within four weeks, and the followed deadlines after next week. */
function deadlinePart(r: PlanReader, snap: PlanSnapshot): DigestSection {
  const { t, lang } = r;
  const last = plusDays(snap, r.monday, AHEAD_DAYS);
  const items: { date: string; lines: string[] }[] = [];
  for (const a of snap.activities.values()) {
    if (!a.to || a.to < r.monday || a.to > last || a.status === 'done' || a.status === 'dropped' || !followsActivity(r.interest, a)) continue;
    const owner = a.owner ? textIn(snap.groups.get(a.owner)?.name, lang) || a.owner : t('plan-digest:phase.everyone');
    items.push({ date: a.to, lines: remember(snap, `due:${a.id}:${lang}`, () => [t('plan-digest:activityDue', { date: dayText(a.to!, lang), title: textIn(a.title, lang), group: owner })]) });
  }
  const later = plusDays(snap, r.monday, 14);
  for (const e of snap.events) {
    if (e.kind !== 'deadline') continue;
    const day = dayOf(snap, e, r.tz);
    if (day >= later && day <= last && followsEvent(r.interest, e, snap.activities)) items.push({ date: day, lines: linesOf(snap, r, e) });
  }
  items.sort((x, y) => x.date.localeCompare(y.date));
  return { title: t('plan-digest:deadlines'), lines: items.flatMap((i) => i.lines) };
}

async function checkinPart(services: Services, r: PlanReader, snap: PlanSnapshot): Promise<{ section: DigestSection; news: boolean }> {
  const { t, lang } = r;
  const groups = r.interest.whole ? [...snap.groups.keys()] : [...r.interest.groups];
  const oldest = r.since.getTime() - CHECKIN_DAYS * 86_400_000;
  const lines: string[] = [];
  let news = false;
  for (const g of groups.sort()) {
    const c: LastCheckin | undefined = await sharedValue(services, `checkin:${r.monday}:${g}`, () => lastCheckin(services.store, g));
    if (!c || Date.parse(c.at) < oldest) continue;
    if (Date.parse(c.at) >= r.since.getTime()) news = true;
    const activity = snap.activities.get(c.activity);
    lines.push(t('plan-digest:checkin.line', { group: textIn(snap.groups.get(g)?.name, lang) || g, activity: activity ? textIn(activity.title, lang) : c.activity, period: c.period, answered: c.answered, asked: c.asked }));
    // Several members' answers come one per line: one line each way in a digest read at a glance.
    if (c.progress) lines.push(t('plan-digest:checkin.progress', { text: clip(c.progress.split('\n').join(' · '), 300) }));
    if (c.blocked) lines.push(t('plan-digest:checkin.blocked', { text: clip(c.blocked.split('\n').join(' · '), 300) }));
  }
  return { section: { title: t('plan-digest:checkin.title'), lines }, news };
}

export async function planParts(services: Services, r: PlanReader, snap: PlanSnapshot): Promise<{ sections: DigestSection[]; news: boolean }> {
  const phase = phasePart(r, snap);
  const weeks = weekParts(r, snap);
  const deadlines = deadlinePart(r, snap);
  const checkins = await checkinPart(services, r, snap);
  const sections = [...phase.sections, ...weeks, deadlines, checkins.section].filter((s) => s.lines.length > 0);
  const news = phase.news || checkins.news || [...weeks, deadlines].some((s) => s.lines.length > 0);
  return { sections, news };
}
