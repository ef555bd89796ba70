import type { Server } from 'node:http';
import { App, webApi, type Receiver } from '@slack/bolt';
import type { Channel, ChannelCapabilities, ChannelInfo, ChannelLimits, EventSink, HomeView } from '../../src/channels/channel.ts';
import { splitText } from '../../src/channels/split-text.ts';
import type { Address, InboundEvent, Reply } from '../../src/core/types.ts';
import type { Logger } from '../../src/log/logger.ts';
import { apiFetch } from './api-fetch.ts';
import { SlackApi } from './web-api.ts';
import { boltLogger } from './bolt-logger.ts';
import { ACK_DEADLINE_MS, settleBy } from './deadline.ts';
import { isUnmarkable, slackError, toDeliveryError, worthRetrying } from './errors.ts';
import { ACTION_PREFIX, escapeMrkdwn, labelOf, markedBlocks, messageBody, sectionText, SECTION_TEXT, type Block } from './format.ts';
import { COMMAND_SPAN, CommandMentions } from './commands.ts';
import { homeView } from './home.ts';
import { SignedHttpReceiver } from './http-receiver.ts';
import { ChannelAnswers } from './in-channel.ts';
import { commandEvent, dmAddress, fromDirectMessage, personFields, withPerson, type SlackCommand, type SlackMessage } from './inbound.ts';
import { appRedirect } from './links.ts';
import { People } from './people.ts';
import { deferredSocketReceiver } from './socket-receiver.ts';
import { SlackStartError, startFailure } from './start-error.ts';

export interface SlackOptions {
  botToken: string;
  /** HTTP mode: requests to /slack/events are verified with it. */
  signingSecret?: string;
  /** Socket Mode (no public URL needed) when set. */
  appToken?: string;
  /** Web API root, e.g. the test fake's; the official one when absent. */
  apiUrl?: string;
  /** Port of /slack/events in HTTP mode (0: any free port, for tests). */
  port?: number;
  log: Logger;
  /** Slack's published limits; tests and benchmarks may lift them. */
  limits?: ChannelLimits | null;
  /** Deadline of one Web API call; default 15 s. */
  apiTimeoutMs?: number;
  /** How long a start may take before it is given up (an API root that never answers). */
  startTimeoutMs?: number;
}

export const SLACK_API_URL = 'https://slack.com/api/';

/**
 * chat.postMessage allows about one message per second per conversation, with short bursts, and
 * "several hundred per minute" per workspace: 8 per second (480 a minute) stays inside that. The
 * other methods have their own tiers (files.* 20 a minute, conversations.open 50, users.info
 * 100); the outbox cannot pace per method, so a 429 from them comes back to it and it waits
 * Retry-After like for any other.
 */
export const SLACK_LIMITS: ChannelLimits = { perSecond: 8, perChatMs: 1000, perGroupChatMs: 1000 };

/**
 * What a Slack message shows. A section block holds 3,000 characters: a longer text is split into
 * messages. A row of buttons is one `actions` block; Slack wraps its buttons on narrow screens,
 * so 5 a row keeps a row on one line on a laptop, and 10 rows (with the text's sections) stay
 * far under the 50 blocks of a message. Labels 75 characters, values 2,000.
 */
export const SLACK_CAPABILITIES: ChannelCapabilities = {
  maxText: SECTION_TEXT,
  buttonsPerRow: 5,
  maxRows: 10,
  maxLabel: 75,
  maxToken: 2000,
  edit: true,
  upload: true,
  ephemeral: true,
  // A link opens the DM but cannot carry a payload there (see links.ts).
  linkPayload: false,
  numberedChoices: false,
};

const API_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 30_000;
const UNHANDLED_MS = 2900;
/** The one HTTP endpoint, for events, interactivity and slash commands alike (the manifest's URLs). */
const HTTP_PATH = '/slack/events';

/** bolt's ack(), whatever its response type: commands answer with an ephemeral note, the rest with nothing. */
type Ack = ((response?: any) => Promise<void>) | undefined;

