import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { cleanName, cleanText, isBlank } from '../src/core/clean-text.ts';
import { defaultRule } from '../src/engine/person-rate.ts';
import { StoreWriteError } from '../src/store/errors.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import type { Store, UserDoc } from '../src/store/types.ts';
import { dispose, startBot, tempDir, type Bot } from './helpers/harness.ts';
import { texts, type FakeUser } from './helpers/memory-channel.ts';
import { sampleFlow } from './helpers/sample-flow.ts';
import { allFlows } from '../flows/index.ts';

let bot: Bot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const flows = [...allFlows, sampleFlow()];

async function sampleData(b: Bot, id: string) {
  const { store } = b.core.services;
  const doc = await store.loadUser(store.keyOf(`memory:${id}`));
  return { doc, sample: doc?.flows.sample as { name?: string; ideas: string[] } | undefined };
}

async function toNameStep(u: FakeUser): Promise<void> {
  await u.send('/agree');
  await u.send('/sample');
}

describe('cleanText', () => {
  it('strips escapes, controls, bidi overrides, invisible and tag characters; keeps newlines, emoji and RTL', () => {
    expect(cleanText('\u001b[31mred\u001b[0m\u0007 \u001b]0;title\u0007ok')).toBe('red ok');
    expect(cleanText('a\u202eevil\u202c\u2066b\u2069')).toBe('aevilb');
    expect(cleanText('zero\u200bwidth\ufeff\u2060')).toBe('zerowidth');
    expect(cleanText('hidden\u{e0041}\u{e0042}')).toBe('hidden');
    expect(cleanText('one\r\ntwo\rthree\u2028four\tfive')).toBe('one\ntwo\nthree\nfour five');
    expect(cleanText('👩‍👩‍👧 ❤️ 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f} مرحبا')).toBe('👩‍👩‍👧 ❤️ 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f} مرحبا');
    expect(cleanText('e\u0301')).toBe('é');
  });

  it('drops half surrogate pairs, which platforms refuse as text', () => {
    expect(cleanText('a\ud800b\udc00c😀')).toBe('abc😀');
  });

  it('names empty after cleaning are blank', () => {
    expect(isBlank('\u200b\u200d\u2060 \u3164')).toBe(true);
    expect(cleanName(' \u200b\n\u200b ')).toBe('');
    expect(cleanName('  Young\npeople  of\u200b Mons ')).toBe('Young people of Mons');
  });
});

describe('the engine cleans every inbound text before a flow sees it', () => {
  it('stores typed text without escapes or invisible characters, with its newlines and emoji', async () => {
    bot = await startBot({ flows });
    const ana = bot.user('ana', 'en', 'Ana\u001b[2J\u202e');
    await toNameStep(ana);
    await ana.send('\u001b[31mAda\u0007 \u202eByron');
    await ana.send('Line one\r\nline two 🎉');
    const { doc, sample } = await sampleData(bot, 'ana');
    expect(sample?.name).toBe('Ada Byron');
    expect(sample?.ideas).toEqual(['Line one\nline two 🎉']);
    expect(doc?.contact.name).toBe('Ana');
  });

  it('a text of invisible characters only gets the "empty" re-ask and stores nothing', async () => {
    bot = await startBot({ flows });
    const ana = bot.user('ana', 'en');
    await toNameStep(ana);
    await ana.send('Ada');
    const r = texts(await ana.send('\u200b\u200d\u2060\u202e'));
    expect(r).toContain('empty message');
    expect((await sampleData(bot, 'ana')).sample?.ideas).toEqual([]);
  });

  it('command arguments are cleaned too', async () => {
    bot = await startBot({ flows });
    const ana = bot.user('ana', 'en');
    expect(texts(await ana.send('/language \u200bfr\u0007'))).toMatch(/Français/);
  });
});

