/**
 * NOW-BE-ALL, part A (`nowbeall`): calls for proposals and their phases (managers, in chat and
 * on the command line), and `/propose`, the guided flow that sends a proposal after showing the
 * similar ones already there; the author edits it while pending and withdraws it any time.
 * Moderation, reading and supporting are the `proposals` flow (moderation/); theme groups,
 * answers and exports the `nbgroups` flow (groups/).
 */
import { defineFlow } from '../../src/engine/index.ts';
import type { ProposeAction } from './propose/actions.ts';
import { callWizard } from './propose/call-wizard.ts';
import { callCli } from './propose/cli.ts';
import { askWithdraw, confirmWithdraw, editMine, proposeCommand, showMine, startNew } from './propose/commands.ts';
import { callControl } from './propose/control.ts';
import { proposeHome } from './propose/home.ts';
import { nowbeallDigest } from './digest.ts';
import { askPhase, changePhase, managersOnly, nowbeallCommand, showCall } from './propose/managers.ts';
import { forget, summary, userData } from './propose/privacy.ts';
import { initialPropose, proposeSteps, type ProposeInput, type ProposeState, type ProposeStepId } from './propose/wizard.ts';
import { startIndex, stopIndex } from './similar.ts';
import type { NowbeallData } from './types.ts';

export const nowbeall = defineFlow<ProposeState, ProposeInput, void, NowbeallData, ProposeStepId, ProposeAction>({
  id: 'nowbeall',
  version: 1,
  title: 'nowbeall:title',
  requiresConsent: true,
  initial: initialPropose,
  data: (): NowbeallData => ({}),
  steps: proposeSteps,
  subflows: [callWizard],
  commands: { propose: proposeCommand, nowbeall: nowbeallCommand },
  help: [
    { command: 'propose', description: 'nowbeall:help.propose' },
    { command: 'nowbeall', description: 'nowbeall:help.nowbeall' },
  ],
  actions: {
    new: (ctx) => startNew(ctx),
    mine: (ctx) => showMine(ctx),
    edit: (ctx, id) => editMine(ctx, id),
    wd: (ctx, id) => askWithdraw(ctx, id),
    wdyes: (ctx, id, { fresh }) => confirmWithdraw(ctx, id, fresh),
    wdno: (ctx) => ctx.say(ctx.t('nowbeall:withdraw.kept')),
    cshow: async (ctx, id) => (managersOnly(ctx) ? showCall(ctx, id) : undefined),
    cphase: async (ctx, arg) => (managersOnly(ctx) ? askPhase(ctx, arg) : undefined),
    async cphyes(ctx, arg, { fresh }) {
      if (!managersOnly(ctx)) return;
      if (!fresh) return ctx.say(ctx.t('nowbeall:phase.expired'));
      const [id = '', phase = ''] = arg.split(':');
      await changePhase(ctx, id, phase, false);
    },
    copen: (ctx) => (managersOnly(ctx) ? ctx.start(callWizard) : undefined),
  },
  summary,
  userData,
  forget,
  home: (ctx) => proposeHome(ctx),
  digest: nowbeallDigest,
  control: callControl,
  cli: (program, flows) => callCli(flows)(program),
  onStart(services) {
    // Built in the background: the bot answers at once, a first similarity query waits for it.
    startIndex(services.store).catch((e: unknown) => services.log.error({ err: e }, 'nowbeall: the similarity index could not be built'));
  },
  async onStop(services) {
    stopIndex(services.store);
  },
});
