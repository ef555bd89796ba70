import type { Channel, ChannelLimits, EventSink } from '../../src/channels/channel.ts';
import type { Address, Button, InboundEvent, Reply } from '../../src/core/types.ts';

export interface Sent {
  chatId: string;
  reply: Reply;
}

/** Update ids grow across restarts, like a platform's. */
let updateCounter = 0;

/** An in-memory channel: tests push events and read what the bot sent, as a user would. */
export class MemoryChannel implements Channel {
  readonly sent: Sent[] = [];
  sink: EventSink | null = null;
  deliverHook: ((chatId: string, reply: Reply) => Promise<void> | void) | null = null;
  /** Set to make a typed number pick an option, as on the console. */
  numberedChoices = false;
  /** Set to give the channel private-chat links (like Telegram's t.me/<bot>?start=…). */
  linkBase: string | null = null;

  constructor(readonly name = 'memory', readonly limits: ChannelLimits | null = null) {}

  link(payload?: string): string | undefined {
    if (!this.linkBase) return undefined;
    return payload ? `${this.linkBase}?start=${payload}` : this.linkBase;
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = null;
  }

  async deliver(chatId: string, reply: Reply): Promise<void> {
    await this.deliverHook?.(chatId, reply);
    this.sent.push({ chatId, reply });
  }

  address(user: string): Address {
    return { channel: this.name, chatId: user, userId: user };
  }

  nextUpdateId(): string {
    return String(++updateCounter);
  }
}

/** A user talking to the bot through a MemoryChannel (in their private chat, or in a group with `group`). */
export class FakeUser {
  constructor(readonly channel: MemoryChannel, readonly id: string, readonly locale?: string, readonly group?: string, readonly userName?: string) {}

  /** The same person writing in a group chat: replies there are what the whole group reads. */
  inGroup(group: string): FakeUser {
    return new FakeUser(this.channel, this.id, this.locale, group, this.userName);
  }

  /** The chat this user writes in. */
  get chatId(): string {
    return this.group ?? this.id;
  }

  async #push(event: InboundEvent): Promise<Reply[]> {
    if (!this.channel.sink) throw new Error('channel not started');
    const before = this.channel.sent.length;
    const handled = await this.channel.sink(event);
    await handled.delivered;
    return this.channel.sent.slice(before).filter((s) => s.chatId === this.chatId).map((s) => s.reply);
  }

  #base(updateId?: string) {
    const address = { ...this.channel.address(this.id), chatId: this.chatId };
    return {
      address,
      locale: this.locale,
      updateId: updateId ?? this.channel.nextUpdateId(),
      ...(this.group ? { groupChat: true } : {}),
      ...(this.userName ? { userName: this.userName } : {}),
    };
  }

  /** Tells the bot it was added to (joined) or removed from (left) this user's chat. */
  membership(kind: 'joined' | 'left'): Promise<Reply[]> {
    return this.#push({ ...this.#base(), kind });
  }

  /** Sends a line as a person types it: a /command or text. */
  send(text: string, updateId?: string): Promise<Reply[]> {
    const m = /^\/(\w+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
    if (m) return this.#push({ ...this.#base(updateId), kind: 'command', name: m[1]!.toLowerCase(), args: (m[2] ?? '').trim() });
    return this.#push({ ...this.#base(updateId), kind: 'text', text });
  }

  /** Presses the button with this label (or label part) on the latest message that has one. */
  press(label: string | RegExp, updateId?: string): Promise<Reply[]> {
    const button = this.findButton(label);
    if (!button) throw new Error(`No button ${String(label)} in: ${this.buttons().map((b) => b.label).join(' | ')}`);
    return this.pressToken(button.token, updateId);
  }

  pressToken(token: string, updateId?: string): Promise<Reply[]> {
    return this.#push({ ...this.#base(updateId), kind: 'choice', token, message: 'm1' });
  }

  /** The buttons of the latest message sent to this user that had buttons. */
  buttons(): Button[] {
    const mine = this.channel.sent.filter((s) => s.chatId === this.chatId && s.reply.kind === 'text' && s.reply.buttons?.length);
    const last = mine.at(-1)?.reply;
    return last?.kind === 'text' ? (last.buttons ?? []).flat() : [];
  }

  findButton(label: string | RegExp): Button | undefined {
    return this.buttons().find((b) => (typeof label === 'string' ? b.label.includes(label) : label.test(b.label)));
  }

  /** All texts sent to this user so far, joined. */
  transcript(): string {
    return this.channel.sent.filter((s) => s.chatId === this.chatId).map((s) => (s.reply.kind === 'text' ? s.reply.text : `[${s.reply.kind}]`)).join('\n');
  }
}

/** The texts among replies, joined: what a user reads. */
export function texts(replies: Reply[]): string {
  return replies.map((r) => (r.kind === 'text' ? r.text : '')).join('\n');
}
