import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  Client,
  DefaultRestOptions,
  Events,
  GatewayIntentBits,
  MessageFlags,
  MessageType,
  Options,
  Partials,
  REST,
  Routes,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type RESTOptions,
} from 'discord.js';
import { DeliveryError, type Channel, type ChannelCapabilities, type ChannelInfo, type ChannelLimits, type EventSink, type Handled } from '../../src/channels/channel.ts';
import type { Address, InboundEvent, Reply } from '../../src/core/types.ts';
import { parseCommand } from '../../src/core/types.ts';
import type { Logger } from '../../src/log/logger.ts';
import { argsOf, commandPayloads } from './commands.ts';
import { ACK_DEADLINE_MS, settleBy, TOKEN_LIFETIME_MS } from './deadline.ts';
import { isDmClosed, isUnanswered, isUnmarkable, toDeliveryError } from './errors.ts';
import { dropMalformedPackets, strangerInDm } from './guard.ts';
import { actionRows, escapeDiscord, fitEscaped, ID_PREFIX_LENGTH, MAX_CONTENT, MAX_CUSTOM_ID, MAX_LABEL, markedRows, NO_MENTIONS, tokenOf, type ApiRow } from './format.ts';
import { dmLink, profileLink } from './links.ts';
import { MessagePoster } from './message-post.ts';
import { Bounded, People } from './people.ts';
import { DiscordStartError, startFailure } from './start-error.ts';

export interface DiscordOptions {
  token: string;
  /** REST root without the version (the test fake's); the official one when absent. */
  apiUrl?: string;
  /** Register the commands in this server only (shown at once) instead of globally. */
  guildId?: string;
  log: Logger;
  /**
   * Discord's published limits; tests and benchmarks may lift them. `null` lifts the REST
   * client's own pacing too (50 requests a second over the bot), against a platform without limits.
   */
  limits?: ChannelLimits | null;
  /** Deadline of one REST call; default 15 s. */
  apiTimeoutMs?: number;
  /** How long login and command registration may take before the start is given up. */
  startTimeoutMs?: number;
  /** How long an interaction waits for the core (and, from a server, the DM opening) before it is acknowledged anyway (default 2.5 s of Discord's 3). */
  ackDeadlineMs?: number;
}

export const DISCORD_API_URL = 'https://discord.com/api';

/**
 * Discord allows about 5 messages per 5 s in one channel (a DM included) and 50 requests a
 * second per bot over everything. The outbox's 40 a second leaves the rest to what does not go
 * through it: interaction answers, DM openings and marks' reads.
 */
export const DISCORD_LIMITS: ChannelLimits = { perSecond: 40, perChatMs: 1000, perGroupChatMs: 1000 };

/**
 * What a Discord message shows: 2,000 characters (after escaping), 5 action rows of 5 buttons,
 * 80-character labels, custom_ids of 100 characters, of which the adapter's `rc|` prefix takes 3
 * (so two buttons with one token stay distinct).
 */
export const DISCORD_CAPABILITIES: ChannelCapabilities = {
  maxText: MAX_CONTENT,
  buttonsPerRow: 5,
  maxRows: 5,
  maxLabel: MAX_LABEL,
  maxToken: MAX_CUSTOM_ID - ID_PREFIX_LENGTH,
  edit: true,
  upload: true,
  ephemeral: true,
  // No Discord link opens the bot's DM with a command in it: the core shows the command to type.
  linkPayload: false,
  numberedChoices: false,
};

/** Guilds (slash commands in servers arrive without it, but the client needs its guild cache) and DMs: nothing privileged. */
export const DISCORD_INTENTS = GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages;

const API_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 30_000;
/** Message flag: no link previews (a caravan or DM link would otherwise unfurl into a card). */
const SUPPRESS_EMBEDS = 1 << 2;

