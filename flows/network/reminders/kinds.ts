/**
 * The plan's kinds of broadcast message. Each is written when it goes out, in the member's
 * language and zone, after checking it is still true: the event still on, the member still
 * following and not paused or stopped, the moment not moved, the event not begun (a reminder held
 * by quiet hours until after the event is dropped).
 */
import { broadcastCenter, type BroadcastCenter, type BroadcastKind, type Letter, type Services } from '../../../src/engine/index.ts';
import { canonicalZone, changeMember } from '../members/store.ts';
import { networkRecords } from '../records.ts';
import type { LocalText, Member, PlanEvent } from '../types.ts';
import { textIn } from '../types.ts';
import { active, concerns, ownerOf } from './audience.ts';
import { eventCard, soon, titleOf, whenText } from './format.ts';
import { momentAt, usefulUntil, type Moment } from './moments.ts';
import { attendanceId, reminderRecords } from './records.ts';
import { changeRows, reminderRows } from './ui.ts';

export const REMIND_KIND = 'plan.remind';
export const CHANGE_KIND = 'plan.change';
export const CANCEL_KIND = 'plan.cancel';

export interface RemindLetter {
  event: string;
  ref: string;
  moment: Moment | 'snooze';
  /** The moment it was planned for (epoch ms). */
  at: number;
  /** The zone of the job that made it (not for a snooze). */
  zone?: string;
}

/** What a cancel notice needs once the event may be gone (removed). */
export interface CancelLetter {
  event: string;
  ref: string;
  title: LocalText;
  date: string;
  time?: string;
  start: number;
}

/** A payload as stored (plain JSON) read back into its shape. */
const remindLetter = (p: Record<string, unknown>): RemindLetter => ({ event: String(p.event), ref: String(p.ref), moment: p.moment as RemindLetter['moment'], at: Number(p.at), ...(typeof p.zone === 'string' ? { zone: p.zone } : {}) });

const cancelLetter = (p: Record<string, unknown>): CancelLetter => ({
  event: String(p.event),
  ref: String(p.ref),
  title: (p.title ?? '') as LocalText,
  date: String(p.date),
  ...(typeof p.time === 'string' ? { time: p.time } : {}),
  start: Number(p.start),
});

async function memberOf(letter: Letter): Promise<Member | undefined> {
  const member = await networkRecords(letter.services.store).members.get(letter.user.key);
  return active(member, letter.now) ? member : undefined;
}

async function liveEvent(letter: Letter, id: string): Promise<PlanEvent | undefined> {
  const event = await networkRecords(letter.services.store).events.get(id);
  return event && event.status === 'scheduled' && letter.now.getTime() < usefulUntil(event) ? event : undefined;
}

/**
 * The platform told a new zone since the member joined (they travelled; Slack updates it when
 * they write): one who never chose a zone gets their next reminders there.
 */
async function followPlatformZone(services: Services, member: Member, platformTz: string | undefined): Promise<void> {
  if (member.tzChosen || !platformTz) return;
  const tz = canonicalZone(platformTz);
  if (tz && tz !== member.tz) await changeMember(services, member.id, (m) => (m.tzChosen ? m : { ...m, tz }));
}

async function remind(letter: Letter, payload: Record<string, unknown>): Promise<boolean> {
  const p = remindLetter(payload);
  const member = await memberOf(letter);
  const event = member && (await liveEvent(letter, p.event));
  if (!member || !event || !concerns(member.follows, event, await ownerOf(letter.services, event))) return false;
  // A moved event, or a member who moved zone: the job of the new moment reminds them.
  if (p.moment !== 'snooze' && momentAt(event, p.moment, member.tz) !== p.at) return false;
  const { attendance } = reminderRecords(letter.services.store);
  const id = attendanceId(p.ref, member.id);
  const had = `${p.moment}@${event.start}`;
  const at = letter.now.toISOString();
  // Checked and noted in one step: two broadcasts of one moment reaching someone who changed zone between them remind
  // them once. Noted before it goes out, so the same broadcast may write it again (taken over by another instance, a
  // restart): its ledger still sends it once.
  const snooze = p.moment === 'snooze';
  let claimed = false;
  await attendance.update(id, (cur) => {
    const again = p.zone !== undefined && cur?.gotIn?.[had] === p.zone;
    claimed = cur?.answer !== 'no' && (snooze || again || !cur?.got?.includes(had));
    if (!claimed) return cur;
    const got = snooze ? cur?.got : [...new Set([...(cur?.got ?? []), had])];
    const gotIn = snooze || p.zone === undefined ? cur?.gotIn : { ...cur?.gotIn, [had]: p.zone };
    return { ...(cur ?? { id, event: event.id, key: member.id }), reminded: event.version, remindedAt: at, ...(got ? { got } : {}), ...(gotIn ? { gotIn } : {}) };
  });
  if (!claimed) return false;
  letter.sayRows(`⏰ ${soon(letter.t, event, letter.now, member.tz)} · ${titleOf(event, letter.lang)}\n\n${eventCard(letter.t, event, letter.lang, member.tz)}`, reminderRows(letter.t, p.ref));
  await followPlatformZone(letter.services, member, letter.user.tz);
  return true;
}

async function change(letter: Letter, payload: Record<string, unknown>): Promise<boolean> {
  const member = await memberOf(letter);
  const event = member && (await liveEvent(letter, String(payload.event)));
  // A newer change has its own notice.
  if (!member || !event || event.version !== payload.version) return false;
  letter.sayRows(`${letter.t('plan:notice.changed')}\n\n${eventCard(letter.t, event, letter.lang, member.tz)}`, changeRows(letter.t, String(payload.ref)));
  return true;
}

async function cancel(letter: Letter, payload: Record<string, unknown>): Promise<boolean> {
  const p = cancelLetter(payload);
  const member = await memberOf(letter);
  if (!member) return false;
  const event = await networkRecords(letter.services.store).events.get(p.event);
  // Put back on meanwhile: nothing to cancel.
  if (event?.status === 'scheduled') return false;
  letter.say(letter.t('plan:notice.cancelled', { title: textIn(p.title, letter.lang), when: whenText(p, letter.lang, member.tz) }));
  return true;
}

export const planKinds: Record<string, BroadcastKind> = {
  [REMIND_KIND]: { render: remind },
  [CHANGE_KIND]: { render: change },
  [CANCEL_KIND]: { render: cancel },
};

/** The core's broadcast center (the core created it with its own wake job). */
export function center(services: Services): BroadcastCenter {
  return broadcastCenter(services, { kinds: planKinds, wakeJob: 'broadcast.wake' });
}

/** Sends a created broadcast in the background; one a crash interrupts resumes at the next start. */
export function runInBackground(services: Services, id: string): void {
  center(services)
    .run(id)
    .catch((e) => services.log.error({ err: e, broadcast: id }, 'a plan broadcast stopped; it resumes at the next start'));
}
