import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { ConsoleChannel } from '../adapters/console/console-channel.ts';
import { createCore, type Core } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { allFlows } from '../flows/index.ts';
import type { SpiralData } from '../flows/spiral/types.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

interface Session {
  core: Core;
  channel: ConsoleChannel;
  input: PassThrough;
  output: () => string;
  dir: string;
}

const open: Session[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) {
    await s.core.stop().catch(() => {});
    removeDir(s.dir);
  }
});

/** The console channel on a real core, typed into through a stream, as `together chat` runs it. */
async function consoleSession(options: { interactive?: boolean; locale?: string; dir?: string } = {}): Promise<Session> {
  const dir = options.dir ?? tempDir('together-console-h-');
  const input = new PassThrough();
  const out = new PassThrough();
  let printed = '';
  out.on('data', (c: Buffer) => (printed += c.toString()));
  const channel = new ConsoleChannel({ user: 'ana', input, output: out, interactive: options.interactive ?? false, fileDir: tempDir(), locale: options.locale });
  const core = await createCore({ config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() }, flows: allFlows, channels: [channel], log: silentLogger(), control: false });
  await core.start();
  const s: Session = { core, channel, input, output: () => printed, dir };
  open.push(s);
  return s;
}

/** Types a whole script, ends the input and waits until every reply is printed. */
async function script(s: Session, lines: string[]): Promise<string> {
  s.input.end(lines.map((l) => `${l}\n`).join(''));
  await s.channel.finished;
  return s.output();
}

async function spiralOf(s: Session): Promise<SpiralData> {
  const { store } = s.core.services;
  const doc = await store.loadUser(store.keyOf('console:ana'));
  return doc!.flows.spiral as SpiralData;
}

const IDEAS = ['/agree', '/spiral alone Mons', 'Having friends', '/done', 'Feeling alone', '/done', 'I volunteer', '/done'];

describe('console: a typed number is an answer, never navigation', () => {
  it('a rating of "6" is refused as a level instead of skipping; "4" is the rating', async () => {
    const s = await consoleSession();
    // Review: Done; classification: leave the rest to the facilitator (4th option); then ratings.
    const out = await script(s, [...IDEAS, '/done', '4', '6', '4']);
    expect(out).toContain('“6” is not a level');
    expect(out).toMatch(/Skip \(\/skip\)/);
    expect(out).not.toMatch(/\d\) Skip/);
    const group = Object.values((await spiralOf(s)).groups)[0]!;
    const first = group.criteria[0]!;
    expect(group.ratings[first.id]?.value).toBe(4);
    expect(Object.keys(group.ratings)).toHaveLength(1);
  });

  it('"2" at the edit prompt is the new text (refused as too short), not Cancel', async () => {
    const s = await consoleSession();
    // Review: the first idea, Edit, then "2".
    const out = await script(s, [...IDEAS, '1', '1', '2']);
    expect(out).toContain('Send the new text of this idea');
    expect(out).not.toContain('Stopped.');
    expect(out.slice(out.indexOf('Send the new text of this idea'))).toContain('This idea is too short');
    const doc = await s.core.services.store.loadUser(s.core.services.store.keyOf('console:ana'));
    // Still editing: the idea's sub-flow, called from the SPIRAL review.
    expect(doc?.session?.flow).toBe('spiral-idea');
    expect(doc?.session?.step).toBe('edit');
    expect(doc?.session?.parents?.map((p) => p.flow)).toEqual(['spiral']);
  });

  it('Done and My ideas keep their places on every message of a list question', async () => {
    const s = await consoleSession();
    const out = await script(s, ['/agree', '/spiral alone Mons', 'Having friends', 'Feeling good']);
    const blocks = out.split('\n\n').filter((b) => b.includes('My ideas') || b.includes('/done'));
    const layouts = blocks.slice(-3).map((b) => b.split('\n').filter((l) => /^\s{2}(\d\)|.*\(\/)/.test(l)).join('\n'));
    expect(layouts.length).toBe(3);
    expect(new Set(layouts.slice(-2)).size).toBe(1);
    expect(layouts.at(-1)).toMatch(/^ {2}1\) 📋 My ideas\n {2}✅ Done \(\/done\)/);
  });

  it('a typed /command is the command even when a button has the same label', () => {
    const ch = new ConsoleChannel({ user: 'me', input: new PassThrough(), output: new PassThrough(), interactive: false, fileDir: tempDir() });
    void ch.deliver('me', {
      kind: 'text',
      text: 'Pick',
      buttons: [[{ label: 'Yes', token: 'y|a|1|abcd' }], [{ label: '✖ Cancel', token: '!cancel|a|1|abcd', nav: true, command: 'cancel' }]],
    });
    expect(ch.toEvent('/cancel')).toMatchObject({ kind: 'command', name: 'cancel' });
    expect(ch.toEvent('1')).toMatchObject({ kind: 'choice', token: 'y|a|1|abcd' });
    expect(ch.toEvent('2')).toMatchObject({ kind: 'text', text: '2' });
    expect(ch.toEvent('cancel')).toMatchObject({ kind: 'choice', token: '!cancel|a|1|abcd' });
  });
});

describe('console: first contact and the terminal', () => {
  it('an interactive terminal greets in the typist\'s language and says how to begin; a pipe stays line-exact', async () => {
    const s = await consoleSession({ interactive: true, locale: 'fr_BE' });
    const out = await script(s, []);
    expect(out).toContain('Bonjour ! Je suis le bot TOGETHER. Tapez /start pour commencer');
    expect(out).toContain('> ');

    const piped = await consoleSession();
    expect(await script(piped, [])).toBe('');
  });

  it('arrow keys edit and recall history instead of becoming text', async () => {
    const s = await consoleSession({ interactive: true });
    // A terminal sends one key at a time: "/hlp", Left ×2, "e" edits the line into "/help"; Up recalls it.
    const LEFT = '\u001b[D';
    const UP = '\u001b[A';
    for (const k of ['/', 'h', 'l', 'p', LEFT, LEFT, 'e', '\r', UP, '\r']) {
      const pressed = once(s.input, 'keypress');
      s.input.write(k);
      await pressed;
    }
    const out = await script(s, []);
    expect(out).not.toContain("I don't know the command");
    expect(out.split('What you can do:').length - 1).toBe(2);
  });

  it('Ctrl-C in terminal mode ends the conversation cleanly instead of leaving it paused', async () => {
    const s = await consoleSession({ interactive: true });
    s.input.write('\u0003');
    await s.channel.finished;
    expect(s.output()).toContain('Hello! I am the TOGETHER bot');
  });
});
