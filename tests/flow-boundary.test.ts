import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineFlow, end, next } from '../src/engine/index.ts';
import { onboarding } from '../flows/onboarding/index.ts';
import { privacy } from '../flows/privacy/index.ts';
import { texts } from './helpers/memory-channel.ts';
import { dispose, startBot, type Bot } from './helpers/harness.ts';

/** Every flow source and README: the flows' code and what it tells the next author. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|md)$/.test(p) ? [p] : [];
  });
}

/** What a flow written on the public API never needs: the engine's turn, a forced session, a cast through unknown, an engine module other than its index. */
const LEAKS: Record<string, RegExp> = {
  'the Turn type': /\bTurn\b/,
  'the engine turn (.turn)': /\.turn\b/,
  'a forced session (session!)': /session!/,
  'a cast through unknown': /as unknown as/,
  'an engine module other than index.ts': /src\/engine\/(?!index\.ts)[\w-]+\.ts/,
};

function leaksIn(text: string): string[] {
  return Object.entries(LEAKS)
    .filter(([, re]) => re.test(text))
    .map(([name]) => name);
}

describe('flows reach the core only through its public entry points', () => {
  it('no file under flows/ uses the turn, session!, a cast through unknown or an engine internal', () => {
    const offenders = files('flows').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => leaksIn(line).map((what) => `${file}:${i + 1} ${what}`)),
    );
    expect(offenders).toEqual([]);
  });

  it('the guard catches each leak and leaves ordinary words alone', () => {
    expect(leaksIn("import type { Turn } from '../../src/engine/index.ts';")).toEqual(['the Turn type']);
    expect(leaksIn('spiralCommand(ctx.turn, args)')).toEqual(['the engine turn (.turn)']);
    expect(leaksIn('turn.user.session!.history = []')).toEqual(['a forced session (session!)']);
    expect(leaksIn('const s = vars as unknown as State;')).toEqual(['a cast through unknown']);
    expect(leaksIn("import { next } from '../../src/engine/flow.ts';")).toEqual(['an engine module other than index.ts']);
    expect(leaksIn("import { defineFlow } from '../../src/engine/index.ts'; // each idea in turn, returned")).toEqual([]);
  });
});

/** Hands over to `room` (a flow that needs consent), by command or by its `d_` link. */
const door = defineFlow({
  id: 'door',
  version: 1,
  commands: {
    async door(ctx, args) {
      const outcome = await ctx.handOver(args || 'room', '', { origin: 'door:1', resume: 'd_1' });
      ctx.say(`hand-over ${outcome}; turn visible: ${'turn' in ctx}`);
    },
  },
  deepLinks: {
    async d_(ctx) {
      ctx.say(`hand-over ${await ctx.handOver('room', '', { origin: 'door:1' })}`);
    },
  },
});

const room = defineFlow({
  id: 'room',
  version: 1,
  requiresConsent: true,
  steps: {
    first: { prompt: () => ({ text: 'Room, first question' }), onText: () => next() },
    second: { prompt: () => ({ text: 'Room, second question' }), onText: () => next() },
    third: { prompt: () => ({ text: 'Room, third question' }), onText: () => end() },
  },
  commands: {
    room(ctx, args) {
      ctx.say(`From ${ctx.takeOrigin() ?? 'nowhere'}, then ${ctx.takeOrigin() ?? 'nowhere'}; steps ${ctx.steps.join(' ')}`);
      // A kept position: its step, and the history /back walks (a step that no longer exists is dropped).
      if (args === 'kept') ctx.resumeAt({ step: 'third', history: ['first', 'gone', 'second'] });
      else ctx.open();
    },
  },
});

let bot: Bot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

describe('the context a flow gets instead of the turn', () => {
  it('hands over to another flow’s command: missing, consent first (the link kept), then run with its origin taken once', async () => {
    bot = await startBot({ flows: [onboarding, privacy, door, room] });
    const u = bot.user('ida');
    expect(texts(await u.send('/door nosuch'))).toContain('hand-over missing; turn visible: false');
    const asked = texts(await u.send('/door'));
    expect(asked).toContain('hand-over consent; turn visible: false');
    expect(asked).toContain('I need your consent');
    const agreed = texts(await u.send('/agree'));
    expect(agreed).toContain('From door:1, then nowhere; steps first second third');
    expect(agreed).toContain('hand-over ran');
    expect(agreed).toContain('Room, first question');
  });

  it('resumes a kept position at its step, /back walking the history it kept', async () => {
    bot = await startBot({ flows: [onboarding, privacy, door, room] });
    const u = bot.user('jo');
    await u.send('/agree');
    expect(texts(await u.send('/room kept'))).toContain('Room, third question');
    expect(texts(await u.send('/back'))).toContain('Room, second question');
    expect(texts(await u.send('/back'))).toContain('Room, first question');
  });
});
