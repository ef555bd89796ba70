// The fake Discord: wires state, REST routes, limits, gateway, senders and observers together
// behind the API of notes/discord-fake-api.md.
import type { Ctx } from './context.ts';
import { Gateway, PRIVILEGED_INTENTS, RESUME_PATH } from './gateway.ts';
import { Snowflakes } from './ids.ts';
import { RateLimits } from './limits.ts';
import { Observer } from './observe.ts';
import { guildObject, userObject, type World } from './payloads.ts';
import { botRoutes } from './routes-bot.ts';
import { commandRoutes } from './routes-commands.ts';
import { interactionRoutes } from './routes-interactions.ts';
import { messageRoutes } from './routes-messages.ts';
import { Senders, type DmOptions, type OptionValue, type PressOptions, type RawInteractionOptions, type SlashOptions } from './senders.ts';
import { ApiServer } from './server.ts';
import { State, type StoredUser } from './state.ts';
import type { DiscordCallRecord, DiscordChannelInput, DiscordUserInput, FakeDiscordOptions, Interaction, InteractionRecord, RegisteredCommand, SeenDiscordMessage } from './types.ts';

const ALL_INTENTS = ((1 << 26) - 1) & ~((1 << 22) | (1 << 23));
const GUILDS = 1;

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string;
  readonly botUserId: string;
  /** Addition: the guild's text channel created at start ('general'). */
  readonly generalChannelId: string;
  private port = 0;
  private readonly ids = new Snowflakes();
  private readonly state = new State();
  private readonly gateway: Gateway;
  private readonly limits: RateLimits;
  private readonly server: ApiServer;
  private readonly senders: Senders;
  private readonly observer: Observer;
  private readonly bot: StoredUser;
  private readonly world: World;
  private readonly dms = new Map<string, string>();

  constructor(o: FakeDiscordOptions = {}) {
    this.token = o.token ?? 'fake-discord-bot-token';
    this.applicationId = o.applicationId ?? this.ids.next();
    this.botUserId = o.botUserId ?? this.applicationId;
    this.guildId = o.guildId ?? this.ids.next();
    this.bot = { id: this.botUserId, username: 'Together Bot', locale: 'en-US', dmsClosed: false, bot: true };
    const state = this.state;
    this.world = {
      guildId: this.guildId,
      guildName: o.guildName ?? 'Fake Guild',
      guildLocale: o.guildLocale ?? 'en-US',
      botUserId: this.botUserId,
      applicationId: this.applicationId,
      user: (id) => (id === this.botUserId ? this.bot : state.users.get(id)),
    };
    const joinedAt = new Date().toISOString();
    this.gateway = new Gateway({
      token: () => this.token,
      allowedIntents: o.allowedIntents ?? ALL_INTENTS & ~PRIVILEGED_INTENTS,
      heartbeatIntervalMs: o.heartbeatIntervalMs ?? 41_250,
      resumeUrl: () => `ws://127.0.0.1:${this.port}${RESUME_PATH}`,
      ready: (session, intents, resumeUrl) => {
        const guildChannels = [...state.channels.values()].filter((c) => c.type === 0 && c.guildId === this.guildId);
        return {
          ready: {
            v: 10,
            user_settings: {},
            user: { ...userObject(this.bot), verified: true, mfa_enabled: false, email: null },
            guilds: [{ id: this.guildId, unavailable: true }],
            session_id: session,
            session_type: 'normal',
            resume_gateway_url: resumeUrl,
            shard: [0, 1],
            application: { id: this.applicationId, flags: 0 },
            private_channels: [],
            relationships: [],
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            _trace: ['["fake-gateway",{"micros":0}]'],
          },
          then: intents & GUILDS ? [{ t: 'GUILD_CREATE', d: guildObject(this.world, guildChannels, this.bot, joinedAt) }] : [],
        };
      },
    });
    this.limits = new RateLimits(o.limits !== false);
    const ctx: Ctx = {
      state,
      world: this.world,
      ids: this.ids,
      gateway: this.gateway,
      bot: this.bot,
      joinedAt,
      interactionTimeoutMs: o.interactionTimeoutMs ?? 3000,
      gatewayUrl: () => `ws://127.0.0.1:${this.port}`,
    };
    this.server = new ApiServer(ctx, [...botRoutes, ...messageRoutes, ...interactionRoutes, ...commandRoutes], () => this.token, this.limits, this.gateway);
    this.senders = new Senders(ctx);
    this.observer = new Observer(state, this.botUserId);
    this.generalChannelId = this.ids.next();
    state.channels.set(this.generalChannelId, { id: this.generalChannelId, type: 0, name: 'general', guildId: this.guildId });
  }

  async listen(): Promise<void> {
    this.port = await this.server.listen();
  }

  /** The REST root to pass as discord.js `rest.api` (without /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Addition: the gateway address GET /gateway/bot gives. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  addUser(u: DiscordUserInput): void {
    this.state.users.set(u.id, { id: u.id, username: u.username, locale: u.locale ?? 'en-US', dmsClosed: u.dmsClosed ?? false });
    if (!this.dms.has(u.id)) {
      const dm = this.ids.next();
      this.dms.set(u.id, dm);
      this.state.channels.set(dm, { id: dm, type: 1, recipientId: u.id });
    }
    this.state.changed();
  }

  addChannel(c: DiscordChannelInput): void {
    const guildId = c.guildId ?? this.guildId;
    const channel = { id: c.id, type: 0 as const, name: c.name, guildId };
    this.state.channels.set(c.id, channel);
    if (guildId === this.guildId && ((this.gateway.intents() ?? 0) & GUILDS) !== 0) {
      this.gateway.dispatch('CHANNEL_CREATE', { id: c.id, type: 0, guild_id: guildId, name: c.name, position: 0, parent_id: null, topic: null, nsfw: false, flags: 0, rate_limit_per_user: 0, last_message_id: null, permission_overwrites: [] });
    }
    this.state.changed();
  }

  dmOf(userId: string): string {
    const dm = this.dms.get(userId);
    if (!dm) throw new Error(`fake Discord: unknown user ${userId}; addUser() first`);
    return dm;
  }

  closeDms(userId: string): void {
    const user = this.state.users.get(userId);
    if (!user) throw new Error(`fake Discord: unknown user ${userId}`);
    user.dmsClosed = true;
  }

  /** Addition: the person opens their DMs again. */
  openDms(userId: string): void {
    const user = this.state.users.get(userId);
    if (user) user.dmsClosed = false;
  }

  slashCommand(userId: string, name: string, options?: Record<string, OptionValue>, o?: SlashOptions): Promise<Interaction> {
    return this.senders.slashCommand(userId, name, options, o);
  }

  pressButton(userId: string, messageId: string, customId: string, o?: PressOptions): Promise<Interaction> {
    return this.senders.pressButton(userId, messageId, customId, o);
  }

  sendDm(userId: string, content: string, o?: DmOptions): Promise<void> {
    return this.senders.sendDm(userId, content, o);
  }

  /** Addition: an interaction of any type and data, recorded like the others; `patch` reshapes the payload. */
  rawInteraction(userId: string, type: number, data: unknown, o?: RawInteractionOptions): Promise<Interaction> {
    return this.senders.rawInteraction(userId, type, data, o);
  }

  /** Addition: a dispatch of any type and body, as is (kept for a RESUME like every dispatch). */
  dispatchRaw(t: string, d: unknown): boolean {
    return this.gateway.dispatch(t, d);
  }

  /** Addition: any frame on the live gateway socket (an opcode the client does not know). */
  sendGatewayFrame(payload: unknown): void {
    this.gateway.sendFrame(payload);
  }

  sendGuildMessage(userId: string, channelId: string, content: string, o?: { mentionsBot?: boolean }): Promise<void> {
    return this.senders.sendGuildMessage(userId, channelId, content, o);
  }

  interaction(id: string): InteractionRecord | undefined {
    return this.observer.interaction(id);
  }

  connected(): boolean {
    return this.gateway.connected();
  }

  sessionId(): string | undefined {
    return this.gateway.sessionId();
  }

  disconnect(o?: { code?: number; resumable?: boolean }): void {
    this.gateway.disconnect(o);
  }

  /** Addition: op 7 Reconnect on the live socket. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Addition: op 9 Invalid Session on the live socket. */
  invalidateSession(resumable = false): void {
    this.gateway.invalidateSession(resumable);
  }

  /** Addition: the next IDENTIFY is closed with `code` (a token revoked between GET /gateway/bot and IDENTIFY: 4004). */
  closeNextIdentify(code: number): void {
    this.gateway.closeNextIdentify(code);
  }

  identifyCount(): number {
    return this.gateway.identifyCount();
  }

  resumeCount(): number {
    return this.gateway.resumeCount();
  }

  /** Addition: the paths gateway sockets were opened on ('/' or the resume_gateway_url's path), in order. */
  gatewayPaths(): string[] {
    return [...this.gateway.paths];
  }

  messages(channelId: string): SeenDiscordMessage[] {
    return this.observer.messages(channelId);
  }

  history(channelId: string): { id: string; authorId: string; content: string }[] {
    return this.observer.history(channelId);
  }

  registeredCommands(scope?: { guildId?: string }): RegisteredCommand[] {
    return this.observer.registeredCommands(scope);
  }

  calls(route?: string): DiscordCallRecord[] {
    return this.observer.calls(route);
  }

  /** Addition: `listener` is called with each REST call as it is answered; returns the unsubscribe. */
  onCall(listener: (call: DiscordCallRecord) => void): () => void {
    return this.state.onCall(listener);
  }

  /**
   * The next `count` matching calls get 429. Addition: `{ global: true }` makes it a global 429, and
   * then, as on Discord, every call (interaction callbacks and webhooks aside) is refused 429 until
   * `retryAfterS` has passed; those count in `rateLimited()` too.
   */
  rateLimitNext(count: number, retryAfterS: number, route?: string, o: { global?: boolean } = {}): void {
    this.server.rateLimitNext(count, retryAfterS, route, o.global ?? false);
  }

  /** Addition: the next `count` matching calls are carried out at once (the message exists) but answered `ms` later. */
  answerLate(count: number, ms: number, route?: string): void {
    this.server.answerLate(count, ms, route);
  }

  /** Addition: the next `count` matching calls are carried out, then their connection is dropped without an answer. */
  loseAnswerNext(count: number, route?: string): void {
    this.server.loseAnswerNext(count, route);
  }

  rateLimited(): number {
    return this.limits.limited();
  }

  failNext(count: number, status: number, code: number, route?: string): void {
    this.server.failNext(count, status, code, route);
  }

  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs?: number, what?: string): Promise<T> {
    return this.observer.waitFor(probe, timeoutMs, what);
  }

  waitForMessage(channelId: string, predicate?: (m: SeenDiscordMessage) => boolean, timeoutMs?: number): Promise<SeenDiscordMessage> {
    return this.observer.waitForMessage(channelId, predicate, timeoutMs);
  }

  describe(): string {
    return this.observer.describe();
  }

  async close(): Promise<void> {
    for (const i of this.state.interactions.values()) if (i.timer) clearTimeout(i.timer);
    await this.gateway.close();
    await this.server.close();
  }
}

export async function startFakeDiscord(o?: FakeDiscordOptions): Promise<FakeDiscord> {
  const fake = new FakeDiscord(o);
  await fake.listen();
  return fake;
}
