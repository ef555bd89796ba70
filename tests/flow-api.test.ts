import { afterEach, describe, expect, it } from 'vitest';
import { call, defineFlow, end, fail, goto, next, stay, UserError, type Flow } from '../src/engine/index.ts';
import { onboarding } from '../flows/onboarding/index.ts';
import { privacy } from '../flows/privacy/index.ts';
import { createCore } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { MemoryChannel, texts } from './helpers/memory-channel.ts';
import { dispose, startBot, tempDir, removeDir, type Bot } from './helpers/harness.ts';

/** A sub-flow with its own typed state: picks a number, hands it back. */
const pickNumber = defineFlow({
  id: 'picknum',
  version: 1,
  initial: (max: number): { max: number } => ({ max }),
  steps: {
    ask: {
      prompt: (v) => ({ text: `A number up to ${v.state.max}?` }),
      onText(ctx, text) {
        const n = Number(text);
        if (!Number.isInteger(n) || n > ctx.state.max) throw new UserError('common:input.empty');
        return end(n);
      },
    },
  },
});

interface Basket {
  fruits: string[];
  count?: number;
}

/** A typed flow: a list step, a call to the sub-flow, an action with a long argument. */
const basket = defineFlow({
  id: 'basket',
  version: 2,
  title: 'common:flowNames.spiral',
  requiresConsent: true,
  initial: (): Basket => ({ fruits: [] }),
  migrate: (vars) => ({ fruits: Array.isArray(vars.fruits) ? (vars.fruits as string[]) : [] }),
  subflows: [pickNumber],
  data: (): { baskets: number } => ({ baskets: 0 }),
  steps: {
    fruits: {
      list: true,
      prompt: (v) => ({ text: `Fruits so far: ${v.state.fruits.length}` }),
      onText(ctx, text) {
        if (text === 'rock') return fail('common:input.empty');
        ctx.state.fruits.push(text);
        ctx.say(`Added ${text}`);
        return stay();
      },
      onDone: () => next(),
    },
    count: {
      prompt: () => ({ text: 'How many baskets?', choices: [{ label: 'Pick a number', value: 'pick' }] }),
      onChoice: () => call(pickNumber, 9),
      onReturn(ctx, returned) {
        const n = pickNumber.resultOf(returned);
        if (n === undefined) return goto('fruits');
        ctx.state.count = n;
        return next();
      },
    },
  },
  onEnd(ctx) {
    ctx.data.baskets += 1;
    ctx.say(`Done: basket ${ctx.data.baskets}`);
  },
  commands: {
    basket: (ctx) => ctx.open(),
    long: (ctx) => ctx.say('Long one', [ctx.button('Go', 'echo', 'x'.repeat(300))]),
  },
  actions: {
    echo: (ctx, arg) => ctx.say(`echo ${arg.length}`),
  },
});

let bot: Bot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

