import type { Turn } from './turn.ts';
import { currentStep } from './navigation.ts';

/** /help: the commands in the user's language, and where the user is now. */
export function helpText(turn: Turn): string {
  const t = turn.t;
  const lines = [t('common:help.title'), ...commandList(turn)];
  lines.push('', t('common:help.inFlow'));
  const cur = currentStep(turn);
  if (cur) {
    lines.push('', t('common:help.where', { flow: t(`common:flowNames.${cur.flow.id}`) }));
    const progress = cur.step.progress?.(turn);
    if (progress) lines.push(progress);
  }
  return lines.join('\n');
}

/** One line per command of every flow, in the user's language. */
export function commandList(turn: Turn): string[] {
  const lines: string[] = [];
  for (const flow of turn.services.flows.values()) {
    for (const h of flow.help ?? []) lines.push(`/${h.command} — ${turn.t(h.description)}`);
  }
  return lines;
}
