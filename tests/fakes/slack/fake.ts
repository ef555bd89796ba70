// The test-facing object: start a fake Slack, play the people, observe what the app did.
import type { Ctx, Identity } from './context.ts';
import { KeptAlive } from './http-delivery.ts';
import { RateLimits } from './limits.ts';
import { chatMethods } from './methods-chat.ts';
import { fileMethods } from './methods-files.ts';
import { workspaceMethods } from './methods-workspace.ts';
import { describe, waitUntil } from './observe.ts';
import { ResponseUrls } from './responses.ts';
import { Senders } from './senders.ts';
import { ApiServer } from './server.ts';
import { signatureHeaders } from './signing.ts';
import { SocketHub } from './socket.ts';
import { seen, SlackState, type StoredMessage } from './state.ts';
import type { Ack, FakeSlackOptions, SeenSlackMessage, SendMessageOptions, SlackCallRecord, SlackChannelInput, SlackUpload, SlackUserInput } from './types.ts';

export class FakeSlack {
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  private origin = '';
  private readonly state = new SlackState();
  private readonly id: Identity;
  private readonly sockets: SocketHub;
  private readonly server: ApiServer;
  private readonly senders: Senders;

  constructor(o: FakeSlackOptions = {}) {
    this.botToken = o.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = o.appToken ?? 'xapp-fake-app-token';
    this.signingSecret = o.signingSecret ?? 'fake-signing-secret';
    this.teamId = o.teamId ?? 'T0FAKETEAM';
    this.botUserId = o.botUserId ?? 'U0FAKEBOT';
    this.botId = o.botId ?? 'B0FAKEBOT';
    this.appId = o.appId ?? 'A0FAKEAPP';
    this.id = { teamId: this.teamId, teamName: 'Together Test', teamDomain: 'together-test', botUserId: this.botUserId, botId: this.botId, botName: 'together', appId: this.appId };
    this.sockets = new SocketHub(this.appId, () => this.state.changed());
    const origin = (): string => this.origin;
    const responses = new ResponseUrls(this.state, this.id, origin);
    const ctx: Ctx = { state: this.state, limits: new RateLimits(o.limits), id: this.id, origin, socketUrl: () => this.sockets.issueUrl(this.origin) };
    this.server = new ApiServer(ctx, { ...chatMethods, ...workspaceMethods, ...fileMethods }, { bot: this.botToken, app: this.appToken }, responses, this.sockets);
    this.senders = new Senders(this.state, this.id, this.sockets, responses, this.signingSecret, o.deliveryTimeoutMs ?? 10_000, o.deliveryKeepAlive ? new KeptAlive() : undefined);
  }

  /** 'http://127.0.0.1:PORT/api/': WebClient's slackApiUrl (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  async start(): Promise<this> {
    this.origin = await this.server.listen();
    return this;
  }

  async close(): Promise<void> {
    this.state.events.emit('closed');
    this.sockets.close();
    this.senders.close();
    await this.server.close();
  }

  // ---- the workspace -------------------------------------------------------

  addUser(u: SlackUserInput): void {
    this.state.addUser(u);
  }

  /** The person's account is deactivated: users.info says deleted, their DM refuses messages. */
  deactivate(userId: string): void {
    this.state.addUser({ id: userId, deleted: true });
  }

  addChannel(c: SlackChannelInput): void {
    this.state.addChannel(c);
  }

  /** The D… id of the bot's DM with that person (what conversations.open returns). */
  dmOf(userId: string): string {
    return this.state.dmOf(userId).id;
  }

  /** Where HTTP-mode deliveries go, e.g. 'http://127.0.0.1:3000/slack/events'. */
  setRequestUrl(url: string): void {
    this.senders.requestUrl = url;
  }

  // ---- playing the people ----------------------------------------------------

  /** A message event: message.im in the person's DM, or message.channels in `o.channel`. */
  sendMessage(userId: string, text: string, o?: SendMessageOptions): Promise<Ack> {
    return this.senders.sendMessage(userId, text, o);
  }

  /** An app_mention in a channel (the mention is added to the text when missing). */
  sendMention(userId: string, channel: string, text: string, o?: { eventId?: string }): Promise<Ack> {
    return this.senders.sendMention(userId, channel, text, o);
  }

  /** A slash command; an immediate answer in the HTTP body or ack payload is shown as Slack shows it. */
  sendCommand(userId: string, command: string, text: string, o?: { channel?: string; triggerId?: string; retryNum?: number }): Promise<Ack> {
    return this.senders.sendCommand(userId, command, text, o);
  }

  /** block_actions for the button `actionId` on the message `messageTs` (its value and block_id read from the message). */
  pressButton(userId: string, messageTs: string, actionId: string, o?: { value?: string; channel?: string; blockId?: string }): Promise<Ack> {
    return this.senders.pressButton(userId, messageTs, actionId, o);
  }

  /** block_actions for the button `actionId` on the person's published Home tab (container type 'view'). */
  pressHomeButton(userId: string, actionId: string, o?: { value?: string }): Promise<Ack> {
    return this.senders.pressHomeButton(userId, actionId, o);
  }

