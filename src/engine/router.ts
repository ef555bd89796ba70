import { isBlank } from '../core/clean-text.ts';
import type { ChoiceEvent, CommandEvent, TextEvent } from '../core/types.ts';
import { decodeToken, stepRef } from './buttons.ts';
import { apply, back, currentStep, decide, finish, renderPrompt, turnPage } from './navigation.ts';
import type { Turn } from './turn.ts';
import type { ActionHandler, Flow } from './flow.ts';
import { helpText } from './help.ts';
import { UserError } from '../core/user-error.ts';
import { resolveValue } from './tokens.ts';

/** Longest text the core accepts at all; flows set their own, smaller limits. */
export const MAX_TEXT = 20_000;

const NAV = new Set(['back', 'skip', 'done', 'cancel']);

function consentMissing(turn: Turn, flow: Flow | undefined, pending?: { command: string; args: string }): boolean {
  if (!flow?.requiresConsent || turn.user.consentAt) return false;
  // The link the person came with (a join code on a poster) is kept, so consenting leads straight there.
  if (pending) turn.user.pending = pending;
  askConsent(turn);
  return true;
}

/** Lets the flow that collects consent ask for it (onboarding); a plain notice when none does. */
export function askConsent(turn: Turn): void {
  const provider = [...turn.services.flows.values()].find((f) => f.askConsent);
  if (provider?.askConsent) provider.askConsent(turn);
  else turn.say(turn.t('common:consent.required'));
}

/**
 * Runs a command, action or deep-link handler: a UserError it throws is said, and the
 * current question asked again; the flow never catches its own UserErrors.
 */
async function guarded(turn: Turn, run: () => void | Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    turn.say(turn.t(e.key, e.params));
    turn.reprompt();
  }
}

/**
 * The action a button names: `flow.name` (typed flows, namespaced by the engine), or a bare
 * `name` (old-style flows, and buttons sent before actions were namespaced: it finds the one
 * flow that declares that name, namespaced or not).
 */
function findAction(turn: Turn, name: string): { flow: Flow; action: ActionHandler } | null {
  const flows = [...turn.services.flows.values()];
  for (const flow of flows) {
    const action = flow.actions?.[name];
    if (action) return { flow, action };
  }
  if (name.includes('.')) return null;
  const found = flows.flatMap((flow) => Object.entries(flow.actions ?? {}).filter(([k]) => k === `${flow.id}.${name}`).map(([, action]) => ({ flow, action })));
  return found.length === 1 ? found[0]! : null;
}

async function navigate(turn: Turn, name: string): Promise<void> {
  const cur = currentStep(turn);
  const t = turn.t;
  if (!cur) {
    turn.say(t(name === 'cancel' ? 'common:nav.nothingToCancel' : name === 'done' ? 'common:nav.nothingToFinish' : 'common:nav.nothingOpen'));
    return;
  }
  const { flow, step } = cur;
  switch (name) {
    case 'cancel':
      // /cancel leaves the whole conversation, sub-flows and the flows that called them.
      flow.onCancel?.(turn);
      for (const caller of [...(turn.user.session?.parents ?? [])].reverse()) turn.services.flows.get(caller.flow)?.onCancel?.(turn);
      turn.user.session = undefined;
      turn.promptNeeded = false;
      turn.say(t('common:nav.cancelled'));
      return;
    case 'back':
      if (!back(turn, flow)) {
        turn.say(t('common:nav.atStart'));
        turn.promptNeeded = true;
      }
      return;
    case 'skip':
      if (!step.optional) {
        turn.say(t('common:nav.cannotSkip'));
        turn.promptNeeded = true;
        return;
      }
      return apply(turn, flow, step, step.onSkip ? await decide(() => step.onSkip!(turn)) : { kind: 'next' });
    case 'done':
      if (!step.list) {
        turn.say(t('common:nav.notAList'));
        turn.promptNeeded = true;
        return;
      }
      return apply(turn, flow, step, step.onDone ? await decide(() => step.onDone!(turn)) : { kind: 'next' });
  }
}