/** The Discord channel: discord.js's gateway client receives, a REST client of the adapter's own sends. */
export class DiscordChannel implements Channel {
  readonly name = 'discord';
  readonly limits: ChannelLimits | null;
  readonly capabilities = DISCORD_CAPABILITIES;
  /** Sends the outbox's messages; it outlives the gateway at stop, so the outbox can still drain. */
  readonly rest: REST;
  /** Posts the replies that are plain JSON messages (most of them), beside `rest`; see message-post.ts. */
  readonly #poster: MessagePoster;
  readonly #people: People;
  readonly #presses = new Bounded<ApiRow[]>(5_000);
  readonly #interactions = new Bounded<true>(10_000);
  /** Interactions in a DM by someone who is not its person (see strangerInDm): acknowledged, never handled. */
  readonly #strangers = new Bounded<true>(1_000);
  /** DM channels whose last send was refused 50007: a slash command typed in a server then gets the pointer. */
  readonly #closed = new Bounded<true>(10_000);
  readonly #nonces = new WeakMap<Reply, string>();
  /** 12 random characters, then a counter: Discord takes nonces of up to 25 characters. */
  readonly #noncePrefix = randomBytes(9).toString('base64url');
  #nonceCount = 0;
  /** Server channels seen in interactions: group chats, for the outbox's pacing and its "left" events. */
  readonly #serverChannels = new Bounded<true>(10_000);
  /**
   * A command the core runs in the server channel itself (`ChannelInfo.groupCommand`): its answer
   * goes back as the interaction's own reply, seen by the person alone, found by the very address
   * handed to the core (an announcement to the same channel has another and is posted there).
   */
  readonly #inServer = new WeakMap<Address, InServer>();
  #client: Client | null = null;
  #sink: EventSink | null = null;
  #info: ChannelInfo | null = null;
  #botUserId = '';
  #applicationId = '';
  #stopping = false;

  constructor(private readonly options: DiscordOptions) {
    this.limits = options.limits === undefined ? DISCORD_LIMITS : options.limits;
    this.rest = new REST(this.#restOptions()).setToken(options.token);
    this.#poster = new MessagePoster({ api: this.#apiUrl, token: options.token, timeoutMs: options.apiTimeoutMs ?? API_TIMEOUT_MS, rest: this.rest });
    this.#people = new People(this.rest);
  }

  get #apiUrl(): string {
    return this.options.apiUrl ?? DISCORD_API_URL;
  }