/** A small memory of ids this adapter answered itself (mentions, Home tab), so a redelivery is answered once. */
class Recent {
  readonly #ids = new Set<string>();
  constructor(private readonly max: number) {}
  /** True the first time an id is seen. */
  first(id: string | undefined): boolean {
    if (!id) return true;
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.max) this.#ids.delete(this.#ids.values().next().value!);
    return true;
  }
}

/**
 * The Slack channel. bolt's App takes commands, button presses and events (over Socket Mode,
 * or over HTTP through the adapter's signed receiver, which hands DMs straight to their
 * handler); Web API calls go out through SlackApi, file uploads through bolt's WebClient.
 */
export class SlackChannel implements Channel {
  readonly name = 'slack';
  readonly limits: ChannelLimits | null;
  readonly capabilities = SLACK_CAPABILITIES;
  /** For file uploads (files.getUploadURLExternal, the bytes, files.completeUploadExternal) only. */
  readonly client: webApi.WebClient;
  readonly #people: People;
  readonly #http = apiFetch();
  readonly #api: SlackApi;
  readonly #presses = new Map<string, { blocks: Block[]; label: string }>();
  readonly #answered = new Recent(5_000);
  readonly #inChannel = new ChannelAnswers(this.#http.fetch);
  #app: App | null = null;
  #server: Server | null = null;
  #started = false;
  #team = '';
  #appId = '';
  #botUserId = '';
  #info: ChannelInfo | null = null;
  #mentions: CommandMentions | null = null;
  #sink: EventSink | null = null;

  constructor(private readonly options: SlackOptions) {
    if (!options.signingSecret && !options.appToken) {
      throw new SlackStartError('SLACK_BOT_TOKEN is set without SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode): set one of them.');
    }
    this.limits = options.limits === undefined ? SLACK_LIMITS : options.limits;
    // No retries of its own: a 429 goes back to the outbox, which waits Retry-After and sends
    // again; a client retrying behind its back could send a message twice.
    this.client = new webApi.WebClient(options.botToken, {
      slackApiUrl: this.#apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.apiTimeoutMs ?? API_TIMEOUT_MS,
      logger: boltLogger(options.log),
      fetch: this.#http.fetch,
    });
    this.#api = new SlackApi(this.#apiUrl, options.botToken, this.#http, options.apiTimeoutMs ?? API_TIMEOUT_MS);
    this.#people = new People(this.#api, options.log);
  }

