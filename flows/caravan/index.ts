/**
 * The Caravan of co-responsibility: managers add stops and announce them on every channel;
 * citizens follow regions, answer going / maybe / not going, and get reminders.
 */
import { defineFlow, UserError, type Context, type Services } from '../../src/engine/index.ts';
import { forgetLegacyJobRequests, forgetPlans, plansBy } from './requesters.ts';
import type { UserDoc } from '../../src/engine/index.ts';
import { rsvpCounts, subscriberCount } from './audience.ts';
import { caravanRecords, indexSubscription } from './data.ts';
import { withColumns } from '../../src/engine/index.ts';
import { center, WAKE_JOB } from './broadcasts.ts';
import { FLOW_ID, peekCaravan, regionName } from './format.ts';
import { askToFollow, confirmFollow, join, list, menu, pickRegion, showStop, snooze, unsubscribe, whoOf } from './citizen.ts';
import { caravanCommand, confirmCancel } from './commands.ts';
import { control } from './control.ts';
import { caravanCli } from './cli.ts';
import { JOIN_PREFIX, SPIRAL_PREFIX } from './links.ts';
import { ANNOUNCE_JOB, runPlannedAnnouncement } from './ops.ts';
import { REMIND_JOB, runReminder } from './reminders.ts';
import { answer, calendar, confirm } from './rsvp.ts';
import { spiralFromStop } from './spiral-link.ts';
import { caravanHome } from './home.ts';
import { caravanDigest } from './digest.ts';
import { channelInGroup, forgetPlacesBy, isChannelCommand, placesBy } from './places.ts';
import { allStops, getStop } from './stops.ts';
import { initialWizard, wizardFromVars, wizardSteps, type WizardInput, type WizardState } from './wizard.ts';
import type { CaravanAction } from './act.ts';
import type { CaravanData } from './types.ts';

/** The columns of `together export caravan`, declared so that an empty export has its header. */
const EXPORT_COLUMNS = ['stop', 'town', 'country', 'venue', 'date', 'time', 'tz', 'status', 'languages', 'going', 'maybe', 'notGoing', 'confirmed'];

/** Sub-commands of /caravan that are not a stop or a region. */
const CITIZEN_WORDS = new Set(['list', 'join', 'stop', 'leave', 'add', 'edit', 'cancel', 'announce', 'stats', 'all', 'link', 'qr', 'channel']);

/** Every way caravan data may name a person: their key, and their person id as older data wrote it. */
const refsOf = (user: UserDoc) => [user.key, `${user.contact.channel}:${user.contact.userId}`];

type Ctx = Context<CaravanData, CaravanAction, WizardInput>;

async function summary(ctx: Ctx): Promise<string[]> {
  const user = ctx.document();
  const data = peekCaravan(user);
  const t = ctx.t;
  const c = center(ctx.services);
  const elsewhere = [];
  const messages = (await c.entriesOf(user.key)).length;
  if (messages) elsewhere.push(t('caravan:mydata.messages', { count: messages }));
  const reports = (await c.referencing(refsOf(user))).length + (await plansBy(ctx.services.store, user.key)).length;
  if (reports) elsewhere.push(t('caravan:mydata.reports', { count: reports }));
  if (!data) return elsewhere;
  const lines = [data.sub ? t('caravan:mydata.following', { regions: (data.sub.all ? ['all'] : data.sub.regions).map((r) => regionName(t, r, ctx.lang)).join(', ') }) : t('caravan:mydata.notFollowing')];
  for (const [stopId, rsvp] of Object.entries(data.rsvp)) {
    const stop = await getStop(ctx.services.store, stopId);
    lines.push(t('caravan:mydata.answer', { town: stop?.town ?? stopId, date: stop?.date ?? '', answer: t(`caravan:rsvp.${rsvp.answer}`) }));
  }
  return [...lines, ...elsewhere];
}

