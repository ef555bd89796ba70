import { createServer, type Server, type Socket } from 'node:net';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/logger.ts';
import type { Services } from '../engine/services.ts';
import type { ControlHandler } from '../engine/flow.ts';
import { SOCKET_NAME, type ControlMessage, type ControlRequest } from './protocol.ts';

/** Bounds on one request, so a client that never finishes its line cannot grow the bot's memory. */
export interface ControlLimits {
  /** Largest request line, in bytes (newline excluded). */
  maxRequestBytes: number;
  /** Time a client has to send its whole request line. */
  requestTimeoutMs: number;
}

export const DEFAULT_CONTROL_LIMITS: ControlLimits = { maxRequestBytes: 1024 * 1024, requestTimeoutMs: 10_000 };

/**
 * A local socket in the data folder through which CLI commands reach the running bot, so
 * that only one process ever writes the data files. Permissions decide who may use it: the
 * socket is 0600 and the data folder 0700 (the store makes it so), so only the bot's own user.
 */
export class ControlServer {
  #server: Server | null = null;
  readonly #limits: ControlLimits;

  constructor(
    private readonly dataDir: string,
    private readonly handlers: ReadonlyMap<string, ControlHandler>,
    private readonly services: () => Services,
    private readonly log: Logger,
    limits: Partial<ControlLimits> = {},
  ) {
    this.#limits = { ...DEFAULT_CONTROL_LIMITS, ...limits };
  }

  async start(): Promise<void> {
    const path = join(this.dataDir, SOCKET_NAME);
    // Safe: this process holds the data folder's lock, so a socket file left here is stale.
    rmSync(path, { force: true });
    this.#server = createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.#server!.once('error', reject);
      this.#server!.listen(path, resolve);
    });
    // listen() creates the socket with the umask's mode (0777 under umask 0): make it the owner's only.
    chmodSync(path, 0o600);
  }

  /** Reads exactly one request line, within the size and time limits, then serves it. */
  #accept(socket: Socket): void {
    const chunks: Buffer[] = [];
    let size = 0;
    const send = (m: ControlMessage) => socket.write(`${JSON.stringify(m)}\n`);
    const refuse = (message: string) => {
      socket.off('data', onData);
      clearTimeout(timer);
      this.log.warn({ bytes: size }, message);
      socket.end(`${JSON.stringify({ type: 'error', message } satisfies ControlMessage)}\n`);
      // Whatever the client still sends is not read: the connection goes once the answer is out.
      socket.resume();
      socket.destroySoon();
    };
    const onData = (chunk: Buffer) => {
      const nl = chunk.indexOf(0x0a);
      const part = nl < 0 ? chunk : chunk.subarray(0, nl);
      size += part.length;
      if (size > this.#limits.maxRequestBytes) return refuse(`Control request too large: the limit is ${this.#limits.maxRequestBytes} bytes.`);
      chunks.push(part);
      if (nl < 0) return;
      // One request per connection: nothing after its line is read.
      socket.off('data', onData);
      clearTimeout(timer);
      void this.#serve(Buffer.concat(chunks).toString('utf8'), send).finally(() => socket.end());
    };
    const timer = setTimeout(
      () => refuse(`Control request incomplete after ${this.#limits.requestTimeoutMs} ms: send one JSON line ending with a newline.`),
      this.#limits.requestTimeoutMs,
    );
    socket.on('data', onData);
    socket.on('error', () => clearTimeout(timer));
    socket.on('close', () => clearTimeout(timer));
  }

  async #serve(line: string, send: (m: ControlMessage) => void): Promise<void> {
    let request: ControlRequest;
    try {
      request = JSON.parse(line) as ControlRequest;
    } catch {
      request = null as unknown as ControlRequest;
    }
    // `null`, an array or a number parse too: only {command: string, args?: object} is a request.
    const args: unknown = request?.args;
    if (typeof request !== 'object' || request === null || typeof request.command !== 'string' || (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args)))) {
      send({ type: 'error', message: 'Malformed control request: send one JSON object {"command": "...", "args": {...}} on one line.' });
      return;
    }
    const handler = this.handlers.get(request.command);
    if (!handler) {
      send({ type: 'error', message: `Unknown control command: ${request.command}` });
      return;
    }
    try {
      const data = await handler(this.services(), request.args ?? {}, (p) => send({ type: 'progress', data: p }));
      send({ type: 'result', data });
    } catch (e) {
      this.log.warn({ command: request.command, err: String(e) }, 'control command failed');
      send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  async stop(): Promise<void> {
    if (!this.#server) return;
    await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
    this.#server = null;
    rmSync(join(this.dataDir, SOCKET_NAME), { force: true });
  }
}
