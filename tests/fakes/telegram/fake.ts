// The test-facing object: start a fake Bot API, play the users, observe the bot.
import { randomBytes } from 'node:crypto';
import type { Ctx } from './context.ts';
import { RateLimiter } from './limits.ts';
import { botMethods, commandsKey } from './methods-bot.ts';
import { messageMethods } from './methods-messages.ts';
import { describe, waitUntil, type WaitOptions } from './observe.ts';
import { ApiServer, type HangSpec } from './server.ts';
import { Simulator, type FakeUserInput, type GroupInput } from './simulate.ts';
import { FakeState } from './state.ts';
import type {
  BotCommand,
  CallbackRecord,
  CallRecord,
  ChatActionRecord,
  Counters,
  FailSpec,
  FakeTelegramOptions,
  LimitOptions,
  ReactionRecord,
  SentMessage,
  TgUser,
  Update,
} from './types.ts';
import { UpdateQueue } from './updates.ts';
import { WebhookDelivery, type Delivery, type WebhookConfig } from './webhook.ts';

export class FakeTelegram {
  /** apiRoot for clients, e.g. new Telegraf(token, { telegram: { apiRoot: fake.url } }). */
  url = '';
  readonly token: string;
  readonly bot: TgUser;
  private readonly state: FakeState;
  private readonly queue: UpdateQueue;
  private readonly ctx: Omit<Ctx, 'signal'>;
  private readonly server: ApiServer;
  private readonly sim: Simulator;

  constructor(options: FakeTelegramOptions = {}) {
    const botId = 7_000_000_000 + Math.floor(Math.random() * 99_999_999);
    this.token = options.token ?? `${botId}:AA${randomBytes(24).toString('base64url').slice(0, 33)}`;
    const id = Number(this.token.split(':')[0]) || botId;
    this.bot = { id, is_bot: true, first_name: options.botFirstName ?? 'Together Test Bot', username: options.botUsername ?? 'together_test_bot' };
    const privacyMode = options.privacyMode ?? true;
    this.state = new FakeState(this.bot, !privacyMode);
    this.queue = new UpdateQueue(options.firstUpdateId ?? 100_000_000 + Math.floor(Math.random() * 1_000_000));
    this.ctx = {
      state: this.state,
      queue: this.queue,
      limiter: new RateLimiter(options.limits),
      webhook: new WebhookDelivery(this.queue, async (method, params) => void (await this.server.run(method, params)), options.webhook),
      callbackTimeoutMs: options.callbackTimeoutMs ?? 15_000,
    };
    this.server = new ApiServer(this.token, this.ctx, { ...botMethods, ...messageMethods });
    this.sim = new Simulator(this.state, this.queue, privacyMode);
  }

  async start(): Promise<this> {
    this.url = await this.server.listen();
    return this;
  }

  async close(): Promise<void> {
    this.ctx.webhook.close();
    this.queue.release();
    this.state.events.emit('closed');
    await this.server.close();
  }

  // ---- playing the users -------------------------------------------------

  /** A user types `text` (private chat, or `opts.chat` group). Returns the update_id. */
  sendText(user: FakeUserInput, text: string, opts?: { chat?: GroupInput; replyTo?: number; thread?: number }): number {
    return this.sim.sendText(user, text, opts);
  }

  /** A user presses the inline button with `callbackData` on the bot's message. Returns the update_id. */
  pressButton(user: FakeUserInput, messageId: number, callbackData: string, opts?: { chatId?: number; forge?: boolean }): number {
    return this.sim.pressButton(user, messageId, callbackData, opts);
  }

  /** Any raw update; keeps a given update_id (to send duplicates). Returns the update_id. */
  injectUpdate(raw: Record<string, unknown>): number {
    return this.sim.inject(raw);
  }

  /** Update ids start again from `firstId` (Telegram does so after a week without updates). */
  restartUpdateIds(firstId: number): void {
    this.queue.restartIds(firstId);
  }

  /** Registers a user who started the bot earlier, without an update. */
  addUser(user: FakeUserInput): void {
    this.sim.addUser(user);
  }

  /** The user blocks the bot. Returns the my_chat_member update_id (undefined if already blocked or emitUpdate=false). */
  blockUser(user: FakeUserInput | number, opts?: { emitUpdate?: boolean }): number | undefined {
    return this.sim.setBlocked(user, true, opts?.emitUpdate ?? true);
  }

  unblockUser(user: FakeUserInput | number, opts?: { emitUpdate?: boolean }): number | undefined {
    return this.sim.setBlocked(user, false, opts?.emitUpdate ?? true);
  }

  /** `by` adds the bot to a group (my_chat_member left -> member/administrator). */
  addBotToGroup(group: GroupInput, by: FakeUserInput, status: 'member' | 'administrator' = 'member'): number {
    return this.sim.setBotInGroup(group, by, status);
  }

  removeBotFromGroup(group: GroupInput, by: FakeUserInput, status: 'left' | 'kicked' = 'kicked'): number {
    return this.sim.setBotInGroup(group, by, status);
  }

  // ---- misbehaving like Telegram -----------------------------------------