export const caravan = defineFlow<WizardState, WizardInput, void, CaravanData, keyof typeof wizardSteps, CaravanAction>({
  id: FLOW_ID,
  version: 1,
  initial: initialWizard,
  /** A wizard saved by the older engine (its `vars`) resumes with its draft. */
  migrate: (vars) => wizardFromVars(vars),
  data: (): CaravanData => ({ rsvp: {} }),
  steps: wizardSteps,
  /** `together caravan …`: the flow brings its own subcommands. */
  cli: (program, flows) => caravanCli(flows)(program),
  commands: { caravan: caravanCommand },
  help: [{ command: 'caravan', description: 'caravan:help.caravan' }],
  actions: {
    async cv(ctx, arg) {
      if (arg === 'list') return list(ctx);
      if (arg === 'pick') return pickRegion(ctx);
      // The menu /caravan shows, for a button outside the chat (the home screen).
      if (arg === 'menu') return menu(ctx);
      throw new UserError('common:button.invalid');
    },
    cvask: (ctx, arg) => {
      const [region = '', stopId] = arg.split(':');
      askToFollow(ctx, region, stopId);
    },
    cvyes: (ctx, arg) => confirmFollow(ctx, arg),
    cvno: (ctx) => ctx.say(ctx.t('caravan:sub.notNow')),
    cvstop: (ctx) => unsubscribe(ctx),
    cvsnz: (ctx) => snooze(ctx),
    async cvshow(ctx, stopId) {
      const stop = await getStop(ctx.services.store, stopId);
      if (!stop) throw new UserError('caravan:stop.unknown', { id: stopId.slice(0, 40) });
      showStop(ctx, stop);
    },
    cvrsvp: (ctx, arg) => answer(ctx, arg),
    cvconf: (ctx, arg) => confirm(ctx, arg),
    cvics: (ctx, stopId) => calendar(ctx, stopId),
    cvcxl: (ctx, stopId, { fresh }) => confirmCancel(ctx, stopId, fresh),
    cvkeep: (ctx) => ctx.say(ctx.t('caravan:cancel.kept')),
  },
  /** `/caravan join ro` (or `/caravan ro`) typed in a group: the private chat opens at that confirmation. */
  groupLink(_command, args) {
    const [first = '', ...rest] = args.trim().split(/\s+/);
    const target = first.toLowerCase() === 'join' ? rest.join(' ') : rest.length === 0 && !CITIZEN_WORDS.has(first.toLowerCase()) ? first : '';
    return /^[A-Za-z0-9-]{1,60}$/.test(target) ? `${JOIN_PREFIX}${target.toLowerCase()}` : undefined;
  },
  /**
   * `/caravan channel here|off|list` typed in a group chat (a Discord server channel, a Telegram
   * group, a Slack channel) runs there: a manager makes that chat receive the announcements.
   * Every other /caravan command in a group still gets the pointer to the private chat.
   */
  groupCommands: { caravan: { accepts: isChannelCommand, run: channelInGroup } },
  deepLinks: {
    [JOIN_PREFIX]: (ctx, rest) => join(ctx, rest),
    [SPIRAL_PREFIX]: (ctx, rest) => spiralFromStop(ctx, rest),
  },
  async onMembership(ctx, kind) {
    // Only the private chat's state counts: the bot removed from a group says nothing about the person.
    if (ctx.inGroup) return;
    // Blocked (or removed): the person is unsubscribed, so no later broadcast tries again.
    if (kind !== 'left' || !peekCaravan(ctx.document())?.sub) return;
    const data = ctx.data;
    delete data.sub;
    data.unsubscribedAt = ctx.now.toISOString();
    await indexSubscription(await caravanRecords(ctx.services.store), whoOf(ctx), undefined);
  },
  summary,
  home: (ctx) => caravanHome(ctx),
  digest: caravanDigest,
  /**
   * Outside the person's document: their line in the ledgers of the messages sent to them, the
   * broadcasts whose report goes to them, and the announcements they planned.
   */
  async userData(services: Services, user: UserDoc) {
    const c = center(services);
    const messages = await c.entriesOf(user.key);
    const reports = await c.referencing(refsOf(user));
    const planned = await plansBy(services.store, user.key);
    const places = await placesBy(services.store, user.pseudonym);
    const out = { ...(messages.length ? { messages } : {}), ...(reports.length ? { reports } : {}), ...(planned.length ? { planned } : {}), ...(places.length ? { places } : {}) };
    return Object.keys(out).length ? out : undefined;
  },
  async forget(services: Services, user: UserDoc) {
    const records = await caravanRecords(services.store);
    const who = { key: user.key, channel: user.contact.channel };
    await indexSubscription(records, who, undefined);
    await records.rsvps.deleteWhere({ key: user.key });
    await center(services).forget(user.key, refsOf(user).slice(1));
    await forgetPlans(services.store, user.key);
    await forgetLegacyJobRequests(services.store, ANNOUNCE_JOB, refsOf(user));
    // The places the person added keep receiving the announcements, with nobody named.
    await forgetPlacesBy(services.store, user.pseudonym);
  },
  exports: {
    async caravan(services) {
      const rows = [];
      for (const s of await allStops(services.store)) {
        rows.push({ stop: s.id, town: s.town, country: s.country, venue: s.venue, date: s.date, time: s.time, tz: s.tz, status: s.status, languages: s.languages.join(' '), ...(await rsvpCounts(services.store, s.id)) });
      }
      // An empty export still has its header row.
      return withColumns(rows, EXPORT_COLUMNS);
    },
  },
  async stats(services) {
    const { stops, rsvps } = await caravanRecords(services.store);
    return {
      stops: await stops.count({ status: 'scheduled' }),
      cancelled: await stops.count({ status: 'cancelled' }),
      subscribers: await subscriberCount(services.store),
      going: await rsvps.count({ answer: 'going' }),
      maybe: await rsvps.count({ answer: 'maybe' }),
    };
  },
  control,
  jobs: {
    [REMIND_JOB]: runReminder,
    [ANNOUNCE_JOB]: runPlannedAnnouncement,
    [WAKE_JOB]: async (services, job) => center(services).wake(String((job.payload as { id?: string } | undefined)?.id ?? '')),
  },
  async onStart(services) {
    // The one-time move of older data runs at the start, so read-only commands next to the bot find it moved.
    await caravanRecords(services.store);
    await center(services).start();
  },
  onStop: (services) => center(services).stop(),
});

