/** One person typing and pressing in their private chat with the bot, waiting for the bot each time (the facilitator of the crowd tests). */
import type { ChatPerson } from './spiral-walk.ts';
import { settle, textsIn, type CrowdBot } from './crowd-telegram.ts';

export function chatPerson(bot: CrowdBot, user: { id: number; first_name?: string }): ChatPerson {
  const { fake } = bot;
  const answered = async (before: number) => {
    await settle(bot);
    return textsIn(fake, user.id).slice(before).join('\n');
  };
  const pressWhere = async (pick: (b: { text: string; data?: string }) => boolean, what: string) => {
    const message = [...fake.messages(user.id)].reverse().find((m) => m.buttons.flat().length > 0);
    const button = message?.buttons.flat().find((b) => b.data && pick(b));
    if (!message || !button) throw new Error(`No button ${what} in chat ${user.id}:\n${textsIn(fake, user.id).slice(-3).join('\n---\n')}`);
    const before = fake.messages(user.id).length;
    fake.pressButton(user, message.message_id, button.data!);
    return answered(before);
  };
  return {
    say: async (text) => {
      const before = fake.messages(user.id).length;
      fake.sendText(user, text);
      return answered(before);
    },
    press: (value) => pressWhere((b) => value.test((b.data ?? '').split('|')[0] ?? ''), String(value)),
    pressLabel: (label) => pressWhere((b) => label.test(b.text), String(label)),
  };
}
