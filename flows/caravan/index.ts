/**
 * The Caravan of co-responsibility: managers add stops and announce them on every channel;
 * citizens follow regions, answer going / maybe / not going, and get reminders.
 */
import type { Flow, Services } from '../../src/engine/index.ts';
import type { UserDoc } from '../../src/store/types.ts';
import { rsvpCounts, subscriberCount, noCounts } from './audience.ts';
import { center, WAKE_JOB } from './broadcasts.ts';
import { FLOW_ID, peekCaravan, regionName } from './format.ts';
import { askToFollow, confirmFollow, join, list, pickRegion, showStop, snooze, unsubscribe } from './citizen.ts';
import { caravanCommand, confirmCancel } from './commands.ts';
import { control } from './control.ts';
import { JOIN_PREFIX, SPIRAL_PREFIX } from './links.ts';
import { ANNOUNCE_JOB, runPlannedAnnouncement } from './ops.ts';
import { REMIND_JOB, runReminder } from './reminders.ts';
import { answer, calendar, confirm } from './rsvp.ts';
import { spiralFromStop } from './spiral-link.ts';
import { allStops, getStop } from './stops.ts';
import { wizardSteps } from './wizard.ts';

async function summary(turn: import('../../src/engine/index.ts').Turn): Promise<string[]> {
  const data = peekCaravan(turn.user);
  if (!data) return [];
  const t = turn.t;
  const lines = [data.sub ? t('caravan:mydata.following', { regions: (data.sub.all ? ['all'] : data.sub.regions).map((r) => regionName(t, r, turn.lang)).join(', ') }) : t('caravan:mydata.notFollowing')];
  for (const [stopId, rsvp] of Object.entries(data.rsvp)) {
    const stop = await getStop(turn.services.store, stopId);
    lines.push(t('caravan:mydata.answer', { town: stop?.town ?? stopId, date: stop?.date ?? '', answer: t(`caravan:rsvp.${rsvp.answer}`) }));
  }
  return lines;
}

export const caravan: Flow = {
  id: FLOW_ID,
  version: 1,
  steps: wizardSteps,
  commands: { caravan: caravanCommand },
  help: [{ command: 'caravan', description: 'caravan:help.caravan' }],
  actions: {
    async cv(turn, arg) {
      if (arg === 'list') return list(turn);
      if (arg === 'pick') return pickRegion(turn);
      turn.say(turn.t('common:button.invalid'));
    },
    cvask: (turn, arg) => {
      const [region = '', stopId] = arg.split(':');
      askToFollow(turn, region, stopId);
    },
    cvyes: (turn, arg) => confirmFollow(turn, arg),
    cvno: (turn) => turn.say(turn.t('caravan:sub.notNow')),
    cvstop: (turn) => unsubscribe(turn),
    cvsnz: (turn) => snooze(turn),
    async cvshow(turn, stopId) {
      const stop = await getStop(turn.services.store, stopId);
      if (stop) showStop(turn, stop);
      else turn.say(turn.t('caravan:stop.unknown', { id: stopId }));
    },
    cvrsvp: (turn, arg) => answer(turn, arg),
    cvconf: (turn, arg) => confirm(turn, arg),
    cvics: (turn, stopId) => calendar(turn, stopId),
    cvcxl: (turn, stopId, fresh) => confirmCancel(turn, stopId, fresh),
    cvkeep: (turn) => turn.say(turn.t('caravan:cancel.kept')),
  },
  deepLinks: {
    [JOIN_PREFIX]: (turn, rest) => join(turn, rest),
    [SPIRAL_PREFIX]: (turn, rest) => spiralFromStop(turn, rest),
  },
  onMembership(turn, kind) {
    // Blocked (or removed): the person is unsubscribed, so no later broadcast tries again.
    const data = peekCaravan(turn.user);
    if (kind === 'left' && data?.sub) {
      delete data.sub;
      data.unsubscribedAt = turn.now.toISOString();
    }
  },
  summary,
  /** Outside the person's document: their line in the ledgers of the messages sent to them. */
  async userData(services: Services, user: UserDoc) {
    const messages = await center(services).entriesOf(user.key);
    return messages.length ? { messages } : undefined;
  },
  async forget(services: Services, user: UserDoc) {
    await center(services).forget(user.key);
  },
  exports: {
    async caravan(services) {
      const counts = await rsvpCounts(services.store);
      return (await allStops(services.store)).map((s) => ({
        stop: s.id, town: s.town, country: s.country, venue: s.venue, date: s.date, time: s.time, tz: s.tz, status: s.status,
        languages: s.languages.join(' '), ...(counts.get(s.id) ?? noCounts()),
      }));
    },
  },
  async stats(services) {
    const stops = await allStops(services.store);
    const counts = [...(await rsvpCounts(services.store)).values()];
    return {
      stops: stops.filter((s) => s.status === 'scheduled').length,
      cancelled: stops.filter((s) => s.status === 'cancelled').length,
      subscribers: await subscriberCount(services.store),
      going: counts.reduce((n, c) => n + c.going, 0),
      maybe: counts.reduce((n, c) => n + c.maybe, 0),
    };
  },
  control,
  jobs: {
    [REMIND_JOB]: runReminder,
    [ANNOUNCE_JOB]: runPlannedAnnouncement,
    [WAKE_JOB]: async (services, job) => center(services).wake(String((job.payload as { id?: string } | undefined)?.id ?? '')),
  },
  onStart: (services) => center(services).start(),
  onStop: (services) => center(services).stop(),
};