/** A store whose writes fail for one person, as a full disk or a read-only folder would. */
async function failingStore(dir: string, failFor: () => string | null): Promise<Store> {
  const real = await LowdbStore.open(dir);
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'saveUser') {
        return async (doc: UserDoc) => {
          if (doc.key === failFor()) throw new StoreWriteError(`users/${doc.key}.json`, new Error('ENOSPC: no space left on device'));
          return target.saveUser(doc);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'error' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

describe('a failed save', () => {
  it('tells that person their answer was not saved, keeps their previous state, logs once, and serves others', async () => {
    const dir = tempDir();
    let failing: string | null = null;
    const store = await failingStore(dir, () => failing);
    const { log, lines } = capturedLogger();
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      bot = await startBot({ flows, dir, store, log });
      const ana = bot.user('ana', 'en');
      const bob = bot.user('bob', 'en');
      await toNameStep(ana);
      failing = store.keyOf('memory:ana');

      for (let i = 0; i < 5; i++) {
        const r = texts(await ana.send('Ada'));
        expect(r).toContain('was not saved');
        expect(r).not.toContain('Your ideas');
      }
      expect((await sampleData(bot, 'ana')).doc?.session?.step).toBe('name');
      expect(lines.filter((l) => String(l.msg).includes('could not be saved'))).toHaveLength(1);

      await toNameStep(bob);
      expect(texts(await bob.send('Bob'))).toContain('Your ideas');

      // The outbox's "blocked" becomes an event whose save fails: still no unhandled rejection.
      await (await bot.core.engine.handle({ kind: 'left', address: bot.channel.address('ana') })).delivered;

      failing = null;
      expect(texts(await ana.send('Ada'))).toContain('Your ideas');
      expect((await sampleData(bot, 'ana')).sample?.name).toBe('Ada');
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a store that cannot even read answers politely instead of rejecting', async () => {
    const dir = tempDir();
    const real = await LowdbStore.open(dir);
    const store = new Proxy(real, {
      get(target, prop) {
        if (prop === 'loadUser') return async () => Promise.reject(new Error('EIO: i/o error'));
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    bot = await startBot({ flows, dir, store, log: capturedLogger().log });
    expect(texts(await bot.user('ana', 'en').send('/help'))).toContain('something went wrong');
  });
});

describe('per-person rate', () => {
  it('1,000 events from one person: a bounded number of replies, one "too fast", and others still served', async () => {
    let now = new Date('2026-03-02T09:00:00Z');
    bot = await startBot({ flows, now: () => now, personRate: { burst: 10, perSecond: 1 } });
    const ana = bot.user('ana', 'en');
    const bob = bot.user('bob', 'en');
    await Promise.all(Array.from({ length: 1000 }, () => ana.send('/help')));
    await bot.core.engine.idle();
    const toAna = bot.channel.sent.filter((s) => s.chatId === 'ana').map((s) => (s.reply.kind === 'text' ? s.reply.text : ''));
    expect(toAna.filter((t) => t.startsWith('What you can do'))).toHaveLength(10);
    expect(toAna.filter((t) => t.includes('going too fast'))).toHaveLength(1);
    expect(toAna).toHaveLength(11);

    expect(texts(await bob.send('/help'))).toContain('What you can do');

    // Once the person slows down, they are served again, at the sustained rate.
    now = new Date(now.getTime() + 3_000);
    const before = bot.channel.sent.length;
    await Promise.all(Array.from({ length: 5 }, () => ana.send('/help')));
    const later = bot.channel.sent.slice(before).map((s) => (s.reply.kind === 'text' ? s.reply.text : ''));
    expect(later.filter((t) => t.startsWith('What you can do'))).toHaveLength(3);
    expect(later.filter((t) => t.includes('going too fast'))).toHaveLength(1);
  });

  it('managers are not limited', async () => {
    bot = await startBot({ flows, now: () => new Date('2026-03-02T09:00:00Z'), managers: ['memory:boss'], personRate: { burst: 2, perSecond: 1 } });
    await Promise.all(Array.from({ length: 20 }, () => bot!.user('boss', 'en').send('/help')));
    expect(bot.channel.sent.filter((s) => s.reply.kind === 'text' && s.reply.text.startsWith('What you can do'))).toHaveLength(20);
  });

  it('by default: a burst of 10, then one chat\'s platform pace; no limit where the channel has none (the console)', async () => {
    expect(defaultRule(1000)).toEqual({ burst: 10, perSecond: 1 });
    expect(defaultRule(0)).toBeNull();
    bot = await startBot({ flows, now: () => new Date('2026-03-02T09:00:00Z') });
    await Promise.all(Array.from({ length: 30 }, () => bot!.user('ana', 'en').send('/help')));
    expect(bot.channel.sent.filter((s) => s.reply.kind === 'text' && s.reply.text.startsWith('What you can do'))).toHaveLength(30);
  });
});

describe('navigation with nothing open, and re-asks that fit the channel', () => {
  it('/cancel and /done, typed or pressed on an old message, say there is nothing to cancel or finish', async () => {
    bot = await startBot({ flows });
    const ana = bot.user('ana', 'en');
    await toNameStep(ana);
    await ana.send('Ada');
    const done = ana.findButton('Done')!;
    const cancel = ana.findButton('Cancel')!;
    await ana.send('/cancel');
    expect(texts(await ana.send('/cancel'))).toContain('nothing to cancel');
    expect(texts(await ana.send('/done'))).toContain('nothing to finish');
    const pressedCancel = texts(await ana.pressToken(cancel.token));
    expect(pressedCancel).toContain('nothing to cancel');
    expect(pressedCancel).not.toContain('expired');
    expect(texts(await ana.pressToken(done.token))).toContain('nothing to finish');
  });

  it('"or type its number" only where a typed number picks an option', async () => {
    bot = await startBot({ flows });
    const ana = bot.user('ana', 'en');
    await toNameStep(ana);
    await ana.send('Ada');
    await ana.send('/done');
    const onButtons = texts(await ana.send('blue'));
    expect(onButtons).toContain('one of the buttons');
    expect(onButtons).not.toContain('number');
    bot.channel.numberedChoices = true;
    expect(texts(await ana.send('blue'))).toContain('type its number');
  });

  it('navigation buttons are marked, with their typed command, and sit in one row after the choices', async () => {
    bot = await startBot({ flows });
    const ana = bot.user('ana', 'en');
    await toNameStep(ana);
    await ana.send('Ada');
    await ana.send('/done');
    const reply = bot.channel.sent.filter((s) => s.chatId === 'ana').at(-1)!.reply;
    if (reply.kind !== 'text') throw new Error('expected a text');
    const rows = reply.buttons!;
    const last = rows.at(-1)!;
    expect(last.every((b) => b.nav)).toBe(true);
    expect(last.map((b) => b.command).filter(Boolean)).toEqual(['back', 'cancel']);
    expect(rows.slice(0, -1).flat().some((b) => b.nav)).toBe(false);
    expect(last.find((b) => b.label.includes('More'))?.command).toBeUndefined();
  });
});
