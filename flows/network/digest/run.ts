/**
 * A zone's weekly job: at Monday 09:00 there, hand that zone's members (and, in the bot's own
 * zone, the chats that receive the whole plan's digest) to the week's broadcast, then plan the
 * next Monday. One broadcast per week for every zone: its ledger gives each member one digest a
 * week, whatever restarts, replays or changes of zone happen; a crash mid-way resumes it.
 */
import { broadcastCenter, every, quietHours, type BroadcastSpec, type Job, type Services } from '../../../src/engine/index.ts';
import { networkRecords } from '../records.ts';
import { wantsDigest } from './audience.ts';
import { WEEK_KIND, weekKind } from './letter.ts';
import { placeRecipients } from './places.ts';
import { digestRecords, type ZoneRecord } from './records.ts';
import { GRACE_MS, isZone, mondayAt, nextMonday, weekBroadcastId, weekDue } from './week.ts';
import { scheduleZone, zoneJobId } from './zones.ts';

type Recipient = BroadcastSpec['recipients'][number];

/** Job kind that resumes digests held by quiet hours (a run late into the evening). */
export const WAKE_JOB = 'plandigest.wake';

/** While the week's broadcast is still sending an earlier zone, a zone tries again this much later (the scheduler's tick). */
const RETRY_MS = 30_000;

export const center = (services: Services) => broadcastCenter(services, { kinds: { [WEEK_KIND]: weekKind }, wakeJob: WAKE_JOB });

/** The zone's members who want this week's digest, page by page through the `tz` index; and how many are in the zone at all. */
async function zoneRecipients(services: Services, tz: string, at: Date): Promise<{ recipients: Recipient[]; inZone: number }> {
  const { members } = networkRecords(services.store);
  const recipients: Recipient[] = [];
  let inZone = 0;
  let after: string | undefined;
  do {
    const page = await members.find({ where: { tz }, limit: 1000, ...(after ? { after } : {}) });
    inZone += page.records.length;
    for (const m of page.records) if (wantsDigest(m, at)) recipients.push({ key: m.id, channel: m.channel, tz: m.tz });
    after = page.next;
  } while (after);
  return { recipients, inZone };
}

/** The zones whose 09:00 of the same week has come and not been handed over yet: sent in one go (Paris, Brussels and Rome at once). */
async function dueWith(services: Services, tz: string, monday: string): Promise<string[]> {
  const now = services.now().getTime();
  const due = (z: ZoneRecord) => z.week === monday && z.done !== monday && Date.parse(z.at) <= now && now - Date.parse(z.at) <= GRACE_MS;
  const others = (await every(digestRecords(services.store).zones)).filter((z) => z.id !== tz && due(z)).map((z) => z.id);
  return [tz, ...others.filter(isZone)];
}

/** 'busy': another instance is making or sending the week's ledger; nothing was handed over. */
async function handOver(services: Services, zones: string[], monday: string): Promise<'handed' | 'busy'> {
  const recipients: Recipient[] = [];
  const unused: string[] = [];
  for (const tz of zones) {
    const { recipients: found, inZone } = await zoneRecipients(services, tz, mondayAt(monday, tz).toJSDate());
    const chats = tz === services.config.tz ? await placeRecipients(services.store) : [];
    recipients.push(...found, ...chats);
    if (inZone === 0 && chats.length === 0) unused.push(tz);
  }
  const id = weekBroadcastId(monday);
  const c = center(services);
  if (recipients.length > 0 && (await c.create({ id, kind: WEEK_KIND, subject: 'plandigest', payload: { week: monday }, recipients, quiet: quietHours(services.config.tz) })).outcome === 'busy') return 'busy';
  for (const tz of zones) {
    // A zone nobody is in any more has no job after this one (zoneInUse plans it again when needed).
    if (unused.includes(tz)) {
      await services.unschedule(zoneJobId(tz));
      await digestRecords(services.store).zones.delete(tz);
    } else await scheduleZone(services, tz, nextMonday(monday), undefined, monday);
  }
  if (recipients.length > 0) c.run(id).catch((e) => services.log.error({ err: e, broadcast: id }, 'plandigest: the weekly digest stopped with an error; it resumes at the next start'));
  return 'handed';
}

export async function runZone(services: Services, job: Job): Promise<void> {
  const { tz, week } = (job.payload ?? {}) as { tz?: string; week?: string };
  if (!tz || !week || !isZone(tz)) return;
  const now = services.now();
  // Run too late (the bot was down, or busy past 19:00): this week is given up for the zone, the next planned.
  if (now.getTime() - mondayAt(week, tz).toMillis() > GRACE_MS) {
    services.log.warn({ tz, week }, 'plandigest: a zone\'s weekly digest missed its grace window; skipped this week');
    return scheduleZone(services, tz, weekDue(now, tz, week));
  }
  // Handed over already, with the zones due with it, by another instance running the same job (a scheduler lease
  // changing hands): only the next week's job is made sure of (a retry of this one may have replaced it).
  if ((await digestRecords(services.store).zones.get(tz))?.done === week) return scheduleZone(services, tz, nextMonday(week), undefined, week);
  const retry = () => scheduleZone(services, tz, week, new Date(now.getTime() + RETRY_MS));
  // The week's ledger is being sent for an earlier zone: new recipients join it once that run ends.
  if (center(services).isActive(weekBroadcastId(week))) return retry();
  let handed: 'handed' | 'busy';
  try {
    handed = await handOver(services, await dueWith(services, tz, week), week);
  } catch (e) {
    services.log.error({ err: e, tz, week }, 'plandigest: a zone\'s weekly digest could not be handed over; trying again');
    return retry();
  }
  // Another instance is making or sending the week's ledger: the same wait as above, unless it took this zone too.
  if (handed === 'busy' && (await digestRecords(services.store).zones.get(tz))?.done !== week) await retry();
}
