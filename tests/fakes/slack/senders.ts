// Playing the people: each sender builds what Slack would send and delivers it the way the app is
// connected — an envelope on the Socket Mode connection once the app has opened one, otherwise a
// signed POST to the Request URL — then resolves with the app's answer and how long it took.
import type { Identity } from './context.ts';
import { postToApp, type HttpRequestSpec, type KeptAlive } from './http-delivery.ts';
import { eventId as newEventId, triggerId as newTriggerId } from './ids.ts';
import { appHomeOpenedEvent, appMentionEvent, blockActions, eventCallback, findButton, homeBlockActions, messageEvent, slashCommand } from './payloads.ts';
import { parseAnswer, type ResponseTarget, type ResponseUrls } from './responses.ts';
import { signatureHeaders } from './signing.ts';
import type { SocketHub, Envelope } from './socket.ts';
import type { Conversation, SlackState } from './state.ts';
import type { Ack, SendMessageOptions } from './types.ts';

type Kind = Envelope['type'];

const STORED_SUBTYPES = new Set(['file_share', 'thread_broadcast', 'me_message']);

/** Everything needed to send the same thing again (resend). */
interface Sent {
  kind: Kind | 'raw';
  payload: Record<string, unknown>;
  retryNum: number;
  /** A slash command's immediate answer is shown to the person, like a response_url post. */
  answerTarget?: ResponseTarget;
  raw?: { body: string | Buffer; headers: Record<string, string> };
}

export class Senders {
  requestUrl: string | undefined;
  private readonly sent = new WeakMap<Ack, Sent>();

  constructor(
    private readonly state: SlackState,
    private readonly id: Identity,
    private readonly sockets: SocketHub,
    private readonly responses: ResponseUrls,
    private readonly signingSecret: string,
    private readonly timeoutMs: number,
    private readonly keptAlive?: KeptAlive,
  ) {}

  /** Closes the kept-alive connections to the app, if any. */
  close(): void {
    this.keptAlive?.close();
  }

  async sendMessage(userId: string, text: string, o: SendMessageOptions = {}): Promise<Ack> {
    const user = this.state.ensureUser(userId);
    const conv = this.conversation(user.id, o.channel);
    const ts = this.state.clock.next();
    // Echoes of bot messages and edit/delete notices are events about messages, not new ones.
    if (!o.botId && (!o.subtype || STORED_SUBTYPES.has(o.subtype))) {
      conv.messages.push({ ts, text, ...(o.threadTs ? { threadTs: o.threadTs } : {}), user: user.id, edited: false, deleted: false });
      this.state.changed();
    }
    const event = messageEvent(this.id, { conv, user: user.id, text, ts, ...pick(o, ['subtype', 'botId', 'threadTs', 'files']) });
    return this.send({ kind: 'events_api', payload: eventCallback(this.id, event, o.eventId), retryNum: o.retryNum ?? 0 });
  }

  async sendMention(userId: string, channel: string, text: string, o: { eventId?: string } = {}): Promise<Ack> {
    const user = this.state.ensureUser(userId);
    const conv = this.conversation(user.id, channel);
    // An app_mention's text always holds the mention itself.
    const mention = `<@${this.id.botUserId}>`;
    const full = text.includes(mention) ? text : `${mention} ${text}`;
    const ts = this.state.clock.next();
    conv.messages.push({ ts, text: full, user: user.id, edited: false, deleted: false });
    this.state.changed();
    return this.send({ kind: 'events_api', payload: eventCallback(this.id, appMentionEvent(this.id, conv, user.id, full, ts), o.eventId), retryNum: 0 });
  }

  async openHome(userId: string, o: { eventId?: string } = {}): Promise<Ack> {
    const user = this.state.ensureUser(userId);
    const conv = this.state.dmOf(user.id);
    const event = appHomeOpenedEvent(user.id, conv, this.state.homeViews.get(user.id), this.state.clock.next());
    return this.send({ kind: 'events_api', payload: eventCallback(this.id, event, o.eventId), retryNum: 0 });
  }

  async sendCommand(userId: string, command: string, text: string, o: { channel?: string; triggerId?: string; retryNum?: number } = {}): Promise<Ack> {
    const user = this.state.ensureUser(userId);
    const conv = this.conversation(user.id, o.channel);
    const target: ResponseTarget = { kind: 'commands', conv, user: user.id };
    const payload = slashCommand(this.id, { user, conv, command: command.startsWith('/') ? command : `/${command}`, text, triggerId: o.triggerId ?? newTriggerId(), responseUrl: this.responses.create(target) });
    return this.send({ kind: 'slash_commands', payload, retryNum: o.retryNum ?? 0, answerTarget: target });
  }

