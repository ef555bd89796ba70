/**
 * One digest as a text: the plan's parts, then every other flow's (`digest` hooks: new caravan
 * stops, open SPIRAL groups, new NOW-BE-ALL proposals), each only when it has something. Nothing
 * new or coming at all: no digest (undefined) — a weekly message that says nothing teaches people
 * to skip the ones that matter.
 */
import { DateTime } from 'luxon';
import { digestParts, type DigestSection, type Services, type UserDoc } from '../../../src/engine/index.ts';
import type { Interest } from './audience.ts';
import { sharedValue } from './cache.ts';
import { planParts } from './plan-parts.ts';
import { planSnapshot, remember } from './snapshot.ts';
import { sinceOf } from './week.ts';

/** Lines a part shows at most; the rest is counted. */
const MAX_LINES = 12;

export interface DigestReaderInfo {
  /** The member's document; absent for a shared chat (the whole plan, nothing personal). */
  user?: UserDoc;
  lang: string;
  tz: string;
  interest: Interest;
  territories: string[];
  monday: string;
}

function sectionText(services: Services, lang: string, s: DigestSection): string {
  const shown = s.lines.slice(0, MAX_LINES);
  const extra = s.lines.length - shown.length;
  if (extra > 0) shown.push(services.i18n.translator(lang)('plan-digest:more', { extra }));
  return [s.title, ...shown].join('\n');
}

export async function composeDigest(services: Services, who: DigestReaderInfo): Promise<string | undefined> {
  const t = services.i18n.translator(who.lang);
  const snap = await planSnapshot(services, who.monday);
  const since = remember(snap, `sinceOf:${who.tz}`, () => sinceOf(who.monday, who.tz));
  const plan = await planParts(services, { t, lang: who.lang, tz: who.tz, interest: who.interest, monday: who.monday, since }, snap);
  const shared = <T>(key: string, compute: () => Promise<T>) => sharedValue(services, `${who.monday}:${key}`, compute);
  const others = (await digestParts(services, { ...(who.user ? { user: who.user } : {}), lang: who.lang, tz: who.tz, territories: who.territories, shared }, since)).flatMap((p) => p.sections);
  if (!plan.news && others.length === 0) return undefined;
  const date = remember(snap, `date:${who.lang}`, () => DateTime.fromISO(who.monday, { zone: 'UTC' }).setLocale(who.lang).toLocaleString({ day: 'numeric', month: 'long', year: 'numeric' }));
  const head = t(who.user ? 'plan-digest:title' : 'plan-digest:titlePlan', { date });
  const body = [...plan.sections, ...others].map((s) => sectionText(services, who.lang, s));
  return [head, ...body, ...(who.user ? [t('plan-digest:footer')] : [])].join('\n\n');
}
