/**
 * Check-ins of the network's activities (issue #13, item 5): every `checkinMonths` months each
 * member of an activity's owner group gets, in their private chat, two short questions — what
 * progressed, what is blocked — answered in any order, each in one message, either or both
 * skippable; rounds come one after another; the quarter's report gathers them. See README.md.
 */
import { defineFlow } from '../../../src/engine/index.ts';
import { homeSections, pickQuestion, showWaiting, skipRound } from './actions.ts';
import type { CheckinAction } from './act.ts';
import { answerStep, type CheckinState, type CheckinStep } from './answer.ts';
import { checkinCli } from './cli.ts';
import { control } from './control.ts';
import { checkinKinds } from './letter.ts';
import { forget, stats, summaryLines, userData } from './privacy.ts';
import { ensureTick, runTick, TICK_JOB } from './round.ts';

export const checkin = defineFlow<CheckinState, CheckinState, void, Record<string, never>, CheckinStep, CheckinAction>({
  id: 'checkin',
  version: 1,
  title: 'plan-checkin:title',
  requiresConsent: true,
  initial: (input) => input,
  steps: { answer: answerStep },
  commands: { checkin: (ctx) => showWaiting(ctx) },
  actions: {
    q: (ctx, arg) => pickQuestion(ctx, arg),
    skip: (ctx, ref) => skipRound(ctx, ref),
    next: (ctx) => showWaiting(ctx),
  },
  help: [{ command: 'checkin', description: 'plan-checkin:help.checkin' }],
  home: (ctx) => homeSections(ctx),
  summary: (ctx) => summaryLines(ctx),
  userData,
  forget,
  stats,
  control,
  jobs: { [TICK_JOB]: (services) => runTick(services) },
  // Registered by the core before any flow starts, so a letter a crash interrupted resumes.
  broadcasts: checkinKinds,
  async onStart(services) {
    await ensureTick(services);
    // A month's first week spent down, up after 10:00: the rounds are made now, not next month.
    await runTick(services);
  },
  cli: (program, flows) => checkinCli(program, flows),
});
