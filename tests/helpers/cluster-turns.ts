import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { eventually } from './cluster.ts';

/** A reply the platform accepted: to which chat, what, from which instance. */
export interface Accepted {
  chatId: string;
  text: string;
  instance: string;
}

/**
 * The platform of the reply-order tests: it accepts each reply when it answers. A text the test
 * holds is answered only once released (a 429 or a slow platform, as the instance sees it); if
 * the instance dies meanwhile, its connection closes and the reply counts as never accepted.
 */
export class TurnPlatform {
  readonly accepted: Accepted[] = [];
  /** Every reply asked for, in the order the requests arrived (accepted or not). */
  readonly asked: Accepted[] = [];
  readonly #held = new Map<string, { res: ServerResponse; msg: Accepted }>();
  readonly #holding = new Set<string>();
  /** Texts refused once with a 429 and this retry_after (ms). */
  readonly #refusing = new Map<string, number>();
  #server: Server | null = null;
  /** Random delay before answering (ms), so replies of two instances race. */
  jitterMs = 0;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d));
      req.on('end', () => {
        const msg = JSON.parse(body) as Accepted;
        this.asked.push(msg);
        const refuse = this.#refusing.get(msg.text);
        if (refuse !== undefined) {
          this.#refusing.delete(msg.text);
          res.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, retry_after_ms: refuse }));
          return;
        }
        if (this.#holding.has(msg.text)) {
          this.#held.set(msg.text, { res, msg });
          res.on('close', () => this.#held.delete(msg.text));
          return;
        }
        const answer = () => this.#accept(res, msg);
        if (this.jitterMs > 0) setTimeout(answer, Math.random() * this.jitterMs);
        else answer();
      });
    });
    await new Promise<void>((r) => this.#server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/send`;
  }

  #accept(res: ServerResponse, msg: Accepted): void {
    if (res.destroyed) return;
    this.accepted.push(msg);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }

  /** The next reply with this text is refused with a 429 asking to retry after `retryAfterMs`. */
  refuseOnce(text: string, retryAfterMs: number): void {
    this.#refusing.set(text, retryAfterMs);
  }

  /** Replies with this text are held until `release`. */
  hold(text: string): void {
    this.#holding.add(text);
  }

  /** Whether a held reply is waiting for its answer now. */
  holds(text: string): boolean {
    return this.#held.has(text);
  }

  release(text: string): void {
    this.#holding.delete(text);
    const held = this.#held.get(text);
    this.#held.delete(text);
    if (held) this.#accept(held.res, held.msg);
  }

  /** The texts accepted for one chat, in order. */
  texts(chatId: string): string[] {
    return this.accepted.filter((a) => a.chatId === chatId).map((a) => a.text);
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((r) => (this.#server ? this.#server.close(() => r()) : r()));
  }
}

/** One instance in a process of its own (cluster-turn-child.ts): send it events, wait for what it prints. */
export interface TurnInstance {
  id: string;
  name: string;
  child: ChildProcess;
  lines: string[];
  /** Hands it `/echo <text>` from `chatId`; resolves once the turn is saved (its replies queued). */
  turn(chatId: string, text: string): Promise<void>;
}

let updates = 0;

export async function turnInstance(name: string, db: string, platform: TurnPlatform, children: ChildProcess[]): Promise<TurnInstance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/cluster-turn-child.ts'], {
    env: { ...process.env, CLUSTER_DB: db, PLATFORM_URL: platform.url, NAME: name },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  const id = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      lines.push(l);
      if (l.startsWith('READY ')) resolve(l.slice(6));
    });
    child.once('exit', (code) => reject(new Error(`instance ${name} exited with ${code} before it was ready`)));
  });
  return {
    id,
    name,
    child,
    lines,
    async turn(chatId, text) {
      const updateId = `${name}-${++updates}`;
      child.stdin!.write(`${JSON.stringify({ chatId, text, updateId })}\n`);
      await eventually(() => lines.includes(`SAVED ${updateId}`), 20_000, `${name} saving ${text}`);
    },
  };
}
