/**
 * NOW-BE-ALL theme groups and official answers (flow `nbgroups`): the seminar forms groups from
 * approved proposals, members comment and amend each proposal in turn, a facilitator publishes
 * the elaborated version that members support or object to before a deadline; in the dialogue
 * phase managers record the authorities' answers. Also the proposals export, the NOW-BE-ALL
 * figures of `together stats` and the seminar's dossier. See README.md in this folder.
 */
import { defineFlow } from '../../../src/engine/index.ts';
import { answerFlow } from './answer.ts';
import { elaborate, join, nbanswerCommand, nbgroupCommand, openGroup } from './chat.ts';
import { groupsCli } from './cli.ts';
import { control } from './control.ts';
import { elaborateFlow } from './elaborate.ts';
import { groupStats, proposalRows } from './export.ts';
import { inviteKinds } from './invite.ts';
import { forget, summaryLines, userData } from './privacy.ts';
import { workStep, type WorkAction, type WorkState, type WorkStep } from './work.ts';

export const nbgroups = defineFlow<WorkState, WorkState, void, Record<string, never>, WorkStep, WorkAction>({
  id: 'nbgroups',
  version: 1,
  title: 'nowbeall-groups:title',
  requiresConsent: true,
  initial: (input) => input,
  subflows: [elaborateFlow, answerFlow],
  steps: { proposal: workStep },
  onEnd: (ctx) => ctx.say(ctx.t('nowbeall-groups:work.finished')),
  commands: { nbgroup: nbgroupCommand, nbanswer: nbanswerCommand },
  actions: {
    join: (ctx, group) => join(ctx, group),
    open: (ctx, group) => openGroup(ctx, group),
    elab: (ctx, id) => elaborate(ctx, id),
  },
  help: [{ command: 'nbgroup', description: 'nowbeall-groups:help.nbgroup' }],
  summary: (ctx) => summaryLines(ctx),
  userData,
  forget,
  exports: { proposals: proposalRows },
  stats: groupStats,
  control,
  cli: (program, flows) => groupsCli(program, flows),
  // Registered by the core before any flow starts, so an invitation a stop interrupted resumes.
  broadcasts: inviteKinds,
});
