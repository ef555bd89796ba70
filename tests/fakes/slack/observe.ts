// Waiting for the app to do something, and explaining what it did do when it doesn't: a timeout
// message that lists the bot's messages and failed calls saves a debug run.
import { clip, waitUntil as waitFor } from '../shared/wait.ts';
import type { SlackState } from './state.ts';

export function waitUntil<T>(state: SlackState, botUserId: string, check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return waitFor({ events: state.events, name: 'fake Slack', describe: () => describe(state, botUserId) }, check, timeoutMs, what);
}

/** What the bot posted (last 25) and which calls failed (last 10). */
export function describe(state: SlackState, botUserId: string): string {
  const lines: string[] = [];
  const posted = [...state.conversations.values()].flatMap((c) => c.messages.filter((m) => m.user === botUserId).map((m) => ({ c, m })));
  posted.sort((a, b) => Number(a.m.ts) - Number(b.m.ts));
  lines.push(posted.length === 0 ? 'The bot posted no message.' : `The bot posted ${posted.length} message(s)${posted.length > 25 ? ' (last 25 shown)' : ''}:`);
  for (const { c, m } of posted.slice(-25)) {
    const flags = `${m.edited ? ' (edited)' : ''}${m.deleted ? ' (deleted)' : ''}`;
    lines.push(`  ${c.id} ${m.ts}${flags}: ${JSON.stringify(clip(m.text))}${m.blocks ? ` +${m.blocks.length} block(s)` : ''}`);
  }
  const failed = state.calls.filter((c) => !c.ok).slice(-10);
  if (failed.length > 0) {
    lines.push('Failed calls (last 10):');
    for (const c of failed) lines.push(`  ${c.method} -> ${c.status} ${c.error ?? ''}`);
  }
  return lines.join('\n');
}
