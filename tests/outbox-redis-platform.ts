import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { DeliveryError, type Channel, type ChannelLimits } from '../src/channels/channel.ts';
import type { Address, Reply } from '../src/core/types.ts';
import type { DeliveryOutcome, Outbox } from '../src/outbox/outbox.ts';

/**
 * A platform for the shared-limits tests: one HTTP server that several bot instances send to, as
 * to one bot's API. It keeps the platform's rules, as counts per window, and answers 429 with a
 * retry_after to a message that breaks them: more than `perSecond` accepted within one second, or
 * more than `chatWindow` messages to one chat within `chatWindow` of its spacings. Each window is
 * `slackMs` shorter than the rule's, room for timers: the senders space messages exactly, the
 * event loop does not. A message is judged at the moment the bot made the call (its body says
 * when): this server shares the bots' process, and how long it takes to hear a request says
 * nothing of the bots.
 */
export interface Attempt {
  id: string;
  chatId: string;
  instance: string;
  at: number;
  status: 'ok' | 'over' | 'storm';
  retryAfterMs?: number;
}

export class FakePlatform {
  readonly attempts: Attempt[] = [];
  #server: Server | null = null;
  #stormUntil = 0;
  #stormRetryMs = 0;
  readonly #toChat = new Map<string, number[]>();
  #accepted: number[] = [];
  readonly slackMs: number;
  readonly windowMs = 1000;
  readonly chatWindow: number;
  /** The limits it enforces: the bot's own by default, a stricter share when a test says so. */
  readonly rules: ChannelLimits;
  url = '';

  constructor(
    /** The limits the bot is told (its channel's). */
    readonly limits: ChannelLimits,
    options: { slackMs?: number; chatWindow?: number; rules?: ChannelLimits } = {},
  ) {
    this.slackMs = options.slackMs ?? 100;
    this.chatWindow = options.chatWindow ?? 1;
    this.rules = options.rules ?? limits;
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      void body(req).then((text) => {
        const msg = JSON.parse(text) as { id: string; chatId: string; group: boolean; instance: string; at: number };
        const outcome = this.#judge(msg, msg.at);
        if (outcome.status === 'ok') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        } else {
          res.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, retry_after_ms: outcome.retryAfterMs }));
        }
      });
    });
    this.#server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/send`;
  }

  /** From now for `ms`, every message is refused with 429 and `retryAfterMs` (the platform's own flood control). */
  storm(ms: number, retryAfterMs: number): void {
    this.#stormUntil = Date.now() + ms;
    this.#stormRetryMs = retryAfterMs;
  }

  #judge(msg: { id: string; chatId: string; group: boolean; instance: string }, at: number): Attempt {
    const record = (a: Omit<Attempt, 'id' | 'chatId' | 'instance' | 'at'>): Attempt => {
      const attempt = { id: msg.id, chatId: msg.chatId, instance: msg.instance, at, ...a };
      this.attempts.push(attempt);
      return attempt;
    };
    if (at < this.#stormUntil) return record({ status: 'storm', retryAfterMs: this.#stormRetryMs });
    this.#accepted = this.#accepted.filter((t) => t > at - (this.windowMs - this.slackMs));
    if (this.#accepted.length >= this.rules.perSecond) return record({ status: 'over', retryAfterMs: this.windowMs });
    const gap = msg.group ? (this.rules.perGroupChatMs ?? this.rules.perChatMs) : this.rules.perChatMs;
    const toChat = (this.#toChat.get(msg.chatId) ?? []).filter((t) => t > at - (this.chatWindow * gap - this.slackMs));
    this.#toChat.set(msg.chatId, toChat);
    if (toChat.length >= this.chatWindow) return record({ status: 'over', retryAfterMs: gap });
    this.#accepted.push(at);
    toChat.push(at);
    return record({ status: 'ok' });
  }

  /** Each message id with how many times it was accepted. */
  deliveredCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const a of this.attempts) if (a.status === 'ok') counts.set(a.id, (counts.get(a.id) ?? 0) + 1);
    return counts;
  }

  over(): Attempt[] {
    return this.attempts.filter((a) => a.status === 'over');
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (text += d));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** One bot instance's channel to the fake platform (in this process or another): a text's content is its message id. */
export class PlatformChannel implements Channel {
  readonly name = 'fake';

  constructor(
    readonly platform: Pick<FakePlatform, 'url' | 'limits'>,
    readonly instance: string,
  ) {}

  get limits(): ChannelLimits {
    return this.platform.limits;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async deliver(chatId: string, reply: Reply, to?: Address): Promise<void> {
    const id = reply.kind === 'text' ? reply.text : '?';
    const res = await fetch(this.platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, chatId, group: to?.group ?? false, instance: this.instance, at: Date.now() }),
    });
    const answer = (await res.json()) as { retry_after_ms?: number };
    if (res.status === 429) throw new DeliveryError('rate_limited', 'Too Many Requests', answer.retry_after_ms);
    if (!res.ok) throw new DeliveryError('transient', `HTTP ${res.status}`);
  }
}

/** A logger whose records the test can read. */
export function capturingLogger(): { log: Logger; records: { level: number; msg: string; [k: string]: unknown }[] } {
  const records: { level: number; msg: string; [k: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) records.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), records };
}

/** `count` messages from one instance (`name-0`…) to chats the other instance writes to as well, some of them groups. */
export function burst(outbox: Outbox, name: string, count: number): Promise<DeliveryOutcome[]>[] {
  return Array.from({ length: count }, (_, i) => {
    const group = i % 5 === 4;
    const chatId = group ? `g${i % 2}` : `p${i % 6}`;
    const address: Address = { channel: 'fake', chatId, userId: chatId, ...(group ? { group: true } : {}) };
    return outbox.send(address, [{ kind: 'text', text: `${name}-${i}` }]);
  });
}