  /**
   * No retries and no waiting on message routes: a 429 (or a bucket the client knows is empty)
   * comes back to the outbox as rate_limited and the outbox waits and sends again, so exactly
   * one queue sends each message. A 5xx or a dropped connection also comes back (transient).
   */
  #restOptions(): Partial<RESTOptions> {
    return {
      api: this.#apiUrl,
      // Uploads through Node's own fetch, not the undici copy @discordjs/rest bundles: that copy
      // hands a FormData body to whatever undici Agent is installed globally, and a newer undici
      // loaded by another channel (Slack's socket mode) installs its own, which cannot read it.
      // Everything else (JSON) through that copy's plain request, which costs a fraction of fetch.
      makeRequest: (url, init) => (init.body instanceof FormData ? (fetch as unknown as RESTOptions['makeRequest'])(url, init) : DefaultRestOptions.makeRequest(url, init)),
      retries: 0,
      timeout: this.options.apiTimeoutMs ?? API_TIMEOUT_MS,
      rejectOnRateLimit: (limit) => limit.route.startsWith('/channels/'),
      ...(this.limits === null ? { globalRequestsPerSecond: Number.POSITIVE_INFINITY } : {}),
    };
  }

  /** The bot's user id once started (what the offline link builder takes as `--bot`). */
  get botUserId(): string {
    return this.#botUserId;
  }

  get applicationId(): string {
    return this.#applicationId;
  }

  /** The bot's profile (where "Send Message" opens its DM); undefined for a payload, which no Discord link carries. */
  link(payload?: string): string | undefined {
    return payload === undefined ? profileLink(this.#botUserId) : undefined;
  }

  async start(sink: EventSink, info: ChannelInfo): Promise<void> {
    if (!info.hold) return this.#connect(sink, info);
    // With other instances every one sends (REST); the gateway, which receives, is the lease holder's.
    const me = await this.#step('GET /users/@me', async () => (await this.rest.get(Routes.user())) as { id: string });
    this.#botUserId = me.id;
    this.#applicationId ||= me.id;
    this.#sink = sink;
    this.#info = info;
    info.hold('discord:gateway', { start: () => this.#connect(sink, info), stop: () => this.stop() });
  }

  async #connect(sink: EventSink, info: ChannelInfo): Promise<void> {
    if (this.#client) throw new DiscordStartError('the Discord channel is already started');
    this.#sink = sink;
    this.#info = info;
    this.#stopping = false;
    const { log } = this.options;
    const client = new Client({
      intents: DISCORD_INTENTS,
      // DM channels are not cached: without this, DMs would not reach messageCreate.
      partials: [Partials.Channel],
      rest: this.#restOptions(),
      // The adapter reads what it needs from each event; a cache of every message would only grow.
      makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
      allowedMentions: NO_MENTIONS,
    });
    dropMalformedPackets(client, log);
    client.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => {
      const stranger = strangerInDm(packet);
      if (stranger) this.#strangers.set(stranger, true);
    });
    client.on(Events.InteractionCreate, (i) => void this.#onInteraction(i).catch((e: unknown) => log.error({ err: String(e) }, 'discord interaction failed')));
    client.on(Events.MessageCreate, (m) => void this.#onMessage(m).catch((e: unknown) => log.error({ err: String(e) }, 'discord message failed')));
    client.on(Events.ShardReconnecting, (shard) => log.info({ shard }, 'discord gateway reconnecting'));
    client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'discord gateway resumed'));
    client.on(Events.ShardDisconnect, (event, shard) => {
      if (!this.#stopping) log.error({ shard, code: event.code }, 'discord gateway closed for good (token revoked or intents refused?): the bot no longer hears Discord');
    });
    client.on(Events.Error, (e) => log.error({ err: String(e) }, 'discord client error'));
    client.on(Events.Warn, (m) => log.warn(m));
    this.#client = client;
    try {
      await this.#step('login (GET /gateway/bot, then the gateway)', async () => {
        await client.login(this.options.token);
        if (!client.isReady()) await once(client, Events.ClientReady);
      });
      this.#botUserId = client.user!.id;
      this.#applicationId = client.application?.id ?? client.user!.id;
      await this.#step(this.options.guildId ? `command registration in server ${this.options.guildId}` : 'command registration', () => this.#registerCommands(info));
    } catch (e) {
      this.#client = null;
      this.#stopping = true;
      await client.destroy().catch(() => {});
      throw e;
    }
    log.info({ bot: client.user?.tag, guild: this.options.guildId }, 'discord channel started');
  }

  async #step<T>(name: string, run: () => Promise<T>): Promise<T> {
    const ms = this.options.startTimeoutMs ?? START_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms)));
    try {
      return await Promise.race([run(), late]);
    } catch (e) {
      throw startFailure(e, name, this.#apiUrl);
    } finally {
      clearTimeout(timer);
    }
  }

  async #registerCommands(info: ChannelInfo): Promise<void> {
    const body = commandPayloads(info, (lang, key) => info.translate?.(lang, key) ?? key);
    const { guildId } = this.options;
    const route = guildId ? Routes.applicationGuildCommands(this.#applicationId, guildId) : Routes.applicationCommands(this.#applicationId);
    await this.rest.put(route, { body });
  }

  /** The adapter's few words, in the person's Discord language. */
  #t(locale: string | undefined, key: string, params?: Record<string, unknown>): string {
    return this.#info?.translate?.(locale, `discord:${key}`, params) ?? key;
  }

  /** Hands an event to the core: resolves when it is stored (the Handled), rejects if the core failed. */
  #hand(event: InboundEvent): Promise<Handled> {
    if (!this.#sink) return Promise.reject(new Error('the Discord channel is not started'));
    return this.#sink(event);
  }

  /** A Discord call answering an interaction: a late or second answer (10062, 40060) is logged, never thrown. */
  async #safely(what: string, call: () => Promise<unknown>): Promise<void> {
    if (this.#stopping && what !== 'ack') return;
    try {
      await call();
    } catch (e) {
      this.options.log.warn({ err: String(e), what }, 'discord interaction answer failed');
    }
  }

  async #onMessage(m: Message): Promise<void> {
    // Only DMs arrive (no guild message intent); the bot's own messages and system lines are not a person typing.
    if (m.guildId || !m.author || m.author.bot || m.system || m.author.id === this.#botUserId) return;
    if (m.type !== MessageType.Default && m.type !== MessageType.Reply) return;
    const userId = m.author.id;
    this.#people.sawDm(userId, m.channelId);
    const locale = this.#people.localeOf(userId);
    // A sticker or an attachment alone has no text: the core answers with its "type your answer" hint.
    const text = m.content ?? '';
    const base = {
      address: { channel: 'discord', chatId: m.channelId, userId } satisfies Address,
      updateId: `m:${m.id}`,
      ...(locale ? { locale } : {}),
      ...(userName(m.author) ? { userName: userName(m.author) } : {}),
    };
    const command = text.startsWith('/') ? parseCommand(text) : null;
    await this.#hand(command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text });
  }

  async #onInteraction(i: Interaction): Promise<void> {
    // A dispatch replayed after a resume that was already handled: answered once, by the first.
    if (!this.#interactions.first(i.id)) return;
    const started = Date.now();
    // Discord always tells where an interaction happened; without it there is no conversation to answer in.
    if (!i.channelId || this.#strangers.has(i.id)) return this.#quietly(i);
    this.#people.sawLocale(i.user.id, i.locale);
    if (i.isChatInputCommand()) return this.#onCommand(i, started);
    if (i.isButton()) return this.#onButton(i, started);
    // Select menus, modals, autocomplete: none are registered; a stray one is acknowledged and dropped.
    return this.#quietly(i);
  }

  /** Acknowledges an interaction without a word, so the person's client shows no failure. */
  async #quietly(i: Interaction): Promise<void> {
    if (i.isAutocomplete()) return this.#safely('ack', () => i.respond([]));
    if (i.isMessageComponent()) return this.#safely('ack', () => i.deferUpdate());
    if (!i.isRepliable()) return;
    await this.#safely('ack', () => i.deferReply({ flags: MessageFlags.Ephemeral }));
    await this.#safely('delete the placeholder', () => i.deleteReply());
  }

  #base(i: Interaction, chatId: string) {
    return {
      address: { channel: 'discord', chatId, userId: i.user.id } satisfies Address,
      locale: i.locale,
      updateId: `i:${i.id}`,
      ...(userName(i.user) ? { userName: userName(i.user) } : {}),
    };
  }

  get #ackMs(): number {
    return this.options.ackDeadlineMs ?? ACK_DEADLINE_MS;
  }

  /**
   * A slash command in the bot's DM: the answer is the conversation itself. The interaction is
   * acknowledged as deferred once the core has stored the command (2.5 s at most), and that
   * placeholder is removed once the replies are in the DM.
   */
  async #onCommand(i: ChatInputCommandInteraction, started: number): Promise<void> {
    const event = (chatId: string): InboundEvent => ({ ...this.#base(i, chatId), kind: 'command', name: i.commandName, args: argsOf(i.commandName, i.options.data) });
    if (i.guildId) {
      this.#serverChannels.set(i.channelId, true);
      if (this.#info?.groupCommand?.(i.commandName, argsOf(i.commandName, i.options.data))) return this.#inServerChannel(i);
      return this.#elsewhere(i, event, started);
    }
    this.#people.sawDm(i.user.id, i.channelId);
    const handled = this.#hand(event(i.channelId));
    await settleBy(handled, started + this.#ackMs);
    await this.#safely('ack', () => i.deferReply({ flags: MessageFlags.Ephemeral }));
    await this.#after(handled);
    await this.#safely('delete the placeholder', () => i.deleteReply());
  }

  /**
   * One of the few commands the core runs in a group chat (a manager's `/caravan channel here`):
   * delivered as a group event with the channel's address and the server's language, answered
   * ephemerally with what the core says. Acknowledged at once: nothing of the person is stored.
   */
  async #inServerChannel(i: ChatInputCommandInteraction): Promise<void> {
    const address: Address = { channel: 'discord', chatId: i.channelId, userId: i.user.id, group: true };
    this.#inServer.set(address, { i, message: '@original' });
    await this.#safely('ack', () => i.deferReply({ flags: MessageFlags.Ephemeral }));
    const handled = this.#hand({
      ...this.#base(i, i.channelId),
      address,
      groupChat: true,
      ...(i.guildLocale ? { chatLocale: i.guildLocale } : {}),
      kind: 'command',
      name: i.commandName,
      args: argsOf(i.commandName, i.options.data),
    });
    await this.#after(handled);
    const state = this.#inServer.get(address);
    this.#inServer.delete(address);
    // Nothing came back (an event seen before): the "thinking…" placeholder goes.
    if (state && state.shown === undefined) await this.#safely('delete the placeholder', () => i.deleteReply());
  }

  /**
   * The core's answer to a command run in a server channel. Each text is added to the message the
   * person already sees (the interaction's reply, first) by an edit, which a retry after a lost
   * answer repeats harmlessly. A text that no longer fits starts a follow-up; Discord's webhooks
   * take no nonce and no follow-up can be looked up without its id, so one whose answer was lost
   * is not sent again (it may be there): it counts as failed.
   */
  async #answerInServer(state: InServer, reply: Reply): Promise<void> {
    if (reply.kind !== 'text') return;
    const content = escapeDiscord(reply.text).slice(0, MAX_CONTENT);
    if (!content.trim()) return;
    const joined = state.shown === undefined ? content : `${state.shown}\n\n${content}`;
    if (joined.length <= MAX_CONTENT) {
      await state.i.editReply({ content: joined, allowedMentions: NO_MENTIONS, message: state.message });
      state.shown = joined;
      return;
    }
    try {
      const followUp = await state.i.followUp({ content, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      state.message = followUp.id;
      state.shown = content;
    } catch (e) {
      if (!isUnanswered(e)) throw e;
      throw new DeliveryError('rejected', `follow-up not sent again after no answer (it may exist; webhooks take no nonce): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** True for a server channel the adapter has seen (never guessed from the id). */
  isGroupChat(chatId: string): boolean {
    return this.#serverChannels.has(chatId);
  }

  /** A button in the DM: acknowledged as a deferred update; the core's "mark" edits the message. */
  async #onButton(i: ButtonInteraction, started: number): Promise<void> {
    const token = tokenOf(i.customId);
    if (token === undefined) return this.#safely('ack', () => i.deferUpdate());
    if (i.guildId) return this.#elsewhere(i, (chatId) => ({ ...this.#base(i, chatId), kind: 'choice', token }), started);
    this.#people.sawDm(i.user.id, i.channelId);
    const handle = `${i.channelId}:${i.message.id}`;
    this.#presses.set(`${handle}:${token}`, i.message.components.map((c) => c.toJSON() as unknown as ApiRow));
    const handled = this.#hand({ ...this.#base(i, i.channelId), kind: 'choice', token, message: handle });
    await settleBy(handled, started + this.#ackMs);
    await this.#safely('ack', () => i.deferUpdate());
  }

  /**
   * A command or button used in a server channel: the conversation goes on in the person's DM
   * and the channel only gets a note the person alone sees: where it continues, or, when their
   * DMs turn out closed to the bot, how to open them. Opening the DM (a first contact: a REST call
   * that a crowd's openings or a global 429 can hold back for seconds) and storing the event both
   * count against Discord's 3 s, under the one deadline: what is not done by then is acknowledged
   * as a deferred reply, and the note comes by an edit of it.
   */
  async #elsewhere(i: ChatInputCommandInteraction | ButtonInteraction, event: (chatId: string) => InboundEvent, started: number): Promise<void> {
    const ready = this.#toDm(i.user.id, event);
    const inTime = await settleBy(ready, started + this.#ackMs);
    if (!inTime) await this.#safely('ack', () => i.deferReply({ flags: MessageFlags.Ephemeral }));
    const to = await ready;
    const shown = this.#note(i, to ? 'command.continued' : 'command.noDm', to ? { link: dmLink(to.dm) } : undefined);
    if (inTime) await this.#safely('ack', () => i.reply({ ...shown, flags: MessageFlags.Ephemeral }));
    else await this.#safely('edit the note', () => i.editReply(shown));
    if (!to) return;
    await this.#after(to.handled);
    if (this.#closed.has(to.dm)) await this.#safely('point to closed DMs', () => i.editReply(this.#note(i, 'command.dmsClosed')));
  }

  /** Opens the person's DM and hands the event there; settles once the core has stored it (or failed). Null when the DM could not be opened. */
  async #toDm(userId: string, event: (chatId: string) => InboundEvent): Promise<{ dm: string; handled: Promise<Handled> } | null> {
    let dm: string;
    try {
      dm = await this.#people.dmOf(userId);
    } catch (e) {
      this.options.log.warn({ err: String(e) }, 'discord could not open a DM for an interaction in a server');
      return null;
    }
    const handled = this.#hand(event(dm));
    await handled.catch(() => undefined);
    return { dm, handled };
  }

  /** A note in the server channel, in the person's Discord language; its text never pings anyone. */
  #note(i: Interaction, key: string, params?: Record<string, unknown>) {
    return { content: escapeDiscord(this.#t(i.locale, key, params)), allowedMentions: NO_MENTIONS };
  }

  /** Waits until the event's replies are delivered (or failed), within the interaction token's life. */
  async #after(handled: Promise<Handled>): Promise<void> {
    try {
      const h = await handled;
      await settleBy(h.delivered, Date.now() + TOKEN_LIFETIME_MS);
    } catch (e) {
      this.options.log.error({ err: String(e) }, 'discord event failed in the core');
    }
  }

  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    this.#stopping = true;
    // The gateway closes (no new events); this.rest stays, so the outbox drains after this.
    await client?.destroy().catch((e: unknown) => this.options.log.warn({ err: String(e) }, 'discord client did not stop cleanly'));
  }

  /** Texts whose escaped form passes 2,000 characters become several messages; the buttons go with the last. */
  split(reply: Reply): Reply[] {
    if (reply.kind !== 'text') return [reply];
    const parts = fitEscaped(reply.text, this.capabilities.maxText);
    if (parts.length <= 1) return [reply];
    return parts.map((text, i) => (i === parts.length - 1 ? { ...reply, text } : { kind: 'text', text }));
  }

  async deliver(chatId: string, reply: Reply, to?: Address): Promise<void> {
    const inServer = to && this.#inServer.get(to);
    try {
      if (inServer) await this.#answerInServer(inServer, reply);
      else await this.#send(chatId, reply);
    } catch (e) {
      if (reply.kind === 'mark' && isUnmarkable(e)) return;
      if (isDmClosed(e)) this.#closed.set(chatId, true);
      throw toDeliveryError(e);
    }
    if (reply.kind !== 'mark') this.#closed.delete(chatId);
  }

  /**
   * One nonce per reply, kept across the outbox's retries: with enforce_nonce Discord creates a
   * message once per nonce, so a send that timed out but arrived is not doubled by its retry.
   * A random prefix per process and a counter: unique across restarts, and without asking the
   * system for random bytes per message (that call was a few percent of the bot's CPU under load).
   */
  #nonce(reply: Reply): string {
    let nonce = this.#nonces.get(reply);
    if (!nonce) this.#nonces.set(reply, (nonce = `${this.#noncePrefix}${(this.#nonceCount++).toString(36)}`));
    return nonce;
  }

  async #send(chatId: string, reply: Reply): Promise<void> {
    const route = Routes.channelMessages(chatId);
    const common = { allowed_mentions: NO_MENTIONS, flags: SUPPRESS_EMBEDS, nonce: this.#nonce(reply), enforce_nonce: true };
    switch (reply.kind) {
      case 'text': {
        const content = escapeDiscord(reply.text).slice(0, MAX_CONTENT);
        const components = actionRows(reply.buttons);
        // Discord refuses an empty message; an empty text without buttons shows nothing anyway.
        if (!content.trim() && components.length === 0) return;
        await this.#poster.post(chatId, { ...common, content, components });
        return;
      }
      case 'image':
        await this.#upload(route, common, reply.filename, 'image/png', reply.png, reply.caption);
        return;
      case 'file':
        await this.#upload(route, common, reply.filename, reply.mime, reply.content, reply.caption);
        return;
      case 'mark':
        await this.#mark(reply.message, reply.token);
        return;
    }
  }

  async #upload(route: `/${string}`, common: Record<string, unknown>, filename: string, contentType: string, bytes: Uint8Array, caption?: string): Promise<void> {
    const content = caption ? escapeDiscord(fitEscaped(caption)[0] ?? '') : '';
    await this.rest.post(route, {
      body: { ...common, content, attachments: [{ id: 0, filename }] },
      files: [{ name: filename, data: Buffer.from(bytes), contentType }],
    });
  }

  /** The pressed button's message: every button disabled, the chosen one green with ✓. */
  async #mark(handle: string, token: string): Promise<void> {
    const cut = handle.indexOf(':');
    const channel = handle.slice(0, cut);
    const message = handle.slice(cut + 1);
    if (cut <= 0 || !message) return;
    const key = `${handle}:${token}`;
    let rows = this.#presses.get(key);
    this.#presses.delete(key);
    // A press from before a restart: the message's buttons are read back from Discord.
    rows ??= ((await this.rest.get(Routes.channelMessage(channel, message))) as { components?: ApiRow[] }).components ?? [];
    if (rows.length === 0) return;
    await this.rest.patch(Routes.channelMessage(channel, message), { body: { components: markedRows(rows, token) } });
  }
}

/** A command run in a server channel (see #inServer) and what its answer shows so far. */
interface InServer {
  i: ChatInputCommandInteraction;
  /** The message the next text is added to: the interaction's reply, then the latest follow-up. */
  message: string;
  /** That message's content (escaped); undefined until the first text is shown. */
  shown?: string;
}

function userName(u: { globalName?: string | null; username?: string }): string | undefined {
  return u.globalName || u.username || undefined;
}
