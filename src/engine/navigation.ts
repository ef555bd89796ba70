import type { Button, Choice } from '../core/types.ts';
import { UserError } from '../core/user-error.ts';
import type { Session } from '../store/types.ts';
import type { Flow, Next, Returned, Step } from './flow.ts';
import type { Turn } from './turn.ts';
import { stepRef } from './buttons.ts';
import { layout, pageSize } from './layout.ts';

/** The flow and step of the user's session, resolved against the flows as they are now. */
export function currentStep(turn: Turn): { flow: Flow; step: Step } | null {
  const s = turn.user.session;
  if (!s) return null;
  const flow = turn.services.flows.get(s.flow);
  const steps = flow?.steps ?? [];
  if (!flow || steps.length === 0) return null;
  let step = steps.find((x) => x.id === s.step);
  if (!step || s.version !== flow.version) {
    // A saved position from an older version of the flow: resume at the same step if it
    // still exists, otherwise at the step now standing where it stood.
    const moved = step ? undefined : steps.find((x) => x.id === flow.moved?.[s.step]);
    step ??= moved ?? steps[Math.min(s.stepIndex, steps.length - 1)]!;
    s.step = step.id;
    s.stepIndex = steps.indexOf(step);
    s.version = flow.version;
    s.history = s.history.filter((h) => steps.some((x) => x.id === h));
    // Moved back to a step already walked (a sub-step's caller): /back goes on from where that step was.
    const walked = moved ? s.history.lastIndexOf(moved.id) : -1;
    if (walked >= 0) s.history = s.history.slice(0, walked);
  }
  return { flow, step };
}

function moveTo(turn: Turn, flow: Flow, target: Step, remember: boolean): void {
  const s = turn.user.session!;
  if (remember && s.step !== target.id) s.history.push(s.step);
  s.step = target.id;
  s.stepIndex = flow.steps!.indexOf(target);
  delete s.vars._page;
  turn.promptNeeded = true;
}

/** A new position at a flow's first step (or `step`), plain JSON. */
export function newSession(turn: Turn, flow: Flow, options: { step?: string; vars?: Record<string, unknown>; state?: unknown } = {}): Session {
  const steps = flow.steps ?? [];
  const step = options.step ?? steps[0]?.id;
  if (!step || !steps.some((s) => s.id === step)) throw new Error(`Flow ${flow.id} has no step ${options.step ?? '(first)'}`);
  return {
    flow: flow.id,
    version: flow.version,
    step,
    stepIndex: Math.max(0, steps.findIndex((s) => s.id === step)),
    history: [],
    vars: options.vars ?? {},
    ...(options.state !== undefined ? { state: options.state } : {}),
    startedAt: turn.now.toISOString(),
  };
}

/** Leaves the flow: position cleared (or back to the caller of a sub-flow), answers kept. */
export async function finish(turn: Turn, flow: Flow, result?: unknown): Promise<void> {
  const parents = turn.user.session?.parents ?? [];
  turn.user.session = undefined;
  turn.promptNeeded = false;
  await flow.onEnd?.(turn);
  if (parents.length > 0) await returnTo(turn, parents, { flow: flow.id, result });
}

/** Hands control back to the step that called a sub-flow, with what it returned. */
async function returnTo(turn: Turn, parents: Session[], returned: Returned): Promise<void> {
  // A flow the sub-flow's onEnd started in the meantime wins: the caller is not resumed over it.
  if (turn.user.session) return;
  const caller = parents.at(-1)!;
  turn.user.session = parents.length > 1 ? { ...caller, parents: parents.slice(0, -1) } : caller;
  turn.promptNeeded = true;
  const cur = currentStep(turn);
  if (!cur) return;
  if (cur.step.onReturn) await apply(turn, cur.flow, cur.step, await decide(() => cur.step.onReturn!(turn, returned)));
}

/** Runs a handler; a UserError it throws becomes the decision to explain and ask again. */
export async function decide(run: () => Next | Promise<Next>): Promise<Next> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UserError) return { kind: 'fail', error: e };
    throw e;
  }
}

/** Applies a handler's decision: move, stay, explain and ask again, call, return or finish. */
export async function apply(turn: Turn, flow: Flow, step: Step, decision: Next): Promise<void> {
  const steps = flow.steps!;
  switch (decision.kind) {
    case 'stay':
      return;
    case 'reprompt':
      turn.promptNeeded = true;
      return;
    case 'invalid':
      turn.say(decision.message);
      turn.promptNeeded = true;
      return;
    case 'fail':
      turn.say(turn.t(decision.error.key, decision.error.params));
      turn.promptNeeded = true;
      return;
    case 'end':
      return finish(turn, flow, decision.result);
    case 'back':
      if (!back(turn, flow)) {
        turn.say(turn.t('common:nav.atStart'));
        turn.promptNeeded = true;
      }
      return;
    case 'call': {
      const sub = turn.services.flows.get(decision.flow);
      if (!sub) throw new Error(`Flow ${flow.id} calls ${decision.flow}, which is not registered: list it in ${flow.id}'s subflows`);
      const caller = turn.user.session!;
      const { parents = [], ...frame } = caller;
      const state = sub.initialState?.(turn, decision.input);
      turn.user.session = { ...newSession(turn, sub, { state }), parents: [...parents, frame] };
      turn.promptNeeded = true;
      return;
    }
    case 'goto': {
      const target = steps.find((x) => x.id === decision.step);
      if (!target) throw new Error(`Flow ${flow.id} has no step ${decision.step}`);
      return moveTo(turn, flow, target, true);
    }
    case 'next': {
      let i = steps.indexOf(step) + 1;
      while (i < steps.length && steps[i]!.skipIf?.(turn)) i++;
      const target = steps[i];
      if (!target) return finish(turn, flow);
      return moveTo(turn, flow, target, true);
    }
  }
}

