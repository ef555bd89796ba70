// Waiting for things to happen, and explaining what did happen when they don't:
// a timeout message that lists the bot's messages and failed calls saves a debug run.
import type { FakeState } from './state.ts';

export interface WaitOptions {
  timeoutMs?: number;
  /** Only consider messages sent or changed after this mark (see FakeTelegram.mark()). */
  since?: number;
}

export function waitUntil<T>(state: FakeState, check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const finish = (fn: () => void): void => {
      clearTimeout(timer);
      state.events.off('change', onChange);
      state.events.off('closed', onClosed);
      fn();
    };
    const onChange = (): void => {
      let found: T | undefined;
      try {
        found = check();
      } catch (error) {
        finish(() => reject(error as Error));
        return;
      }
      if (found !== undefined) finish(() => resolve(found as T));
    };
    const onClosed = (): void => finish(() => reject(new Error(`fake Telegram closed while waiting for ${what}`)));
    const timer = setTimeout(() => finish(() => reject(new Error(`fake Telegram: timed out after ${timeoutMs}ms waiting for ${what}.\n${describe(state)}`))), timeoutMs);
    state.events.on('change', onChange);
    state.events.on('closed', onClosed);
    onChange();
  });
}

const clip = (text: string, max = 120): string => (text.length > max ? `${text.slice(0, max)}…` : text);

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
