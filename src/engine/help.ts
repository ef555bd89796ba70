import type { Turn } from './turn.ts';
import { currentStep } from './navigation.ts';

/** /help: the commands in the user's language, and where the user is now. */
export function helpText(turn: Turn): string {
  const t = turn.t;
  const lines = [t('common:help.title'), ...commandList(turn)];
  lines.push('', t('common:help.inFlow'));
  const cur = currentStep(turn);
  if (cur) {
    lines.push('', t('common:help.where', { flow: flowTitle(turn, cur.flow.id) }));
    const progress = cur.step.progress?.(turn);
    if (progress) lines.push(progress);
  }
  return lines.join('\n');
}

/** One line per command of every flow, in the user's language (a Turn or a flow's context). */
export function commandList(turn: { services: Turn['services']; t: Turn['t'] }): string[] {
  const lines: string[] = [];
  for (const flow of turn.services.flows.values()) {
    for (const h of flow.help ?? []) lines.push(`/${h.command} — ${turn.t(h.description)}`);
  }
  return lines;
}

/** A flow's name in the user's language: the key the flow declares, else `common:flowNames.<id>`. */
export function flowTitle(turn: { services: Turn['services']; t: Turn['t'] }, flowId: string): string {
  return turn.t(turn.services.flows.get(flowId)?.title ?? `common:flowNames.${flowId}`);
}

/** Every flow's readable lines about the person, for /mydata. */
export async function flowSummaries(ctx: { turn: Turn }): Promise<string[]> {
  const lines: string[] = [];
  for (const flow of ctx.turn.services.flows.values()) lines.push(...((await flow.summary?.(ctx.turn)) ?? []));
  return lines;
}
