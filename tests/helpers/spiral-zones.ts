import type { FakeUser } from './memory-channel.ts';
import { citizen, createGroup, pressValue, type SpiralBot } from './spiral-harness.ts';

/**
 * A person whose platform tells their time zone (as Slack does): their first message carries it,
 * the core stores it on them, and they have consented.
 */
export async function citizenIn(bot: SpiralBot, id: string, timeZone: string): Promise<FakeUser> {
  const sink = bot.channel.sink;
  if (!sink) throw new Error('channel not started');
  const handled = await sink({ kind: 'command', name: 'agree', args: '', address: bot.channel.address(id), locale: 'en', timeZone, updateId: bot.channel.nextUpdateId() });
  await handled.delivered;
  return bot.user(id, 'en');
}

/** A group made by `boss` (a manager), and its code. */
export async function groupOf(bot: SpiralBot): Promise<string> {
  return createGroup(bot, await citizen(bot, 'boss'));
}

/** Joins `code` and gives one idea: the questionnaire is started and left unfinished. */
export async function answerOnce(u: FakeUser, code: string): Promise<void> {
  await u.send(`/spiral ${code}`);
  await u.send('Friends');
}

/** Walks a started questionnaire (one idea given) to its end: the other questions, the list, a family, a rating. */
export async function finish(u: FakeUser): Promise<void> {
  for (let i = 0; i < 3; i++) await pressValue(u, /^!done$/);
  await pressValue(u, /^!done$/); // the list of ideas
  await pressValue(u, /\.rest$/);
  await pressValue(u, /\.r\.4$/);
}

/** The moment each chat first received a text containing `marker`, by the bot's clock (ISO). */
export function receipts(bot: SpiralBot, marker: string): Map<string, string> {
  const seen = new Map<string, string>();
  bot.channel.deliverHook = (chatId, reply) => {
    if (reply.kind === 'text' && reply.text.includes(marker) && !seen.has(chatId)) seen.set(chatId, bot.clock.now.toISOString());
  };
  return seen;
}

/** Moves the clock to `until` in steps of `stepMs`, running what is due at each step. */
export async function runUntil(bot: SpiralBot, until: string, stepMs = 15 * 60 * 1000): Promise<void> {
  const end = Date.parse(until);
  while (bot.clock.now.getTime() < end) await bot.advance(Math.min(stepMs, end - bot.clock.now.getTime()));
}