  get #apiUrl(): string {
    return this.options.apiUrl ?? SLACK_API_URL;
  }

  /** The workspace and app ids, known once started ("A…@T…", what the offline link builder takes). */
  get appRef(): string | undefined {
    return this.#appId ? `${this.#appId}@${this.#team}` : undefined;
  }

  /** The local port of /slack/events in HTTP mode (tests use port 0). */
  get httpPort(): number | undefined {
    const address = this.#server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  /** The app's DM (its Messages tab); undefined for a payload, which no Slack link can carry. */
  link(payload?: string): string | undefined {
    return payload === undefined ? appRedirect(this.#appId, this.#team) : undefined;
  }

  async start(sink: EventSink, info: ChannelInfo): Promise<void> {
    if (this.#started) throw new SlackStartError('the Slack channel is already started');
    this.#info = info;
    this.#sink = sink;
    this.#mentions = new CommandMentions(info.commands(info.defaultLanguage).map((c) => c.command));
    const { options } = this;
    const auth = (await this.#step('auth.test', 'SLACK_BOT_TOKEN', () => this.#api.call('auth.test'))) as { team_id?: string; user_id?: string; bot_id?: string };
    this.#team = auth.team_id ?? '';
    this.#botUserId = auth.user_id ?? '';
    // The app id makes the DM link; without users:read (bots.info) the bot still runs, without links.
    if (auth.bot_id) {
      const bot = (await this.#api.call('bots.info', { bot: auth.bot_id }).catch((e: unknown) => options.log.warn({ err: slackError(e) ?? String(e) }, 'slack bots.info failed: no DM links'))) as { bot?: { app_id?: string } } | undefined;
      this.#appId = bot?.bot?.app_id ?? '';
    }
    const logger = boltLogger(options.log);
    const receiver: Receiver = options.appToken
      ? deferredSocketReceiver({ appToken: options.appToken, apiUrl: options.apiUrl, logger })
      : new SignedHttpReceiver({
          signingSecret: options.signingSecret!,
          path: HTTP_PATH,
          logger,
          // The HTTP answer waits for the listener (which waits for the core, 2.5 s at most), so
          // an acknowledged request is a stored one. A request no listener acknowledges (a kind
          // the app does not use) is answered at 2.9 s: later than the listeners' 2.5 s, which
          // the timer would otherwise overtake, and still inside Slack's 3 s.
          unhandledMs: UNHANDLED_MS,
          // Slack's requests are a few kB.
          bodyLimit: 1024 * 1024,
          // A DM, most of what a bot receives, goes straight to its handler: bolt's dispatch
          // (context, say/respond helpers, every listener's middleware chain, each with its own
          // copy of the arguments) cost more CPU per idea than the core's work on it. The other
          // events, commands and button presses go through bolt's listeners below.
          direct: (body) => {
            const event = body.event as SlackMessage | undefined;
            return body.type === 'event_callback' && event?.type === 'message' ? this.#onDirectMessage(event, body.event_id) : undefined;
          },
        });
    const app = new App({
      token: options.botToken,
      botId: auth.bot_id,
      botUserId: auth.user_id,
      receiver,
      logger,
      tokenVerificationEnabled: false,
      // Two global middlewares every request would pass through for nothing: the listeners drop
      // the app's own messages themselves (fromDirectMessage, the mention's bot_id), and no
      // listener reads a conversation store.
      ignoreSelf: false,
      convoStore: false,
      clientOptions: { slackApiUrl: this.#apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, fetch: this.#http.fetch },
    });
    app.error(async (e) => void options.log.error({ err: String(e) }, 'slack request failed'));
    this.#listen(app, sink);
    this.#app = app;
    try {
      if (options.appToken) await this.#step('apps.connections.open', 'SLACK_APP_TOKEN', () => this.#bounded(receiver.start()));
      else this.#server = (await receiver.start(options.port ?? 3000)) as Server;
    } catch (e) {
      await this.stop();
      if (e instanceof SlackStartError) throw e;
      throw new SlackStartError(`the Slack events endpoint could not listen on port ${options.port ?? 3000} (${(e as Error).message}); set SLACK_PORT to a free port.`, { cause: e });
    }
    this.#started = true;
    options.log.info({ team: this.#team, mode: options.appToken ? 'socket' : 'http', port: this.httpPort }, 'slack channel started');
  }

  #bounded<T>(work: Promise<T>): Promise<T> {
    const ms = this.options.startTimeoutMs ?? START_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms)));
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }

  async #step<T>(name: string, token: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', run: () => Promise<T>): Promise<T> {
    try {
      return await this.#bounded(run());
    } catch (e) {
      throw startFailure(e, name, token, this.#apiUrl);
    }
  }

  /** The adapter's few words, in the person's Slack language. */
  #t(locale: string | undefined, key: string, params?: Record<string, unknown>): string {
    return this.#info?.translate?.(locale, `slack:${key}`, params) ?? key;
  }

  #listen(app: App, sink: EventSink): void {
    const log = this.options.log;
    // Every handler answers Slack by ACK_DEADLINE_MS after it starts: after the core stored the
    // event in the normal case; work still running then goes on after the acknowledgement.
    const within = async (ack: Ack, work: () => Promise<unknown>, response?: () => unknown) => {
      await this.#within(work);
      await ack?.(response?.());
    };
    const hand = async (event: InboundEvent, userId: string) => {
      const person = await this.#people.about(userId);
      await sink({ ...event, ...personFields(person) });
    };

    // Socket Mode's DMs; over HTTP the receiver hands them to #onDirectMessage itself.
    app.event('message', async ({ event, body }) => this.#onDirectMessage(event as SlackMessage, (body as { event_id?: unknown }).event_id));

    app.event('app_mention', async ({ event, body }) => {
      await within(undefined, async () => {
        const e = event as { user?: string; channel: string; ts: string; thread_ts?: string; bot_id?: string };
        if (!e.user || e.bot_id || !this.#answered.first((body as { event_id?: string }).event_id)) return;
        await this.#pointer(e.channel, e.user, e.thread_ts ?? e.ts);
      });
    });

    app.event('app_home_opened', async ({ event, body }) => {
      await within(undefined, async () => {
        const e = event as { user: string; tab?: string; channel?: string };
        if (e.tab && e.tab !== 'home') return;
        if (!this.#answered.first((body as { event_id?: string }).event_id)) return;
        if (e.channel) this.#people.sawDm(e.user, e.channel);
        await this.#publishHome(e.user);
      });
    });

    app.command(/.*/, async ({ command, ack }) => {
      const c = command as unknown as SlackCommand;
      const inChannel = this.#inChannel.eventFor(c, this.#info?.groupCommand?.bind(this.#info));
      if (inChannel) {
        // Run in the channel itself (a manager's `/together plan digest here`): nothing goes to the DM.
        return within(
          ack,
          async () => {
            const handled = await sink({ ...inChannel, ...personFields(await this.#people.about(c.user_id)) });
            await handled.delivered;
          },
          () => this.#inChannel.ack(inChannel.address),
        );
      }
      let note: string | undefined;
      await within(
        ack,
        async () => {
          const person = await this.#people.about(c.user_id);
          let dm: string;
          try {
            dm = await this.#people.dmOf(c.user_id);
          } catch (e) {
            log.warn({ err: slackError(e) ?? String(e) }, 'slack conversations.open failed for a slash command');
            note = this.#t(person.locale, 'command.noDm');
            return;
          }
          // Typed in another conversation: the answer goes to the DM, and a note only the person
          // sees says where (the ack's ephemeral answer works even where the app is not a member).
          if (c.channel_id !== dm) note = this.#t(person.locale, 'command.continued', { link: this.#dmLink(dm) });
          await sink({ ...commandEvent(c, dm), ...personFields(person) });
        },
        () => (note ? { response_type: 'ephemeral', text: escapeMrkdwn(note) } : undefined),
      );
    });

    app.action({ type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX}:`) }, async ({ body, action, ack }) => {
      await within(ack, async () => {
        const b = body as unknown as PressBody;
        const a = action as { value?: string; action_ts?: string };
        const userId = b.user?.id;
        if (!userId || typeof a.value !== 'string') return;
        const updateId = b.trigger_id ? `a:${b.trigger_id}` : `a:${a.action_ts}:${userId}`;
        const fromHome = b.container?.type === 'view';
        const dm = fromHome || !b.channel?.id ? await this.#people.dmOf(userId) : b.channel.id;
        const address = dmAddress(userId, dm);
        // A Home tab button may name a command ("/spiral"); message buttons carry choice tokens.
        if (fromHome && a.value.startsWith('/')) {
          const [name = 'help', ...args] = a.value.slice(1).split(' ');
          return hand({ kind: 'command', name, args: args.join(' '), address, updateId }, userId);
        }
        const ts = b.message?.ts ?? b.container?.message_ts;
        const handle = !fromHome && ts ? `${dm}:${ts}` : undefined;
        const blocks = b.message?.blocks ?? [];
        const label = labelOf(blocks, a.value);
        if (handle && label) this.#rememberPress(`${handle}:${a.value}`, { blocks, label });
        await hand({ kind: 'choice', token: a.value, address, updateId, ...(handle ? { message: handle } : {}) }, userId);
      });
    });
  }

  /** A message event: a person typing in the DM goes to the core; anything else is dropped. Settles by the ack deadline. */
  #onDirectMessage(m: SlackMessage, eventId: unknown): Promise<void> {
    const sink = this.#sink;
    const inbound = fromDirectMessage(m, typeof eventId === 'string' ? eventId : undefined);
    if (!inbound || !sink || m.user === this.#botUserId) return Promise.resolve();
    // Only what the core needs stays alive while it works, not the whole event Slack sent.
    const user = m.user!;
    this.#people.sawDm(user, m.channel!);
    return this.#within(async () => sink(withPerson(inbound, await this.#people.about(user))));
  }

  /** Waits for `work` until ACK_DEADLINE_MS from now at the latest; work still running then goes on after the acknowledgement. */
  async #within(work: () => Promise<unknown>): Promise<void> {
    await settleBy(
      work().catch((e: unknown) => this.options.log.error({ err: String(e) }, 'slack event failed')),
      Date.now() + ACK_DEADLINE_MS,
    );
  }

  #rememberPress(key: string, press: { blocks: Block[]; label: string }): void {
    this.#presses.set(key, press);
    if (this.#presses.size > 5_000) this.#presses.delete(this.#presses.keys().next().value!);
  }

  /** A link to the app's DM, or to the conversation itself when the app id is unknown. */
  #dmLink(dm: string): string {
    return this.link() ?? `https://slack.com/app_redirect?channel=${dm}${this.#team ? `&team=${this.#team}` : ''}`;
  }

  /** A mention in a channel: one short note only the person sees, pointing to the DM (never anything personal). */
  async #pointer(channel: string, userId: string, threadTs: string): Promise<void> {
    const person = await this.#people.about(userId);
    const dm = await this.#people.dmOf(userId).catch(() => undefined);
    const text = escapeMrkdwn(this.#t(person.locale, 'pointer.mention', { link: dm ? this.#dmLink(dm) : (this.link() ?? '') }));
    try {
      await this.#api.call('chat.postEphemeral', { channel, user: userId, text, thread_ts: threadTs });
    } catch (e) {
      this.options.log.warn({ err: slackError(e) ?? String(e) }, 'slack ephemeral pointer failed');
    }
  }

  async #publishHome(userId: string): Promise<void> {
    const person = await this.#people.about(userId);
    const info = this.#info;
    let home: HomeView | undefined;
    if (info?.home) {
      const dm = await this.#people.dmOf(userId);
      home = await info.home(dmAddress(userId, dm), person.locale);
    }
    home ??= {
      title: this.#t(person.locale, 'home.title'),
      sections: [{ text: info?.greeting(person.locale) ?? '' }, { text: this.#t(person.locale, 'home.hint') }],
    };
    const sections = home.sections.map((s) => ({ ...s, text: this.#slackWords(s.text) }));
    await this.#api.call('views.publish', { user_id: userId, view: homeView({ ...home, sections }) });
  }

  /** The core's command mentions as Slack users type them ("/back" → "/together back"; see commands.ts). */
  #slackWords(text: string): string {
    return this.#mentions?.rewrite(text) ?? text;
  }

  async stop(): Promise<void> {
    const app = this.#app;
    this.#app = null;
    this.#started = false;
    // A stopped channel leaves no kept-alive connection to the Web API open.
    this.#http.close();
    if (!app) return;
    const server = this.#server;
    this.#server = null;
    // Idle keep-alive connections would hold the server's close open.
    server?.closeIdleConnections();
    if (server || this.options.appToken) await app.stop().catch((e: unknown) => this.options.log.warn({ err: String(e) }, 'slack receiver did not stop cleanly'));
    server?.closeAllConnections();
  }

  /**
   * Texts over a section's 3,000 characters become several messages; the buttons go with the
   * last. The core's command mentions are rewritten first (deliver's rewrite then leaves them
   * as they are): a cut inside one of the core's sentences would leave its "/back" unrecognized,
   * and no cut falls inside a mention ("/together" at the end of one message, "back" next).
   */
  split(reply: Reply): Reply[] {
    if (reply.kind !== 'text') return [reply];
    const parts = splitText(this.#slackWords(reply.text), this.capabilities.maxText, COMMAND_SPAN);
    return parts.map((text, i) => (i === parts.length - 1 ? { ...reply, text } : { kind: 'text', text }));
  }

  async deliver(chatId: string, reply: Reply, to?: Address): Promise<void> {
    try {
      if (reply.kind === 'text' && (await this.#inChannel.take(to, this.#slackWords(reply.text)))) return;
      const channel = await this.#conversation(chatId, to);
      try {
        await this.#send(channel, reply, to);
      } catch (e) {
        // A DM the person closed and Slack forgot: open it again once, as for a person never met.
        if (slackError(e) !== 'channel_not_found' || !to?.userId || !channel.startsWith('D') || to.group) throw e;
        await this.#send(await this.#people.dmOf(to.userId), reply, to);
      }
    } catch (e) {
      if (reply.kind === 'mark' && isUnmarkable(e)) return;
      throw toDeliveryError(e);
    }
  }

  /** Where a reply goes: a user id (a broadcast to someone never met here) opens their DM first. */
  #conversation(chatId: string, to?: Address): Promise<string> {
    if (/^[UW][A-Z0-9]+$/.test(chatId)) return this.#people.dmOf(chatId);
    if (!chatId && to?.userId) return this.#people.dmOf(to.userId);
    return Promise.resolve(chatId);
  }

  async #send(channel: string, reply: Reply, to?: Address): Promise<void> {
    const thread = to?.thread ? { thread_ts: to.thread } : {};
    switch (reply.kind) {
      case 'text': {
        const { text, blocks } = messageBody(this.#slackWords(reply.text), reply.buttons);
        await this.#api.call('chat.postMessage', { channel, text, blocks, unfurl_links: false, unfurl_media: false, ...thread }, { read: false });
        return;
      }
      case 'image':
        await this.#upload(channel, reply.filename, Buffer.from(reply.png), reply.caption && this.#slackWords(reply.caption), thread);
        return;
      case 'file':
        await this.#upload(channel, reply.filename, Buffer.from(reply.content), reply.caption && this.#slackWords(reply.caption), thread);
        return;
      case 'mark':
        await this.#mark(reply.message, reply.token);
        return;
    }
  }

  async #upload(channel: string, filename: string, file: Buffer, caption: string | undefined, thread: { thread_ts?: string }): Promise<void> {
    // files.getUploadURLExternal + the bytes + files.completeUploadExternal, the current upload API.
    await this.client.filesUploadV2({
      channel_id: channel,
      file,
      filename,
      title: filename,
      ...(caption ? { initial_comment: escapeMrkdwn(caption) } : {}),
      ...thread,
    } as never);
  }

  /** The pressed button's message, its buttons replaced by "✓ label" (or just taken away when the press is not remembered). */
  async #mark(handle: string, token: string): Promise<void> {
    const cut = handle.lastIndexOf(':');
    const channel = handle.slice(0, cut);
    const ts = handle.slice(cut + 1);
    if (cut <= 0 || !ts) return;
    // The press is forgotten only once the mark is made (or cannot be): a 429 or a timeout sends
    // the mark again through the outbox, and the retry needs the press, not a history read.
    const key = `${handle}:${token}`;
    const press = this.#presses.get(key);
    const blocks = press?.blocks ?? (await this.#history(channel, ts));
    if (!blocks) return;
    const label = press?.label ?? labelOf(blocks, token);
    const kept = label ? markedBlocks(blocks, label) : blocks.filter((b) => b.type !== 'actions');
    const shown = sectionText(blocks);
    const text = escapeMrkdwn(label ? `${shown}\n\n✓ ${label}` : shown).slice(0, 3000) || ' ';
    try {
      await this.#api.call('chat.update', { channel, ts, text, blocks: kept }, { read: false });
    } catch (e) {
      if (!worthRetrying(e)) this.#presses.delete(key);
      throw e;
    }
    this.#presses.delete(key);
  }

  /** A message's blocks read back from Slack (a press from before a restart); undefined when unreadable. */
  async #history(channel: string, ts: string): Promise<Block[] | undefined> {
    try {
      const found = (await this.#api.call('conversations.history', { channel, latest: ts, oldest: ts, inclusive: true, limit: 1 })) as unknown as { messages?: { ts?: string; blocks?: Block[] }[] };
      return found.messages?.find((m) => m.ts === ts)?.blocks;
    } catch (e) {
      // Rate limited or no answer: the outbox tries the mark again later. Otherwise (no scope,
      // the conversation gone) the message cannot be read back, and the mark is given up.
      if (worthRetrying(e)) throw e;
      return undefined;
    }
  }
}

/** The fields of a block_actions request this adapter reads. */
interface PressBody {
  trigger_id?: string;
  user?: { id?: string };
  channel?: { id?: string };
  container?: { type?: string; message_ts?: string };
  message?: { ts?: string; blocks?: Block[] };
}