/** /back: to the previous step the user was on; at a sub-flow's start, back to its caller. */
export function back(turn: Turn, flow: Flow): boolean {
  const s = turn.user.session!;
  let prev: string | undefined;
  while ((prev = s.history.pop()) !== undefined) {
    const target = flow.steps!.find((x) => x.id === prev);
    if (target && !target.skipIf?.(turn)) {
      moveTo(turn, flow, target, false);
      return true;
    }
  }
  const parents = s.parents ?? [];
  if (parents.length === 0) return false;
  const caller = parents.at(-1)!;
  turn.user.session = parents.length > 1 ? { ...caller, parents: parents.slice(0, -1) } : caller;
  turn.promptNeeded = true;
  return true;
}

/** The navigation buttons of the current step, in a fixed order (pages first). */
function navChoices(turn: Turn, step: Step, pages: Choice[]): (Choice & { command?: string })[] {
  const s = turn.user.session!;
  const t = turn.t;
  const nav: (Choice & { command?: string })[] = [...pages];
  if (step.list) nav.push({ label: t('common:nav.done'), value: '!done', command: 'done' });
  if (step.optional) nav.push({ label: t('common:nav.skip'), value: '!skip', command: 'skip' });
  if (s.history.length > 0 || (s.parents?.length ?? 0) > 0) nav.push({ label: t('common:nav.back'), value: '!back', command: 'back' });
  nav.push({ label: t('common:nav.cancel'), value: '!cancel', command: 'cancel' });
  return nav;
}

/** Renders the current step: progress, question, choices (paged to fit the channel), and the navigation row. */
export function renderPrompt(turn: Turn): void {
  const cur = currentStep(turn);
  if (!cur) return;
  const { step } = cur;
  const s = turn.user.session!;
  const prompt = step.prompt(turn);
  const progress = step.progress?.(turn);
  const text = progress ? `${progress}\n${prompt.text}` : prompt.text;

  const all = (prompt.choices ?? []).filter((c) => !c.value.startsWith('!'));
  const labels = all.map((c) => c.label);
  // Sized with both page buttons counted, so a page never overflows the channel's rows.
  const navCount = navChoices(turn, step, []).length;
  const whole = pageSize(labels, navCount, turn.capabilities, prompt.columns);
  const paged = all.length > whole;
  const size = paged ? pageSize(labels, navCount + 2, turn.capabilities, prompt.columns) : whole;
  const page = Math.max(0, Math.min(Number(s.vars._page ?? 0), Math.ceil(all.length / size) - 1));
  const shown = paged ? all.slice(page * size, (page + 1) * size) : all;
  const pages: Choice[] = [];
  if (paged && page > 0) pages.push({ label: turn.t('common:nav.previous'), value: '!page' });
  if (paged && (page + 1) * size < all.length) pages.push({ label: turn.t('common:nav.more'), value: '!more' });
  turn.replies.push({ kind: 'text', text, buttons: stepButtons(turn, shown, prompt.columns, pages) });
}

/**
 * The buttons of a message about the current step: its own choices first, then the navigation
 * (pages, Done, Skip, Back, Cancel) in a fixed order, laid out for the channel. Every message of
 * a step uses this layout, so a button never moves between two messages of the same question.
 * Choices whose value is a navigation value (`!done`) are left to the navigation row.
 */
export function stepButtons(turn: Turn, choices: Choice[], columns?: number, pages: Choice[] = []): Button[][] {
  const cur = currentStep(turn);
  if (!cur) return turn.buttons(choices, columns);
  const { flow, step } = cur;
  const nav = navChoices(turn, step, pages);
  const ref = stepRef(flow.id, step.id);
  // Both groups share one sequence number, so the navigation is as fresh as the choices.
  turn.user.seq += 1;
  const answers = choices.filter((c) => !c.value.startsWith('!')).map((c): Button => ({ label: c.label, token: turn.token(c.value, ref) }));
  const navButtons = nav.map((c): Button => ({ label: c.label, token: turn.token(c.value, ref), nav: true, ...(c.command ? { command: c.command } : {}) }));
  return layout(answers, navButtons, turn.capabilities, columns);
}

/** Moves between pages of a long choice list. */
export function turnPage(turn: Turn, delta: number): void {
  const s = turn.user.session!;
  s.vars._page = Math.max(0, Number(s.vars._page ?? 0) + delta);
  turn.promptNeeded = true;
}
