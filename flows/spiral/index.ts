/**
 * SPIRAL: citizens answer the well-being questions in homogeneous groups (or alone), one
 * idea per message; they classify their criteria in the 8 families and rate them; the
 * facilitators run the groups, validate classifications, read results and export.
 *
 * @example
 * // a citizen:      /spiral K7M2QX   (or the link https://t.me/<bot>?start=g_K7M2QX)
 * // a facilitator:  /spiral new · /spiral criteria K7M2QX · /spiral results K7M2QX · /spiral export K7M2QX
 */
import type { Flow, Store } from '../../src/engine/index.ts';
import { actionName } from './actions.ts';
import { spiralCli } from './cli.ts';
import { spiralRecords } from './records.ts';
import { goToGroup, invitationLink, joinLink, spiralCommand, spiralGroupLink } from './commands.ts';
import { reviewAnswer, reviewNext } from './criteria.ts';
import { spiralRows } from './export.ts';
import { GROUP_LINK_PREFIX, INVITATION_LINK_PREFIX } from './links.ts';
import { NUDGE_JOB, runNudge } from './nudge.ts';
import { FLOW_ID } from './participant.ts';
import { forget, summaryLines, userData } from './privacy.ts';
import { flowStats } from './stats.ts';
import { aloneSteps, startAlone } from './steps/alone.ts';
import { classifySteps } from './steps/classify.ts';
import { createSteps } from './steps/create.ts';
import { questionSteps } from './steps/questions.ts';
import { rateSteps } from './steps/rate.ts';
import { reviewSteps } from './steps/review.ts';

export const spiral: Flow = {
  id: FLOW_ID,
  version: 1,
  requiresConsent: true,
  // Order matters only where a step answers next(): the questions flow into the review;
  // every later move is explicit.
  steps: [...questionSteps, ...reviewSteps, ...classifySteps, ...rateSteps, ...createSteps, ...aloneSteps],
  commands: { spiral: spiralCommand },
  deepLinks: { [GROUP_LINK_PREFIX]: joinLink, [INVITATION_LINK_PREFIX]: invitationLink },
  groupLink: spiralGroupLink,
  actions: {
    [actionName('sgo')]: (turn, code) => goToGroup(turn, code),
    [actionName('salone')]: (turn) => startAlone(turn, ''),
    [actionName('sfr')]: (turn, arg) => reviewNext(turn, arg),
    [actionName('sfx')]: (turn, arg) => reviewAnswer(turn, arg),
  },
  help: [{ command: 'spiral', description: 'spiral:help.command' }],
  jobs: { [NUDGE_JOB]: runNudge },
  exports: { spiral: spiralRows },
  summary: summaryLines,
  userData,
  forget,
  stats: flowStats,
  cli: (program) => spiralCli(program),
};

/**
 * True when a SPIRAL group has this code (already normalised): for another flow that points to a
 * group (a caravan stop's questionnaire link). One record read.
 */
export async function spiralGroupExists(store: Store, code: string): Promise<boolean> {
  return Boolean(await (await spiralRecords(store)).groups.get(code));
}
