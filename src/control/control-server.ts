import { createServer, type Server } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/logger.ts';
import type { Services } from '../engine/services.ts';
import type { ControlHandler } from '../engine/flow.ts';
import { SOCKET_NAME, type ControlMessage, type ControlRequest } from './protocol.ts';

/**
 * A local socket in the data folder through which CLI commands reach the running bot, so
 * that only one process ever writes the data files. File permissions of the data folder
 * decide who may use it: whoever can write the data folder can already change the data.
 */
export class ControlServer {
  #server: Server | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly handlers: ReadonlyMap<string, ControlHandler>,
    private readonly services: () => Services,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const path = join(this.dataDir, SOCKET_NAME);
    // Safe: this process holds the data folder's lock, so a socket file left here is stale.
    rmSync(path, { force: true });
    this.#server = createServer((socket) => {
      let buf = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        buf += chunk;
        const nl = buf.indexOf('\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = '';
        void this.#serve(line, (m) => socket.write(`${JSON.stringify(m)}\n`)).finally(() => socket.end());
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve, reject) => {
      this.#server!.once('error', reject);
      this.#server!.listen(path, resolve);
    });
  }

  async #serve(line: string, send: (m: ControlMessage) => void): Promise<void> {
    let request: ControlRequest;
    try {
      request = JSON.parse(line) as ControlRequest;
    } catch {
      send({ type: 'error', message: 'Malformed control request.' });
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