  /** The next `count` matching calls fail with `spec` (429 storm, 5xx, connection reset...). */
  failNext(count: number, spec: FailSpec): void {
    this.server.failNext(count, spec);
  }

  clearFailures(): void {
    this.server.clearFailures();
  }

  /**
   * Matching calls get no answer (a hung API) until the returned function is called; the fake
   * never executes them. With `chatIds`, only calls to those chats hang.
   */
  hang(spec: HangSpec = {}): () => void {
    return this.server.hang(spec);
  }

  /** Resolves once at least `count` calls are being held by hang(). */
  waitForHanging(count: number, timeoutMs = 5000): Promise<void> {
    return waitUntil(this.state, () => (this.server.hanging >= count ? true : undefined), timeoutMs, `${count} hung call(s) (now ${this.server.hanging})`).then(() => undefined);
  }

  /** Replaces the rate limits (fresh buckets); false turns them off. */
  setLimits(limits: false | LimitOptions): void {
    this.ctx.limiter = new RateLimiter(limits);
  }

  // ---- observing the bot ---------------------------------------------------

  /** Messages the bot sent, in order, edits applied (deleted ones flagged); all chats when chatId is omitted. */
  messages(chatId?: number): SentMessage[] {
    return this.state.sent.filter((m) => chatId === undefined || m.chat_id === chatId);
  }

  lastMessage(chatId?: number): SentMessage | undefined {
    return this.messages(chatId).filter((m) => !m.deleted).at(-1);
  }

  /** Every API call the fake answered, optionally only one method. */
  calls(method?: string): CallRecord[] {
    return this.state.calls.filter((c) => method === undefined || c.method.toLowerCase() === method.toLowerCase());
  }

  counters(): Counters {
    return structuredClone(this.state.counters);
  }

  reactions(chatId?: number): ReactionRecord[] {
    return this.state.reactions.filter((r) => chatId === undefined || r.chat_id === chatId);
  }

  chatActions(chatId?: number): ChatActionRecord[] {
    return this.state.chatActions.filter((a) => chatId === undefined || a.chat_id === chatId);
  }

  /** Commands set for a language ('' = no language) and scope (default scope). */
  commands(languageCode = '', scope: Record<string, unknown> = { type: 'default' }): BotCommand[] {
    return this.state.commands.get(commandsKey(scope, languageCode)) ?? [];
  }

  callbackQueries(): CallbackRecord[] {
    return [...this.state.callbacks.values()];
  }

  /** Callback queries the bot answered, with the answer it gave. */
  answeredCallbacks(): CallbackRecord[] {
    return this.callbackQueries().filter((c) => c.answered);
  }

  /** Every update ever created, and those not yet confirmed by the bot. */
  updates(): Update[] {
    return this.queue.all();
  }

  pendingUpdates(): Update[] {
    return this.queue.pendingUpdates();
  }

  webhook(): { config: WebhookConfig | undefined; deliveries: Delivery[]; lastErrorMessage: string | undefined } {
    const w = this.ctx.webhook;
    return { config: w.config, deliveries: [...w.deliveries], lastErrorMessage: w.lastErrorMessage };
  }

  /** A point in time for waitFor({ since }): later messages and later edits only. */
  mark(): number {
    return this.state.nextSeq();
  }

  /** Resolves with the first bot message (sent or edited after `since`) matching the predicate. */
  waitFor(predicate: (m: SentMessage) => boolean, options: number | WaitOptions = {}): Promise<SentMessage> {
    const { timeoutMs = 5000, since = 0 } = typeof options === 'number' ? { timeoutMs: options } : options;
    return waitUntil(this.state, () => this.state.sent.find((m) => m.updated_seq > since && predicate(m)), timeoutMs, `a bot message matching ${predicate.toString().slice(0, 200)}`);
  }

  /** Resolves with the first logged API call matching the predicate. */
  waitForCall(predicate: (c: CallRecord) => boolean, timeoutMs = 5000): Promise<CallRecord> {
    return waitUntil(this.state, () => this.state.calls.find(predicate), timeoutMs, `an API call matching ${predicate.toString().slice(0, 200)}`);
  }

  /** Calls `listener` after every Bot API call; returns a function that stops listening. For load tests. */
  onCall(listener: (call: CallRecord) => void): () => void {
    this.state.events.on('call', listener);
    return () => this.state.events.off('call', listener);
  }

  /** True while a getUpdates long poll is waiting here for updates. */
  get longPollWaiting(): boolean {
    return this.queue.polled;
  }

  /** Resolves once the bot has confirmed (polling) or accepted (webhook) every update. */
  waitForIdle(timeoutMs = 5000): Promise<void> {
    const off = this.queue.onChange(() => this.state.changed());
    return waitUntil(this.state, () => (this.queue.pendingCount === 0 ? true : undefined), timeoutMs, `the bot to consume ${this.queue.pendingCount} pending update(s)`)
      .then(() => undefined)
      .finally(off);
  }

  /** Human-readable dump of what the bot sent and which calls failed. */
  describe(): string {
    return describe(this.state);
  }
}

/** Starts a fake Bot API on 127.0.0.1 with a random port. */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  return new FakeTelegram(options).start();
}
