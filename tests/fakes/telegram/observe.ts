// Waiting for things to happen, and explaining what did happen when they don't:
// a timeout message that lists the bot's messages and failed calls saves a debug run.
import { clip, waitUntil as waitFor } from '../shared/wait.ts';
import type { FakeState } from './state.ts';

export interface WaitOptions {
  timeoutMs?: number;
  /** Only consider messages sent or changed after this mark (see FakeTelegram.mark()). */
  since?: number;
}

export function waitUntil<T>(state: FakeState, check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return waitFor({ events: state.events, name: 'fake Telegram', describe: () => describe(state) }, check, timeoutMs, what);
}

/** A readable summary of what the bot sent and which calls failed. */
export function describe(state: FakeState): string {
  const lines: string[] = [];
  const sent = state.sent.slice(-25);
  lines.push(sent.length === 0 ? 'The bot sent no message.' : `The bot sent ${state.sent.length} message(s)${state.sent.length > sent.length ? ' (last 25 shown)' : ''}:`);
  for (const m of sent) {
    const body = m.text ?? (m.photo ? `[photo ${m.photo.file_name ?? ''}] ${m.caption ?? ''}` : m.document ? `[document ${m.document.file_name ?? ''}] ${m.caption ?? ''}` : '');
    const buttons = m.buttons.length ? ` buttons=${JSON.stringify(m.buttons.map((row) => row.map((b) => b.data ?? b.url ?? b.text)))}` : '';
    const flags = `${m.edits.length ? ` (edited ${m.edits.length}x)` : ''}${m.deleted ? ' (deleted)' : ''}`;
    lines.push(`  chat ${m.chat_id} #${m.message_id}${flags}: ${JSON.stringify(clip(body))}${buttons}`);
  }
  const failed = state.calls.filter((c) => !c.ok && c.method !== 'getUpdates').slice(-10);
  if (failed.length > 0) {
    lines.push('Failed calls (last 10):');
    for (const c of failed) lines.push(`  ${c.method} -> ${c.http_status} ${c.description ?? ''}${c.injected ? ' [injected]' : ''}`);
  }
  return lines.join('\n');
}
