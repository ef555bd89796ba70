// Socket Mode's server side: apps.connections.open hands out a one-use ws:// URL; on connect the
// server says `hello`, then pushes envelopes {envelope_id, type, payload, accepts_response_payload,
// retry_attempt, retry_reason} and waits for the client's {envelope_id, payload?} ack. Before
// recycling a connection Slack sends {type:'disconnect', reason:'refresh_requested'}.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { uuid } from './ids.ts';
import type { Ack } from './types.ts';

export const SOCKET_PATH = '/link/';

export interface Envelope {
  type: 'events_api' | 'slash_commands' | 'interactive';
  payload: Record<string, unknown>;
  acceptsResponsePayload: boolean;
  retryAttempt: number;
  retryReason: string;
}

interface PendingAck {
  resolve: (ack: Ack) => void;
  socket: WebSocket;
  started: number;
}

export class SocketHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly open: WebSocket[] = [];
  private readonly pending = new Map<string, PendingAck>();
  private readonly waiters = new Set<() => void>();
  /** Connections told to go away: no new envelopes for them. */
  private readonly draining = new WeakSet<WebSocket>();
  private closed = false;
  /** apps.connections.open has been called: the app runs in Socket Mode, events go to sockets. */
  used = false;
  private connections = 0;

  constructor(
    private readonly appId: string,
    /** Told when a connection opens or closes, so that waiters re-check. */
    private readonly onChange: () => void,
  ) {}

  /** A fresh one-use URL on the fake (the caller's origin, 'http://127.0.0.1:PORT'). */
  issueUrl(origin: string): string {
    this.used = true;
    const ticket = uuid();
    this.tickets.add(ticket);
    return `${origin.replace(/^http/, 'ws')}${SOCKET_PATH}?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** Takes over an HTTP upgrade for the Socket Mode path; false when the path is not ours. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== SOCKET_PATH) return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    return true;
  }

  private accept(ws: WebSocket): void {
    this.open.push(ws);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(ws, Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    });
    ws.on('close', () => this.forget(ws));
    ws.on('error', () => this.forget(ws));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.open.length,
        debug_info: { host: `applink-fake-${++this.connections}`, build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: this.appId },
      }),
    );
    for (const wake of [...this.waiters]) wake();
    this.onChange();
  }

  private forget(ws: WebSocket): void {
    const i = this.open.indexOf(ws);
    if (i < 0) return;
    this.open.splice(i, 1);
    this.onChange();
    for (const [id, p] of this.pending) {
      if (p.socket !== ws) continue;
      this.pending.delete(id);
      p.resolve({ status: 0, body: 'connection closed before the ack', ms: Date.now() - p.started, envelopeId: id });
    }
  }

  private onMessage(_ws: WebSocket, text: string): void {
    let msg: { envelope_id?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (typeof msg.envelope_id !== 'string') return;
    const p = this.pending.get(msg.envelope_id);
    if (!p) return;
    this.pending.delete(msg.envelope_id);
    const empty = msg.payload === undefined || (typeof msg.payload === 'object' && msg.payload !== null && Object.keys(msg.payload).length === 0);
    p.resolve({ status: 'acked', body: empty ? '' : JSON.stringify(msg.payload), ms: Date.now() - p.started, envelopeId: msg.envelope_id });
  }

  private usable(): WebSocket[] {
    return this.open.filter((ws) => ws.readyState === WebSocket.OPEN && !this.draining.has(ws));
  }

  connected(): boolean {
    return this.usable().length > 0;
  }

  /** Pushes an envelope on the newest connection (waiting for one) and resolves with the ack. */
  async deliver(envelope: Envelope, timeoutMs: number): Promise<Ack> {
    const started = Date.now();
    const ws = await this.connection(timeoutMs);
    const envelopeId = uuid();
    if (!ws) return { status: 0, body: 'no Socket Mode connection', ms: Date.now() - started, envelopeId };
    return new Promise<Ack>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve({ status: 0, body: 'no ack in time', ms: Date.now() - started, envelopeId });
      }, Math.max(0, timeoutMs - (Date.now() - started)));
      this.pending.set(envelopeId, { socket: ws, started, resolve: (ack) => (clearTimeout(timer), resolve(ack)) });
      ws.send(
        JSON.stringify({
          envelope_id: envelopeId,
          payload: envelope.payload,
          type: envelope.type,
          accepts_response_payload: envelope.acceptsResponsePayload,
          // Only Events API envelopes carry retry information.
          ...(envelope.type === 'events_api' ? { retry_attempt: envelope.retryAttempt, retry_reason: envelope.retryReason } : {}),
        }),
      );
    });
  }

  private connection(timeoutMs: number): Promise<WebSocket | undefined> {
    const pick = (): WebSocket | undefined => this.usable().at(-1);
    const now = pick();
    if (now || this.closed) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (ws: WebSocket | undefined): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(ws);
      };
      const wake = (): void => {
        const ws = pick();
        if (ws || this.closed) done(ws);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.waiters.add(wake);
    });
  }

  /** Slack recycles connections: a polite `disconnect` (the client closes and reconnects), or an abrupt cut. */
  drop(abrupt = false): void {
    for (const ws of [...this.open]) {
      if (abrupt) {
        ws.terminate();
        continue;
      }
      this.draining.add(ws);
      ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'applink-fake' } }));
      // A client that ignores the request is cut off, as Slack does shortly after.
      setTimeout(() => ws.terminate(), 1000).unref();
    }
  }

  close(): void {
    this.closed = true;
    for (const ws of [...this.open]) ws.terminate();
    for (const wake of [...this.waiters]) wake();
    this.wss.close();
  }
}