export async function routeCommand(turn: Turn, event: CommandEvent): Promise<void> {
  const { name, args } = event;
  if (NAV.has(name)) return navigate(turn, name);
  if (name === 'help') {
    turn.say(helpText(turn));
    return;
  }
  if (name === 'start' && args) {
    for (const flow of turn.services.flows.values()) {
      for (const [prefix, handler] of Object.entries(flow.deepLinks ?? {})) {
        if (args.startsWith(prefix)) {
          if (consentMissing(turn, flow, { command: name, args })) return;
          return guarded(turn, () => handler(turn, args.slice(prefix.length)));
        }
      }
    }
  }
  for (const flow of turn.services.flows.values()) {
    const handler = flow.commands?.[name];
    if (handler) {
      // The command typed is kept like a link's: after "I agree" it runs, rather than the person typing it again.
      if (consentMissing(turn, flow, { command: name, args })) return;
      return guarded(turn, () => handler(turn, args));
    }
  }
  turn.say(turn.t('common:unknownCommand', { command: `/${name}` }));
  turn.reprompt();
}

/** Runs the command that waited for consent, if any. True when there was one. */
export async function resumePending(turn: Turn): Promise<boolean> {
  const pending = turn.user.pending;
  if (!pending || !turn.user.consentAt) return false;
  delete turn.user.pending;
  await routeCommand(turn, { kind: 'command', name: pending.command, args: pending.args, address: turn.event.address });
  return true;
}

export async function routeChoice(turn: Turn, event: ChoiceEvent): Promise<void> {
  const t = turn.t;
  const token = decodeToken(event.token);
  if (!token) {
    turn.say(t('common:button.invalid'));
    turn.reprompt();
    return;
  }
  if (token.owner !== turn.user.key.slice(0, 4)) {
    turn.say(t('common:button.notYours'));
    return;
  }
  const fresh = token.seq === turn.user.seq;
  const mark = () => {
    if (event.message) turn.replies.push({ kind: 'mark', message: event.message, token: event.token });
  };
  const value = resolveValue(turn.user, token.value);
  if (value === undefined) {
    // A reference to a long value the person's table no longer holds: an old button.
    turn.say(t('common:button.expired'));
    turn.reprompt();
    return;
  }
  if (value.startsWith('#')) {
    const [name = '', ...rest] = value.slice(1).split(':');
    const found = findAction(turn, name);
    if (found) {
      if (consentMissing(turn, found.flow)) return;
      mark();
      return guarded(turn, () => found.action(turn, rest.join(':'), fresh));
    }
    turn.say(t('common:button.invalid'));
    return;
  }
  const cur = currentStep(turn);
  // Cancel or Done pressed on an old message once nothing is open: say so, not "expired".
  if (!cur && NAV.has(value.slice(1)) && value.startsWith('!')) return navigate(turn, value.slice(1));
  // A button of an older message still counts while it belongs to the step the user is on.
  if (!cur || token.stepRef !== stepRef(cur.flow.id, cur.step.id)) {
    turn.say(t(cur ? 'common:button.expired' : 'common:button.expiredNoFlow'));
    turn.reprompt();
    return;
  }
  mark();
  if (value === '!more' || value === '!page') return turnPage(turn, value === '!more' ? 1 : -1);
  if (value.startsWith('!')) return navigate(turn, value.slice(1));
  if (!cur.step.onChoice) {
    turn.say(t('common:button.expired'));
    turn.reprompt();
    return;
  }
  const step = cur.step;
  return apply(turn, cur.flow, step, await decide(() => step.onChoice!(turn, value)));
}

export async function routeText(turn: Turn, event: TextEvent): Promise<void> {
  const t = turn.t;
  const text = event.text.trim();
  const cur = currentStep(turn);
  if (isBlank(text)) {
    turn.say(t('common:input.empty'));
    turn.reprompt();
    return;
  }
  if (text.length > MAX_TEXT) {
    turn.say(t('common:input.tooLong', { max: MAX_TEXT }));
    turn.reprompt();
    return;
  }
  if (!cur) {
    const greeter = !turn.user.consentAt && !turn.event.address.group ? [...turn.services.flows.values()].find((f) => f.greet) : undefined;
    if (greeter?.greet) return guarded(turn, () => greeter.greet!(turn, ''));
    turn.say(t('common:input.noFlow'));
    return;
  }
  if (!cur.step.onText) {
    const numbers = turn.services.capabilities(turn.event.address.channel).numberedChoices;
    turn.say(t(numbers ? 'common:input.useButtonsOrNumber' : 'common:input.useButtons'));
    turn.promptNeeded = true;
    return;
  }
  const step = cur.step;
  return apply(turn, cur.flow, step, await decide(() => step.onText!(turn, text)));
}

export { renderPrompt, finish };