describe('defineFlow: typed flows with sub-flows', () => {
  it('runs steps with typed state, calls a sub-flow and gets its result back where it was', async () => {
    bot = await startBot({ flows: [onboarding, privacy, basket] });
    const u = bot.user('ann');
    await u.send('/agree');
    expect(texts(await u.send('/basket'))).toContain('Fruits so far: 0');
    expect(texts(await u.send('apple'))).toContain('Added apple');
    // A UserError returned by a handler: a localized re-ask, nothing stored.
    const rock = texts(await u.send('rock'));
    expect(rock).toContain('Fruits so far: 1');
    await u.send('/done');
    expect(texts(await u.press('Pick a number'))).toContain('A number up to 9?');
    // Thrown UserError inside the sub-flow: re-asked in place.
    expect(texts(await u.send('12'))).toContain('A number up to 9?');
    expect(texts(await u.send('4'))).toContain('Done: basket 1');
    const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:ann'));
    expect(doc?.session).toBeUndefined();
    expect(doc?.flows.basket).toEqual({ baskets: 1 });
  });

  it('/back at a sub-flow’s first step returns to the caller, which is told nothing came back', async () => {
    bot = await startBot({ flows: [onboarding, privacy, basket] });
    const u = bot.user('ben');
    await u.send('/agree');
    await u.send('/basket');
    await u.send('pear');
    await u.send('/done');
    await u.press('Pick a number');
    const back = texts(await u.send('/back'));
    expect(back).toContain('How many baskets?');
  });

  it('a restart resumes inside the sub-flow, with the caller waiting', async () => {
    bot = await startBot({ flows: [onboarding, privacy, basket] });
    const u = bot.user('cy');
    await u.send('/agree');
    await u.send('/basket');
    await u.send('fig');
    await u.send('/done');
    await u.press('Pick a number');
    bot = await bot.restart();
    expect(texts(await bot.user('cy').send('3'))).toContain('Done: basket 1');
  });

  it('resumes a session saved by the old engine (vars, no typed state) at the same step', async () => {
    const dir = tempDir();
    const store = await LowdbStore.open(dir);
    const key = store.keyOf('memory:old');
    await store.saveUser({
      schema: 1,
      key,
      pseudonym: 'p-old',
      contact: { channel: 'memory', userId: 'old', chatId: 'old' },
      consentAt: '2026-01-01T00:00:00Z',
      lang: 'en',
      createdAt: '2026-01-01T00:00:00Z',
      seq: 3,
      seen: [],
      session: { flow: 'basket', version: 1, step: 'fruits', stepIndex: 0, history: [], vars: { fruits: ['kiwi', 'plum'] }, startedAt: '2026-01-01T00:00:00Z' },
      flows: {},
    });
    await store.close();
    bot = await startBot({ dir, flows: [onboarding, privacy, basket] });
    expect(texts(await bot.user('old').send('lime'))).toContain('Added lime');
    expect(texts(await bot.user('old').send('/help'))).toContain('the SPIRAL questionnaire');
    const doc = await bot.core.services.store.loadUser(key);
    expect(doc?.session?.state).toEqual({ fruits: ['kiwi', 'plum', 'lime'] });
  });

  it('an old onboarding session document still resumes at its step', async () => {
    const dir = tempDir();
    const store = await LowdbStore.open(dir);
    const key = store.keyOf('memory:early');
    await store.saveUser({
      schema: 1,
      key,
      pseudonym: 'p-early',
      contact: { channel: 'memory', userId: 'early', chatId: 'early' },
      lang: 'fr',
      createdAt: '2026-01-01T00:00:00Z',
      seq: 2,
      seen: [],
      session: { flow: 'onboarding', version: 1, step: 'consent', stepIndex: 1, history: ['language'], vars: {}, startedAt: '2026-01-01T00:00:00Z' },
      flows: {},
    });
    await store.close();
    bot = await startBot({ dir });
    const u = bot.user('early');
    expect(texts(await u.send('hello'))).toMatch(/J'accepte|accepte/);
    await u.send('/back');
    expect(u.buttons().map((b) => b.label)).toContain('English');
  });

  it('action arguments too long for the channel’s token go through the person’s table, and only theirs', async () => {
    bot = await startBot({ flows: [onboarding, privacy, basket] });
    const u = bot.user('dee');
    await u.send('/agree');
    await u.send('/long');
    const go = u.findButton('Go')!;
    expect(Buffer.byteLength(go.token)).toBeLessThanOrEqual(64);
    expect(texts(await u.press('Go'))).toContain('echo 300');
    // Someone else pressing that token (forged or forwarded) is refused by its owner tag.
    expect(texts(await bot.user('eve').pressToken(go.token))).not.toContain('echo');
  });
});

describe('flows claiming the same name are refused at start-up', () => {
  const core = (flows: Flow[]) => {
    const dir = tempDir();
    return createCore({ config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() }, flows, channels: [new MemoryChannel()], log: silentLogger(), control: false }).finally(() => removeDir(dir));
  };
  const other = (extra: Partial<Flow>): Flow => ({ id: 'other', version: 1, ...extra });

  it('the same command', async () => {
    await expect(core([onboarding, privacy, other({ commands: { mydata: () => {} } })])).rejects.toThrow(/privacy and other both claim the command \/mydata/);
  });
  it('overlapping deep-link prefixes', async () => {
    await expect(core([other({ deepLinks: { g_: () => {} } }), { id: 'third', version: 1, deepLinks: { g: () => {} } }])).rejects.toThrow(/deep links/);
  });
  it('an engine command, a second consent collector, the same flow id', async () => {
    await expect(core([other({ commands: { back: () => {} } })])).rejects.toThrow(/\/back/);
    await expect(core([onboarding, other({ askConsent: () => {} })])).rejects.toThrow(/consent/);
    await expect(core([onboarding, other({ greet: () => {} })])).rejects.toThrow(/onboarding and other both claim the greeting of newcomers/);
    await expect(core([privacy, { ...privacy }])).rejects.toThrow(/privacy/);
  });
});

describe('the flow API is typed', () => {
  it('goto takes only the flow’s own step ids, and state needs no cast', () => {
    const typed = defineFlow({
      id: 'typed',
      version: 1,
      initial: (): { n: number } => ({ n: 0 }),
      steps: {
        one: {
          prompt: (v) => ({ text: String(v.state.n + 1) }),
          // @ts-expect-error 'nowhere' is not a step of this flow
          onText: () => goto('nowhere'),
        },
        two: { prompt: () => ({ text: 'two' }), onText: () => goto('one') },
      },
    });
    expect(typed.steps?.map((s) => s.id)).toEqual(['one', 'two']);
  });
});
