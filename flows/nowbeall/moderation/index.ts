/**
 * NOW-BE-ALL, reading and moderating proposals (flow B of issue #12): `/proposals` and
 * `/proposals N` for everyone (support once, take it back, report), `/moderate` for moderators
 * (queue, approve, reject with a reason, merge a duplicate, restore a hidden one, the log),
 * managers naming moderators, status-change notices and their off switch, and the CLI's
 * `together nowbeall moderate …`.
 */
import { defineFlow, UserError } from '../../../src/engine/index.ts';
import { NOTICE_FLOW, NOTICE_WAKE_JOB, noticeCenter, noticeKinds } from '../notify.ts';
import type { NowbeallData } from '../types.ts';
import { moderationCli } from './cli.ts';
import { control } from './control.ts';
import { ask, doApprove, doRestore, moderateCommand, moderationSteps, showQueue, type ModState } from './moderate.ts';
import { forget, summary, userData } from './privacy.ts';
import { moderationStats } from './stats.ts';
import { askReport, decodeQuery, list, notices, proposalsCommand, reportIt, show, supportIt, takeBack, themes, type ModAction, type ModInput } from './reader.ts';

export const proposals = defineFlow<ModState, ModInput, void, NowbeallData, 'reason' | 'note' | 'target', ModAction>({
  id: NOTICE_FLOW,
  version: 1,
  title: 'nowbeall-mod:title',
  requiresConsent: true,
  initial: (input: ModInput): ModState => ({ ...input }),
  data: (): NowbeallData => ({}),
  steps: moderationSteps,
  commands: {
    proposals: proposalsCommand,
    moderate: moderateCommand,
  },
  help: [
    { command: 'proposals', description: 'nowbeall-mod:help.proposals' },
    { command: 'moderate', description: 'nowbeall-mod:help.moderate' },
  ],
  actions: {
    list: (ctx, arg) => list(ctx, decodeQuery(arg)),
    themes: (ctx, arg) => themes(ctx, arg === 'top' ? 'top' : 'new'),
    show: (ctx, id) => show(ctx, id),
    sup: (ctx, id) => supportIt(ctx, id),
    unsup: (ctx, id) => takeBack(ctx, id),
    rep: (ctx, id) => askReport(ctx, id),
    repyes: (ctx, id) => reportIt(ctx, id),
    appr: (ctx, id) => doApprove(ctx, id),
    rej: (ctx, id) => ask(ctx, 'reject', id),
    mrg: (ctx, id) => ask(ctx, 'merge', id),
    rest: (ctx, id) => doRestore(ctx, id),
    notices: (ctx, arg) => {
      if (arg !== 'on' && arg !== 'off') throw new UserError('common:button.invalid');
      notices(ctx, arg);
    },
    queue: (ctx) => showQueue(ctx),
  },
  summary,
  userData,
  forget,
  stats: moderationStats,
  control,
  cli: (program, flows) => moderationCli(program, flows),
  // Registered by the core before any flow starts: a notice a crash interrupted resumes at the start.
  broadcasts: noticeKinds,
  jobs: {
    [NOTICE_WAKE_JOB]: async (services, job) => noticeCenter(services).wake(String((job.payload as { id?: string } | undefined)?.id ?? '') || undefined),
  },
});
