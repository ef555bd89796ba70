/**
 * `/plan`: joining the network's reminders, what one follows (everything, axes, working groups),
 * one's time zone, pause and stop; the reminders themselves (a week and a day before at 09:00 in
 * the member's zone, an hour before a meeting), their buttons, and the notices of changed or
 * cancelled events. See members/ (the person's side) and reminders/ (the one clock).
 */
import { defineFlow, UserError } from '../../src/engine/index.ts';
import type { PlanAction, PlanContext, PlanData } from './members/act.ts';
import { planHome } from './members/home.ts';
import { join, menu } from './members/menu.ts';
import { pickState, pickSteps, type PickState, type PickStep } from './members/pick.ts';
import { forget, summary, userData } from './members/privacy.ts';
import { askPause, followEverything, pause, resume, stop, timeZone } from './members/settings.ts';
import { upcoming } from './members/upcoming.ts';
import { networkRecords } from './records.ts';
import { answer, calendar, showEvent } from './reminders/attend.ts';
import { planKinds } from './reminders/kinds.ts';
import { reminderRecords } from './reminders/records.ts';
import { runReminderJob } from './reminders/run.ts';
import { REMIND_JOB, resumeZones } from './reminders/schedule.ts';
import { askSnooze, runSnooze, snooze, SNOOZE_JOB } from './reminders/snooze.ts';
import { getMember } from './members/store.ts';

async function openPicker(ctx: PlanContext, which: PickStep): Promise<void> {
  if (!(await getMember(ctx.services, ctx.person.key))) return join(ctx);
  const state = await pickState(ctx.services, ctx.person.key, ctx.lang, which);
  if (!state) throw new UserError(`plan:pick.none.${which}`);
  ctx.openAt(which, state);
}

/** The menu's items, by the value of their button (`m:<item>`) or the word after /plan. */
const ITEMS: Record<string, (ctx: PlanContext, rest: string) => Promise<void>> = {
  '': menu,
  menu,
  join,
  allon: (ctx) => followEverything(ctx, true),
  all: (ctx) => followEverything(ctx, true),
  alloff: (ctx) => followEverything(ctx, false),
  axes: (ctx) => openPicker(ctx, 'axes'),
  groups: (ctx) => openPicker(ctx, 'groups'),
  upcoming,
  events: upcoming,
  tz: (ctx, rest) => timeZone(ctx, rest),
  pause: (ctx, rest) => (rest ? pause(ctx, rest) : askPause(ctx)),
  stop,
  resume,
  // Typed in a private chat: it belongs in the chat that is to receive the digest (the digest flow runs it there).
  digest: async (ctx) => ctx.say(ctx.t('plan:digestHere')),
};

export const plan = defineFlow<PickState, PickState, void, PlanData, PickStep, PlanAction>({
  id: 'plan',
  version: 1,
  title: 'plan:title',
  requiresConsent: true,
  initial: (input: PickState): PickState => input,
  steps: pickSteps,
  onEnd: (ctx) => menu(ctx),
  commands: {
    async plan(ctx, args) {
      const [word = '', ...rest] = args.trim().split(/\s+/);
      const item = ITEMS[word.toLowerCase()];
      if (!item) throw new UserError('plan:usage');
      await item(ctx, rest.join(' '));
    },
  },
  help: [{ command: 'plan', description: 'plan:help.plan' }],
  actions: {
    async m(ctx, arg) {
      const item = ITEMS[arg];
      if (!item) throw new UserError('common:button.invalid');
      await item(ctx, '');
    },
    att: (ctx, arg) => answer(ctx, arg),
    ics: (ctx, ref) => calendar(ctx, ref),
    snz: (ctx, ref) => askSnooze(ctx, ref),
    snzat: (ctx, arg) => snooze(ctx, arg),
    ps: (ctx, arg) => pause(ctx, arg),
    async ev(ctx, ref) {
      const member = await getMember(ctx.services, ctx.person.key);
      await showEvent(ctx, ref, member?.tz ?? ctx.person.tz ?? ctx.services.config.tz);
    },
    tzp: (ctx) => timeZone(ctx, 'auto'),
  },
  summary,
  userData,
  forget,
  home: (ctx) => planHome(ctx),
  async stats(services) {
    const { members, memberships } = networkRecords(services.store);
    const { attendance } = reminderRecords(services.store);
    return { planMembers: await members.count(), planMemberships: await memberships.count(), planComing: await attendance.count({ answer: 'yes' }), planNotComing: await attendance.count({ answer: 'no' }) };
  },
  broadcasts: planKinds,
  jobs: { [REMIND_JOB]: runReminderJob, [SNOOZE_JOB]: runSnooze },
  onStart: (services) => resumeZones(services),
});
