import { afterEach, describe, expect, it } from 'vitest';
import { joinReplies } from '../src/engine/join.ts';
import { layout, pageSize } from '../src/engine/layout.ts';
import { DEFAULT_CAPABILITIES } from '../src/channels/channel.ts';
import type { Button, Reply } from '../src/core/types.ts';
import { cleanup, citizen, createGroup, pressValue, startSpiralBot, type SpiralBot } from './helpers/spiral-harness.ts';

const text = (t: string, buttons?: Button[][]): Reply => (buttons ? { kind: 'text', text: t, buttons } : { kind: 'text', text: t });
const btn = (label: string): Button => ({ label, token: `${label}|0|1|abcd` });

describe('one turn, as few messages as possible (issue 9 item 9)', () => {
  it('joins consecutive texts; the buttons stay on the last; images stay apart; maxText is respected', () => {
    const image: Reply = { kind: 'image', png: new Uint8Array([1]), filename: 'a.png' };
    const out = joinReplies([text('a'), text('b'), text('c', [[btn('x')]]), text('d'), image, text('e')], { maxText: 4096 });
    expect(out).toEqual([text('a\n\nb\n\nc', [[btn('x')]]), text('d'), image, text('e')]);
    expect(joinReplies([text('a'.repeat(10)), text('b'.repeat(10))], { maxText: 15 })).toHaveLength(2);
  });
});

describe('one layout rule fits every channel (issue 9 item 3)', () => {
  const discord = { ...DEFAULT_CAPABILITIES, buttonsPerRow: 5, maxRows: 5, maxLabel: 80 };
  it('cuts labels, keeps rows within buttonsPerRow, and pages so the rows fit maxRows with the navigation', () => {
    const tiny = { ...DEFAULT_CAPABILITIES, buttonsPerRow: 2, maxRows: 3, maxLabel: 5 };
    const rows = layout([btn('a'), btn('b'), btn('c')], [btn('back'), btn('cancel'), btn('more')], tiny);
    expect(rows.every((r) => r.length <= 2)).toBe(true);
    expect(rows.flat().map((b) => b.label)).toEqual(['a', 'b', 'c', 'back', 'canc…', 'more']);
    // Two navigation rows leave one row of two answers.
    expect(pageSize(['a', 'b', 'c'], 3, tiny)).toBe(2);
    expect(pageSize(Array(20).fill('long label for a row'), 4, discord)).toBe(4);
  });
});

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

/** Messages the person receives over a whole SPIRAL questionnaire (3 questions, 2 ideas each). */
async function questionnaire(join: boolean): Promise<number> {
  bot = await startSpiralBot();
  bot.core.engine.joinTexts = join;
  const boss = await citizen(bot, 'boss', 'en');
  const code = await createGroup(bot, boss, { lang: 'en' });
  const u = await citizen(bot, 'count', 'en');
  const before = bot.channel.sent.filter((s) => s.chatId === 'count').length;
  await u.send(`/spiral ${code}`);
  for (let q = 0; q < 3; q++) {
    await u.send(`an idea about question ${q + 1}`);
    await u.send(`another idea about question ${q + 1}`);
    await pressValue(u, /^!done$/);
  }
  await pressValue(u, /^!done$/);
  for (let i = 0; i < 6; i++) {
    const b = u.buttons().find((x) => /\.rest$/.test(x.token.split('|')[0]!));
    if (b) {
      await u.pressToken(b.token);
      break;
    }
    await pressValue(u, /\.ok$|\.unsure$/);
  }
  for (let i = 0; i < 6 && u.buttons().some((x) => /\.r\.3$/.test(x.token.split('|')[0]!)); i++) await pressValue(u, /\.r\.3$/);
  const p = await bot.participation('count', code);
  expect(p?.finishedAt).toBeTruthy();
  const count = bot.channel.sent.filter((s) => s.chatId === 'count').length - before;
  await cleanup(bot);
  bot = undefined;
  return count;
}

describe('messages per completed SPIRAL questionnaire', () => {
  it('are fewer with the texts of a turn joined', async () => {
    const separate = await questionnaire(false);
    const joined = await questionnaire(true);
    console.log(`messages per SPIRAL questionnaire: ${separate} before, ${joined} after`);
    expect(joined).toBeLessThan(separate);
  }, 60_000);
});
