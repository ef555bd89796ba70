/**
 * Crowds through the real Slack adapter (bolt, HTTP mode) against the fake Slack keeping Slack's
 * published limits — about one message a second per conversation, the Web API tiers, 429 with
 * Retry-After — on a clock running 20 times faster, with the bot keeping the same limits ×20.
 */
import { seenOf, startSlack, type SlackBot } from '../fakes/contract/slack-driver.ts';
import type { SeenSlackMessage } from '../fakes/slack/index.ts';
import { settleBot } from './settle-bot.ts';
import type { ChatPerson } from './spiral-walk.ts';

/** Slack's limits as the fake keeps them by default, on a clock `speed` times faster. */
export const slackLimitsAt = (speed: number) => ({ perConversationPerSecond: 1, conversationBurst: 3, tiers: true, clock: () => performance.now() * speed });

/** The real SlackChannel (HTTP mode) on a core with all flows, against a fake Slack at 20× Slack's limits; `now` fixes the core's clock. */
export function startCrowdSlack(dir: string, o: { managers?: string[]; now?: () => Date } = {}): Promise<SlackBot> {
  return startSlack(dir, { fake: { limits: slackLimitsAt(20) }, ...o });
}

/** Everything taken in has been handled and sent, and no call for 100 ms after that (see settleBot). */
export const settleSlack = (bot: SlackBot, timeoutMs = 30_000): Promise<void> => settleBot(bot, 'Slack', 100, timeoutMs);

/** The texts of the bot's messages in a conversation as the person reads them (edits applied). */
export const slackTexts = (bot: SlackBot, conversation: string): string[] => bot.fake.messages(conversation).map((m) => seenOf(m).text);

/** The bot's messages in a conversation whose text matches. */
export const slackMatching = (bot: SlackBot, conversation: string, match: RegExp): SeenSlackMessage[] => bot.fake.messages(conversation).filter((m) => match.test(seenOf(m).text));

/** The latest message of the conversation with a button whose label matches, and that button's action id and value. */
export function slackButton(bot: SlackBot, conversation: string, label: RegExp): { message: SeenSlackMessage; actionId: string; value: string } {
  for (const message of [...bot.fake.messages(conversation)].reverse()) {
    for (const b of (message.blocks ?? []) as { type?: string; elements?: { action_id?: string; value?: string; text?: { text?: string } }[] }[]) {
      const e = b.type === 'actions' ? b.elements?.find((x) => label.test(x.text?.text ?? '') && x.action_id) : undefined;
      if (e) return { message, actionId: e.action_id!, value: e.value ?? '' };
    }
  }
  throw new Error(`no button ${label} in ${conversation}:\n${slackTexts(bot, conversation).slice(-3).join('\n---\n')}`);
}

/** The facilitator in the app's DM: types, runs `/together …` there, presses buttons by value or label. */
export function slackChatPerson(bot: SlackBot, userId: string): ChatPerson & { command(text: string): Promise<string> } {
  const dm = bot.fake.dmOf(userId);
  const answered = async (before: number) => {
    await settleSlack(bot);
    return slackTexts(bot, dm).slice(before).join('\n');
  };
  const pressWhere = async (pick: (e: { value?: string; text?: { text?: string } }) => boolean, what: string) => {
    type Element = { action_id?: string; value?: string; text?: { text?: string } };
    const message = [...bot.fake.messages(dm)].reverse().find((m) => ((m.blocks ?? []) as { type?: string }[]).some((b) => b.type === 'actions'));
    const elements = ((message?.blocks ?? []) as { type?: string; elements?: Element[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    const e = elements.find((x) => x.action_id && pick(x));
    if (!message || !e) throw new Error(`no button ${what} in ${dm}:\n${bot.fake.describe()}`);
    const before = bot.fake.messages(dm).length;
    await bot.fake.pressButton(userId, message.ts, e.action_id!);
    return answered(before);
  };
  return {
    async say(text) {
      const before = bot.fake.messages(dm).length;
      await bot.fake.sendMessage(userId, text);
      return answered(before);
    },
    async command(text) {
      const before = bot.fake.messages(dm).length;
      await bot.fake.sendCommand(userId, '/together', text, { channel: dm });
      return answered(before);
    },
    press: (value) => pressWhere((e) => value.test((e.value ?? '').split('|')[0] ?? ''), String(value)),
    pressLabel: (label) => pressWhere((e) => label.test(e.text?.text ?? ''), String(label)),
  };
}

/** Conversations the bot posted or tried to post a message to (failed calls included), ephemerals apart. */
export function slackPostedTo(bot: SlackBot): Set<string> {
  return new Set(bot.fake.calls().filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').map((c) => String(c.params.channel)));
}

/** Identical accepted posts to one conversation (same text twice): a reply sent twice. */
export function duplicatePosts(bot: SlackBot, conversation: string): string[] {
  const texts = bot.fake.calls('chat.postMessage').filter((c) => c.ok && c.params.channel === conversation).map((c) => String(c.params.text ?? ''));
  return texts.filter((t, i) => texts.indexOf(t) !== i);
}
