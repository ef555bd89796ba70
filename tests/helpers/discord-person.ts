// A person in Discord for the end-to-end tests: types in the bot's DM, runs slash commands (in the
// DM or a server channel), presses buttons by the core's token or by label, and reads what the bot
// answered, on a bot started with tests/fakes/contract/discord-driver.ts.
import { buttonsOf, dmMessages, seenOf, userOf, type DiscordBot } from '../fakes/contract/discord-driver.ts';
import type { DmOptions, InteractionRecord, OptionValue, SeenDiscordMessage } from '../fakes/discord/index.ts';
import { createMonsGroup } from './spiral-walk.ts';

type ApiButton = ReturnType<typeof buttonsOf>[number];

/** The core's token a button carries: its custom_id without the adapter's `rc|` prefix. */
export const tokenOfButton = (b: ApiButton): string => (b.custom_id ?? '').replace(/^\d\d\|/, '');

export class DiscordPerson {
  readonly id: string;
  readonly dm: string;

  constructor(
    readonly bot: DiscordBot,
    name: string,
    o: { locale?: string; dmsClosed?: boolean } = {},
  ) {
    this.id = userOf(name);
    bot.fake.addUser({ id: this.id, username: name, locale: o.locale ?? 'en-US', ...(o.dmsClosed ? { dmsClosed: true } : {}) });
    this.dm = bot.fake.dmOf(this.id);
  }

  /** The bot's messages in the DM as the person reads them (placeholders of deferred commands left out). */
  messages(): SeenDiscordMessage[] {
    return dmMessages(this.bot.fake, this.dm);
  }

  texts(from = 0): string[] {
    return this.messages().slice(from).map((m) => seenOf(m).text);
  }

  /** Waits until the core has the next event and every reply is out; returns the DM's new texts. */
  async #handled<T>(send: () => Promise<T>): Promise<{ said: string; result: T }> {
    const before = this.messages().length;
    const events = this.bot.tracker.events;
    const result = await send();
    await this.bot.tracker.reached(events + 1);
    await this.bot.settle();
    return { said: this.texts(before).join('\n'), result };
  }

  async say(text: string, o?: DmOptions): Promise<string> {
    return (await this.#handled(() => this.bot.fake.sendDm(this.id, text, o))).said;
  }

  /** `/name option:value`: in the DM, or in a server channel with `guild` (`channelId` picks which). */
  async command(name: string, options: Record<string, OptionValue> = {}, where: { guild?: boolean; channelId?: string } = {}): Promise<{ said: string; record: InteractionRecord }> {
    const { said, result } = await this.#handled(() => this.bot.fake.slashCommand(this.id, name, options, where));
    return { said, record: await result.done };
  }

  /** The latest DM message with an enabled button that `match` accepts, and that button. */
  find(match: (b: ApiButton) => boolean): { message: SeenDiscordMessage; button: ApiButton } {
    for (const message of [...this.messages()].reverse()) {
      const button = buttonsOf(message).find((b) => !b.disabled && match(b));
      if (button) return { message, button };
    }
    const shown = this.messages().flatMap((m) => buttonsOf(m).filter((b) => !b.disabled).map((b) => `${b.label} [${tokenOfButton(b)}]`));
    throw new Error(`no such button for ${this.id}; enabled: ${shown.join(' | ')}\n${this.bot.fake.describe()}`);
  }

  /** Presses a button of a message (`force`: also a disabled or vanished one, as a stale client can). */
  async pressOn(message: SeenDiscordMessage, customId: string, o: { force?: boolean } = {}): Promise<{ said: string; record: InteractionRecord }> {
    const { said, result } = await this.#handled(() => this.bot.fake.pressButton(this.id, message.id, customId, o));
    return { said, record: await result.done };
  }

  /** Presses the button whose core token (before any "|") matches. */
  async press(token: RegExp): Promise<string> {
    const { message, button } = this.find((b) => token.test(tokenOfButton(b).split('|')[0] ?? ''));
    return (await this.pressOn(message, button.custom_id!)).said;
  }

  async pressLabel(label: RegExp): Promise<string> {
    const { message, button } = this.find((b) => label.test(b.label ?? ''));
    return (await this.pressOn(message, button.custom_id!)).said;
  }
}

/**
 * A facilitator `name` (a manager of `bot`) onboards in English in the DM and creates the SPIRAL
 * group "Young people of Mons": the facilitator, the bot's answer and the group's join code.
 */
export async function discordMonsGroup(bot: DiscordBot, name: string): Promise<{ boss: DiscordPerson; created: string; code: string | undefined }> {
  const boss = new DiscordPerson(bot, name, { locale: 'en-GB' });
  await boss.command('start');
  await boss.pressLabel(/^English$/);
  await boss.pressLabel(/I agree/);
  await boss.command('spiral', { code: 'new' });
  const created = await createMonsGroup(boss);
  return { boss, created, code: /Join code: ([A-Z0-9]{6})/.exec(created)?.[1] };
}