  /** app_home_opened, tab 'home' (with the published view, when there is one). */
  openHome(userId: string, o?: { eventId?: string }): Promise<Ack> {
    return this.senders.openHome(userId, o);
  }

  /** Anything, as is, to the Request URL: forged, stale or garbage requests. */
  sendRaw(body: string | Buffer, headers: Record<string, string>): Promise<Ack> {
    return this.senders.sendRaw(body, headers);
  }

  /** Slack's retry of the same delivery (same event_id): retry number + 1, reason http_timeout (Socket Mode: retry_attempt). */
  resend(ack: Ack): Promise<Ack> {
    return this.senders.resend(ack);
  }

  /** Correct signature headers for `body` (the timestamp in seconds defaults to now): for sendRaw. */
  signatureHeaders(body: string, timestampS?: number): Record<string, string> {
    return signatureHeaders(this.signingSecret, body, timestampS);
  }

  // ---- Socket Mode -------------------------------------------------------------

  socketConnected(): boolean {
    return this.sockets.connected();
  }

  /** Slack recycles the connection: `disconnect` (refresh_requested) then close; `abrupt` cuts it without a word. */
  dropSocket(o?: { abrupt?: boolean }): void {
    this.sockets.drop(o?.abrupt ?? false);
  }

  // ---- what people see ---------------------------------------------------------

  /** The bot's messages in the conversation, in order, edits applied, deleted ones left out. */
  messages(conversation: string): SeenSlackMessage[] {
    return this.stored(conversation).filter((m) => m.user === this.botUserId).map(seen);
  }

  /** Every message in the conversation, the people's and the bot's. */
  history(conversation: string): SeenSlackMessage[] {
    return this.stored(conversation).map(seen);
  }

  ephemerals(conversation: string, userId?: string): SeenSlackMessage[] {
    const conv = this.state.resolve(conversation);
    return (conv?.ephemerals ?? []).filter((m) => !m.deleted && (userId === undefined || m.to === userId)).map(seen);
  }

  uploads(conversation: string): SlackUpload[] {
    return [...(this.state.resolve(conversation)?.uploads ?? [])];
  }

  /** The last view views.publish set for that person's Home tab. */
  homeView(userId: string): unknown {
    const view = this.state.homeViews.get(userId);
    return view === undefined ? undefined : structuredClone(view);
  }

  /** Every Web API call (and response_url post) the fake answered, optionally of one method. */
  calls(method?: string): SlackCallRecord[] {
    return this.state.calls.filter((c) => method === undefined || c.method === method);
  }

  /** Calls `listener` with every call record as it is answered (benchmarks); returns the unsubscribe. */
  onCall(listener: (call: SlackCallRecord) => void): () => void {
    this.state.events.on('call', listener);
    return () => void this.state.events.off('call', listener);
  }

  // ---- misbehaving like Slack --------------------------------------------------

  /** The next `count` calls (of `method`) get HTTP 429 with Retry-After: retryAfterS. */
  rateLimitNext(count: number, retryAfterS: number, method?: string): void {
    this.server.rateLimitNext(count, retryAfterS, method);
  }

  /** How many 429s the fake has given. */
  rateLimited(): number {
    return this.state.rateLimited;
  }

  /** The next `count` calls (of `method`) fail with {ok:false, error}; 'http_503' and the like answer that HTTP status. */
  failNext(count: number, error: string, method?: string): void {
    this.server.failNext(count, error, method);
  }

  // ---- waiting -----------------------------------------------------------------

  /** Resolves with the first bot message in the conversation that matches. */
  waitForMessage(conversation: string, predicate: (m: SeenSlackMessage) => boolean = () => true, timeoutMs = 5000): Promise<SeenSlackMessage> {
    return waitUntil(this.state, this.botUserId, () => this.messages(conversation).find(predicate), timeoutMs, `a bot message in ${conversation} matching ${predicate.toString().slice(0, 200)}`);
  }

  /** Resolves with the first logged call of `method` that matches. */
  waitForCall(method: string, predicate: (c: SlackCallRecord) => boolean = () => true, timeoutMs = 5000): Promise<SlackCallRecord> {
    return waitUntil(this.state, this.botUserId, () => this.calls(method).find(predicate), timeoutMs, `a ${method} call matching ${predicate.toString().slice(0, 200)}`);
  }

  /** Resolves once `check` returns something other than undefined (re-checked after every change). */
  waitFor<T>(check: () => T | undefined, timeoutMs = 5000, what = 'a condition'): Promise<T> {
    return waitUntil(this.state, this.botUserId, check, timeoutMs, what);
  }

  /** A readable summary of what the bot posted and which calls failed. */
  describe(): string {
    return describe(this.state, this.botUserId);
  }

  private stored(conversation: string): StoredMessage[] {
    return (this.state.resolve(conversation)?.messages ?? []).filter((m) => !m.deleted);
  }
}

/** Starts a fake Slack on 127.0.0.1 with a random port. */
export async function startFakeSlack(o: FakeSlackOptions = {}): Promise<FakeSlack> {
  return new FakeSlack(o).start();
}
