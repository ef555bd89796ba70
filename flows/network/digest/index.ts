/**
 * The network's weekly digest (issue #13): Monday 09:00 in each member's zone, what they follow
 * this week and next, the phase and what it asks of their groups, deadlines, the last check-ins,
 * and every other flow's news (`digest` hooks). One job per zone in use (zones.ts), one broadcast
 * per week (run.ts). A manager makes a chat receive the whole plan's digest with
 * `/plan digest here` typed there (places.ts).
 */
import { defineFlow, type Services, type UserDoc } from '../../../src/engine/index.ts';
import { WEEK_KIND, weekKind } from './letter.ts';
import { digestInGroup, forgetPlacesBy, isDigestCommand, placesBy } from './places.ts';
import { center, runZone, WAKE_JOB } from './run.ts';
import { ensureZones, ZONE_JOB } from './zones.ts';

export const plandigest = defineFlow({
  id: 'plandigest',
  version: 1,
  groupCommands: { plan: { accepts: isDigestCommand, run: digestInGroup } },
  broadcasts: { [WEEK_KIND]: weekKind },
  jobs: {
    [ZONE_JOB]: runZone,
    [WAKE_JOB]: async (services, job) => center(services).wake(String((job.payload as { id?: string } | undefined)?.id ?? '')),
  },
  /** The chats a manager made receive the digest (their line in each week's ledger is the core's /mydata). */
  async userData(services: Services, user: UserDoc) {
    const places = await placesBy(services.store, user.pseudonym);
    return places.length ? { digestChats: places } : undefined;
  },
  async forget(services: Services, user: UserDoc) {
    await center(services).forget(user.key);
    await forgetPlacesBy(services.store, user.pseudonym);
  },
  // Zones whose job a crash or a long stop lost get it back; a missed Monday within its grace is sent now.
  onStart: (services) => ensureZones(services),
});
