import type { Button, Choice } from '../core/types.ts';
import type { Flow, Next, Step } from './flow.ts';
import type { Turn } from './turn.ts';
import { stepRef } from './buttons.ts';

const PAGE_SIZE = 8;

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
    step ??= steps[Math.min(s.stepIndex, steps.length - 1)]!;
    s.step = step.id;
    s.stepIndex = steps.indexOf(step);
    s.version = flow.version;
    s.history = s.history.filter((h) => steps.some((x) => x.id === h));
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

/** Leaves the flow: position cleared, answers kept. */
export async function finish(turn: Turn, flow: Flow): Promise<void> {
  turn.user.session = undefined;
  turn.promptNeeded = false;
  await flow.onEnd?.(turn);
}

/** Applies a handler's decision: move, stay, explain and ask again, or finish. */
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
    case 'end':
      return finish(turn, flow);
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

/** /back: to the previous step the user was on. */
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
  return false;
}

/** Renders the current step: progress, question, choices (paged), and the navigation row. */
export function renderPrompt(turn: Turn): void {
  const cur = currentStep(turn);
  if (!cur) return;
  const { step } = cur;
  const s = turn.user.session!;
  const prompt = step.prompt(turn);
  const progress = step.progress?.(turn);
  const text = progress ? `${progress}\n${prompt.text}` : prompt.text;

  const all = prompt.choices ?? [];
  const page = Math.max(0, Math.min(Number(s.vars._page ?? 0), Math.ceil(all.length / PAGE_SIZE) - 1));
  const paged = all.length > PAGE_SIZE;
  const shown = paged ? all.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE) : all;
  const pages: Choice[] = [];
  if (paged && page > 0) pages.push({ label: turn.t('common:nav.previous'), value: '!page' });
  if (paged && (page + 1) * PAGE_SIZE < all.length) pages.push({ label: turn.t('common:nav.more'), value: '!more' });
  turn.replies.push({ kind: 'text', text, buttons: stepButtons(turn, shown, prompt.columns, pages) });
}

/**
 * The buttons of a message about the current step: its own choices first, then one navigation
 * row (pages, Done, Skip, Back, Cancel) in a fixed order. Every message of a step uses this
 * layout, so a button never moves between two messages of the same question. Choices whose
 * value is a navigation value (`!done`) are left to the navigation row.
 */
export function stepButtons(turn: Turn, choices: Choice[], columns?: number, pages: Choice[] = []): Button[][] {
  const cur = currentStep(turn);
  if (!cur) return turn.buttons(choices, columns);
  const { flow, step } = cur;
  const s = turn.user.session!;
  const t = turn.t;
  const nav: (Choice & { command?: string })[] = [...pages];
  if (step.list) nav.push({ label: t('common:nav.done'), value: '!done', command: 'done' });
  if (step.optional) nav.push({ label: t('common:nav.skip'), value: '!skip', command: 'skip' });
  if (s.history.length > 0) nav.push({ label: t('common:nav.back'), value: '!back', command: 'back' });
  nav.push({ label: t('common:nav.cancel'), value: '!cancel', command: 'cancel' });

  const ref = stepRef(flow.id, step.id);
  const own = choices.filter((c) => !c.value.startsWith('!'));
  const rows = [...turn.buttons(own, columns, ref)];
  // Both groups share one sequence number, so the nav row is as fresh as the choices.
  turn.user.seq -= 1;
  const navRow = turn.buttons(nav, nav.length, ref).flat().map((b, i): Button => {
    const command = nav[i]!.command;
    return { ...b, nav: true, ...(command ? { command } : {}) };
  });
  rows.push(navRow);
  return rows.filter((r) => r.length > 0);
}

/** Moves between pages of a long choice list. */
export function turnPage(turn: Turn, delta: number): void {
  const s = turn.user.session!;
  s.vars._page = Math.max(0, Number(s.vars._page ?? 0) + delta);
  turn.promptNeeded = true;
}
