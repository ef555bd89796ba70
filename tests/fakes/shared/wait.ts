// Waiting for a fake platform to see something happen, and explaining what it did see when it
// doesn't: a timeout message that lists the bot's messages and failed calls saves a debug run.
import type { EventEmitter } from 'node:events';

export interface Watched {
  /** Emits 'change' on every change of the fake's state and 'closed' when the fake closes. */
  events: EventEmitter;
  /** The platform's name in messages ("fake Slack"). */
  name: string;
  /** What the bot did so far, for the timeout message. */
  describe: () => string;
}

/** Resolves with the first defined value of `check`, checked now and on every change; rejects after `timeoutMs`. */
export function waitUntil<T>(watched: Watched, check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const { events } = watched;
  return new Promise<T>((resolve, reject) => {
    const finish = (fn: () => void): void => {
      clearTimeout(timer);
      events.off('change', onChange);
      events.off('closed', onClosed);
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
    const onClosed = (): void => finish(() => reject(new Error(`${watched.name} closed while waiting for ${what}`)));
    const timer = setTimeout(() => finish(() => reject(new Error(`${watched.name}: timed out after ${timeoutMs}ms waiting for ${what}.\n${watched.describe()}`))), timeoutMs);
    events.on('change', onChange);
    events.on('closed', onClosed);
    onChange();
  });
}

export const clip = (text: string, max = 120): string => (text.length > max ? `${text.slice(0, max)}…` : text);
