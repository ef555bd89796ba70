/**
 * SPIRAL: citizens answer the well-being questions in homogeneous groups (or alone), one
 * idea per message; they classify their criteria in the 8 families and rate them; the
 * facilitators run the groups, validate classifications, read results and export.
 *
 * @example
 * // a citizen:      /spiral K7M2QX   (or the link https://t.me/<bot>?start=g_K7M2QX)
 * // a facilitator:  /spiral new · /spiral criteria K7M2QX · /spiral results K7M2QX · /spiral export K7M2QX
 */
import type { Store } from '../../src/engine/index.ts';
import { defineFlow } from '../../src/engine/index.ts';
import type { SpiralAction } from './actions.ts';
import { spiralCli } from './cli.ts';
import { spiralRecords } from './records.ts';
import { goToGroup, invitationLink, joinLink, spiralCommand, spiralGroupLink } from './commands.ts';
import { reviewAnswer, reviewNext } from './criteria.ts';
import { keepPosition, keeping } from './enter.ts';
import { spiralRows } from './export.ts';
import { GROUP_LINK_PREFIX, INVITATION_LINK_PREFIX } from './links.ts';
import { spiralHome } from './home.ts';
import { spiralDigest } from './digest.ts';
import { NUDGE_JOB, runNudge } from './nudge.ts';
import { FLOW_ID, newSpiralData } from './participant.ts';
import { forget, summaryLines, userData } from './privacy.ts';
import { fromVars, MOVED, type SpiralState, type SpiralStep } from './state.ts';
import { flowStats } from './stats.ts';
import type { SpiralData } from './types.ts';
import { aloneStep, startAlone } from './steps/alone.ts';
import { classifyStep } from './steps/classify.ts';
import { createSteps } from './steps/create.ts';
import { spiralComponent, spiralFamily } from './steps/family.ts';
import { spiralIdea } from './steps/idea.ts';
import { questionSteps } from './steps/questions.ts';
import { rateStep } from './steps/rate.ts';
import { reviewStep } from './steps/review.ts';

// Steps, commands, deep links, actions and /mydata all run over the flow's typed context (nav.ts:
// `Ctx` in steps, `SpiralContext` elsewhere), through the engine's public entry point only.
export const spiral = defineFlow<SpiralState, SpiralState, void, SpiralData, SpiralStep, SpiralAction>({
  id: FLOW_ID,
  // 2: typed state; the idea, family and component steps became sub-flows (MOVED says where older positions resume).
  version: 2,
  requiresConsent: true,
  initial: (input) => input,
  migrate: (vars) => fromVars(vars),
  moved: MOVED,
  data: newSpiralData,
  subflows: [spiralIdea, spiralFamily, spiralComponent],
  // Order matters only where a step answers next(): the questions flow into the review;
  // every later move is explicit.
  steps: { ...keeping(questionSteps), ...keeping({ review: reviewStep, classify: classifyStep, rate: rateStep }), ...createSteps, alone: aloneStep },
  commands: { spiral: (ctx, args) => spiralCommand(ctx, args) },
  deepLinks: { [GROUP_LINK_PREFIX]: (ctx, rest) => joinLink(ctx, rest), [INVITATION_LINK_PREFIX]: (ctx, rest) => invitationLink(ctx, rest) },
  groupLink: spiralGroupLink,
  // Namespaced by the engine (`#spiral.sgo:CODE`); bare buttons sent before (`#sgo:CODE`) still find them.
  actions: {
    sgo: (ctx, code) => goToGroup(ctx, code),
    salone: (ctx) => startAlone(ctx, ''),
    sfr: (ctx, arg) => reviewNext(ctx, arg),
    sfx: (ctx, arg) => reviewAnswer(ctx, arg),
  },
  // /cancel keeps the position with the group's answers: /spiral CODE resumes there.
  onCancel: (ctx) => keepPosition(ctx.document().session, ctx.data),
  help: [{ command: 'spiral', description: 'spiral:help.command' }],
  jobs: { [NUDGE_JOB]: runNudge },
  exports: { spiral: spiralRows },
  summary: (ctx) => summaryLines(ctx),
  home: (ctx) => spiralHome(ctx),
  digest: spiralDigest,
  userData,
  forget,
  stats: flowStats,
  cli: (program) => spiralCli(program),
});

/**
 * True when a SPIRAL group has this code (already normalised): for another flow that points to a
 * group (a caravan stop's questionnaire link). One record read.
 */
export async function spiralGroupExists(store: Store, code: string): Promise<boolean> {
  return Boolean(await (await spiralRecords(store)).groups.get(code));
}
