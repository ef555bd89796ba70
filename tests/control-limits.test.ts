import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ControlServer, DEFAULT_CONTROL_LIMITS, type ControlLimits } from '../src/control/control-server.ts';
import { callControl } from '../src/control/control-client.ts';
import { SOCKET_NAME } from '../src/control/protocol.ts';
import type { ControlHandler } from '../src/engine/flow.ts';
import type { Services } from '../src/engine/services.ts';
import { silentLogger } from '../src/log/logger.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

let server: ControlServer | null = null;
let dir = '';
afterEach(async () => {
  await server?.stop();
  server = null;
  if (dir) removeDir(dir);
  dir = '';
});

async function start(limits: Partial<ControlLimits> = {}): Promise<string> {
  dir = tempDir();
  const handlers = new Map<string, ControlHandler>([['echo', async (_s, args) => args]]);
  server = new ControlServer(dir, handlers, () => ({}) as Services, silentLogger(), limits);
  await server.start();
  return join(dir, SOCKET_NAME);
}

/** Sends raw bytes (no newline unless given) and collects what the server answers until it closes. */
function rawExchange(path: string, send: (write: (chunk: string) => boolean) => void): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => send((chunk) => socket.write(chunk)));
    socket.on('data', (d: string) => (answer += d));
    // The server may cut the connection while this side still writes: EPIPE/ECONNRESET are expected.
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
  });
}

describe('control socket limits (item 5)', () => {
  it('defaults: 1 MB per request, 10 s to send it', () => {
    expect(DEFAULT_CONTROL_LIMITS).toEqual({ maxRequestBytes: 1024 * 1024, requestTimeoutMs: 10_000 });
  });

  it('a client streaming without a newline is cut off at the size limit with an error answer', async () => {
    const path = await start({ maxRequestBytes: 64 * 1024 });
    // 4 MB in 64 KB pieces and never a newline: before the fix the server buffered all of it.
    const answer = await rawExchange(path, (write) => {
      const piece = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 64) {
          sent++;
          if (!write(piece)) return void setImmediate(pump);
        }
      };
      pump();
    });
    const message = JSON.parse(answer.trim().split('\n')[0]!) as { type: string; message: string };
    expect(message.type).toBe('error');
    expect(message.message).toMatch(/too large.*65536 bytes/);
  });

  it('a client that never finishes its line is cut off at the time limit with an error answer', async () => {
    const path = await start({ requestTimeoutMs: 200 });
    // The answer and the close are the signal: no sleep on this side.
    const answer = await rawExchange(path, (write) => write('{"command":"echo","args":'));
    const message = JSON.parse(answer.trim()) as { type: string; message: string };
    expect(message).toEqual({ type: 'error', message: expect.stringMatching(/incomplete after 200 ms/) });
  });

  it('a request within the limits is served, and only one request per connection', async () => {
    const path = await start({ maxRequestBytes: 1024 });
    expect(await callControl(dir, { command: 'echo', args: { a: 'é'.repeat(100) } })).toEqual({ reachable: true, result: { a: 'é'.repeat(100) } });
    const answer = await rawExchange(path, (write) => write('{"command":"echo","args":{"n":1}}\n{"command":"echo","args":{"n":2}}\n'));
    expect(answer.trim().split('\n').map((l) => JSON.parse(l))).toEqual([{ type: 'result', data: { n: 1 } }]);
  });

  it('a line that parses but is not a request object gets an error answer, not a crash', async () => {
    const path = await start();
    for (const line of ['null', '[]', '5', '{"command":5}', '{"command":"echo","args":null}', '{"half']) {
      const answer = await rawExchange(path, (write) => write(`${line}\n`));
      expect([line, JSON.parse(answer.trim())]).toEqual([line, { type: 'error', message: expect.stringMatching(/^Malformed control request/) }]);
    }
    // The server still serves.
    expect(await callControl(dir, { command: 'echo', args: { ok: true } })).toEqual({ reachable: true, result: { ok: true } });
  });

  it('the socket is 0600 whatever the umask', async () => {
    const old = process.umask(0);
    try {
      const path = await start();
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });
});
