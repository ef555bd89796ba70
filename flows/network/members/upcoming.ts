/** "My upcoming events": the next events the member follows, each openable; managers see who comes. */
import { every } from '../../../src/engine/index.ts';
import { concerns } from '../reminders/audience.ts';
import { counts } from '../reminders/attend.ts';
import { titleOf, whenText } from '../reminders/format.ts';
import { usefulUntil } from '../reminders/moments.ts';
import { refOf } from '../reminders/records.ts';
import { networkRecords } from '../records.ts';
import type { Member, PlanEvent } from '../types.ts';
import { act, type PlanContext } from './act.ts';
import { memberOrJoin } from './menu.ts';

/** A chat message lists a handful; the calendar file (`together plan ics`) has them all. */
const SHOWN = 8;

export async function followedEvents(ctx: Pick<PlanContext, 'services' | 'now'>, member: Member, limit = SHOWN): Promise<PlanEvent[]> {
  const now = ctx.now.getTime();
  const records = networkRecords(ctx.services.store);
  const events = await every(records.events, { range: { index: 'start', from: now - 2 * 24 * 60 * 60 * 1000 }, orderBy: 'start' });
  const owners = new Map((await every(records.activities)).map((a) => [a.id, a.owner]));
  return events.filter((e) => e.status === 'scheduled' && usefulUntil(e) > now && concerns(member.follows, e, e.activity ? owners.get(e.activity) : undefined)).slice(0, limit);
}

export async function upcoming(ctx: PlanContext): Promise<void> {
  const member = await memberOrJoin(ctx);
  if (!member) return;
  const events = await followedEvents(ctx, member);
  if (events.length === 0) {
    ctx.say(ctx.t('plan:upcoming.none'));
    return;
  }
  const lines = [ctx.t('plan:upcoming.title')];
  const buttons = [];
  for (const [i, e] of events.entries()) {
    let line = `${i + 1}. ${titleOf(e, ctx.lang)} — ${whenText(e, ctx.lang, member.tz)}`;
    if (ctx.isManager) line += ` ${ctx.t('plan:upcoming.counts', await counts(ctx, e.id))}`;
    lines.push(line);
    buttons.push(act(`${i + 1}. ${titleOf(e, ctx.lang)}`, 'ev', await refOf(ctx.services.store, e.id)));
  }
  ctx.say(lines.join('\n'), buttons, 1);
}