  async pressButton(userId: string, messageTs: string, actionId: string, o: { value?: string; channel?: string; blockId?: string } = {}): Promise<Ack> {
    const user = this.state.ensureUser(userId);
    const found = this.state.findMessage(messageTs, o.channel);
    if (!found) throw new Error(`fake Slack: no message with ts ${messageTs}${o.channel ? ` in ${o.channel}` : ''} to press a button on`);
    const button = findButton(found.message.blocks, actionId);
    // A button that is not (or no longer) on the message can only be pressed on purpose: give its value.
    if (!button && o.value === undefined) throw new Error(`fake Slack: message ${messageTs} has no button with action_id ${actionId} (pass o.value to press it anyway)`);
    const value = o.value ?? (typeof button?.element.value === 'string' ? button.element.value : undefined);
    const target: ResponseTarget = { kind: 'actions', conv: found.conv, user: user.id, messageTs };
    const payload = blockActions(this.id, {
      user,
      conv: found.conv,
      message: found.message,
      ephemeral: found.ephemeral,
      actionId,
      blockId: o.blockId ?? button?.blockId ?? 'fake-block',
      ...(value !== undefined ? { value } : {}),
      ...(button?.element.text ? { buttonText: button.element.text } : {}),
      triggerId: newTriggerId(),
      responseUrl: this.responses.create(target),
    });
    return this.send({ kind: 'interactive', payload, retryNum: 0 });
  }

  async pressHomeButton(userId: string, actionId: string, o: { value?: string } = {}): Promise<Ack> {
    const user = this.state.ensureUser(userId);
    const view = this.state.homeViews.get(user.id);
    if (!view) throw new Error(`fake Slack: ${userId} has no published Home tab to press a button on`);
    const button = findButton(view.blocks as unknown[] | undefined, actionId);
    if (!button && o.value === undefined) throw new Error(`fake Slack: the Home tab of ${userId} has no button with action_id ${actionId} (pass o.value to press it anyway)`);
    const value = o.value ?? (typeof button?.element.value === 'string' ? button.element.value : undefined);
    const payload = homeBlockActions(this.id, {
      user,
      view,
      actionId,
      blockId: button?.blockId ?? 'fake-block',
      ...(value !== undefined ? { value } : {}),
      ...(button?.element.text ? { buttonText: button.element.text } : {}),
      triggerId: newTriggerId(),
    });
    return this.send({ kind: 'interactive', payload, retryNum: 0 });
  }

  async sendRaw(body: string | Buffer, headers: Record<string, string>): Promise<Ack> {
    return this.send({ kind: 'raw', payload: {}, retryNum: 0, raw: { body, headers } });
  }

  async resend(ack: Ack): Promise<Ack> {
    const sent = this.sent.get(ack);
    if (!sent) throw new Error('fake Slack: resend() takes an Ack returned by one of this fake\'s senders');
    return this.send({ ...sent, retryNum: sent.retryNum + 1 }, 'http_timeout');
  }

  /** The DM by default, or the named conversation. */
  private conversation(userId: string, channel: string | undefined): Conversation {
    if (!channel) return this.state.dmOf(userId);
    const conv = this.state.resolve(channel);
    if (!conv) throw new Error(`fake Slack: unknown conversation ${channel} (addChannel it first)`);
    return conv;
  }

  private async send(s: Sent, retryReason?: string): Promise<Ack> {
    const eventId = typeof s.payload.event_id === 'string' ? s.payload.event_id : undefined;
    let ack: Ack;
    if (s.kind !== 'raw' && this.sockets.used) {
      ack = await this.sockets.deliver(
        { type: s.kind, payload: s.payload, acceptsResponsePayload: s.kind === 'slash_commands', retryAttempt: s.retryNum, retryReason: s.retryNum > 0 ? 'timeout' : '' },
        this.timeoutMs,
      );
    } else {
      const spec = this.httpRequest(s, retryReason);
      ack = await (this.keptAlive ? this.keptAlive.post(spec, this.timeoutMs) : postToApp(spec, this.timeoutMs));
    }
    if (eventId) ack.eventId = eventId;
    this.sent.set(ack, s);
    if (s.answerTarget && (ack.status === 200 || ack.status === 'acked') && ack.body.trim() !== '') this.showAnswer(s.answerTarget, ack.body);
    return ack;
  }

  private httpRequest(s: Sent, retryReason: string | undefined): HttpRequestSpec {
    if (!this.requestUrl) throw new Error('fake Slack: no Request URL (setRequestUrl) and no Socket Mode connection to deliver to');
    const retry: Record<string, string> = s.retryNum > 0 ? { 'x-slack-retry-num': String(s.retryNum), 'x-slack-retry-reason': retryReason ?? 'http_timeout' } : {};
    if (s.raw) return { url: this.requestUrl, body: s.raw.body, headers: { ...s.raw.headers, ...retry } };
    let body: string;
    let type: string;
    if (s.kind === 'events_api') {
      body = JSON.stringify(s.payload);
      type = 'application/json';
    } else if (s.kind === 'slash_commands') {
      body = new URLSearchParams(s.payload as Record<string, string>).toString();
      type = 'application/x-www-form-urlencoded';
    } else {
      body = new URLSearchParams({ payload: JSON.stringify(s.payload) }).toString();
      type = 'application/x-www-form-urlencoded';
    }
    // Each attempt is signed afresh: a retry carries a new timestamp.
    return { url: this.requestUrl, body, headers: { 'content-type': type, ...signatureHeaders(this.signingSecret, body), ...retry } };
  }

  private showAnswer(target: ResponseTarget, body: string): void {
    try {
      this.responses.apply(target, parseAnswer(body, undefined));
    } catch {
      // Slack shows nothing for an answer it cannot read; the test sees no ephemeral.
    }
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
