// The gateway WebSocket: HELLO → IDENTIFY (token, intents) → READY + GUILD_CREATE, heartbeats
// (op 1 → op 11), dispatches with increasing seq, RESUME on resume_gateway_url replaying what was
// missed then RESUMED, INVALID_SESSION, and Discord's close codes (4001 unknown opcode, 4002 decode
// error, 4003 not authenticated, 4004 authentication failed, 4005 already authenticated, 4007 invalid
// seq, 4012 invalid API version, 4013 invalid intents, 4014 disallowed intents).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants, createDeflate, type Deflate } from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';
import { sessionId } from './ids.ts';

export const RESUME_PATH = '/gateway-resume';

/** Privileged intents: GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT. */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
/** Every intent bit Discord defines (0–25, minus the unused 22–23). */
const KNOWN_INTENTS = ((1 << 26) - 1) & ~((1 << 22) | (1 << 23));

interface Dispatch {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  events: Dispatch[];
  resumable: boolean;
}

export interface GatewayHooks {
  token(): string;
  allowedIntents: number;
  heartbeatIntervalMs: number;
  /** READY's `d` for a new session, and the dispatches that follow it (GUILD_CREATE…). */
  ready(session: string, intents: number, resumeUrl: string): { ready: unknown; then: { t: string; d: unknown }[] };
  resumeUrl(): string;
}

/** One client connection, sending JSON text or, with compress=zlib-stream, one shared deflate stream. */
class Connection {
  authed = false;
  sessionId?: string;
  private chain = Promise.resolve();
  private readonly deflate?: Deflate;

  constructor(
    readonly ws: WebSocket,
    compress: boolean,
  ) {
    if (compress) this.deflate = createDeflate();
  }

  send(payload: unknown): void {
    const json = JSON.stringify(payload);
    if (!this.deflate) {
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(json);
      return;
    }
    const deflate = this.deflate;
    this.chain = this.chain.then(
      () =>
        new Promise<void>((resolve) => {
          const chunks: Buffer[] = [];
          const onData = (c: Buffer): void => void chunks.push(c);
          deflate.on('data', onData);
          deflate.write(json);
          deflate.flush(constants.Z_SYNC_FLUSH, () => {
            deflate.off('data', onData);
            if (this.ws.readyState === WebSocket.OPEN) this.ws.send(Buffer.concat(chunks), { binary: true });
            resolve();
          });
        }),
    );
  }

  close(code: number, reason = ''): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
    this.deflate?.close();
  }
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private session?: Session;
  private current?: Connection;
  private readonly connections = new Set<Connection>();
  private identifies = 0;
  private resumes = 0;
  private nextIdentifyClose?: number;
  readonly paths: string[] = [];

  constructor(private readonly hooks: GatewayHooks) {}

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/' && url.pathname !== RESUME_PATH) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, url));
    return true;
  }

  private accept(ws: WebSocket, url: URL): void {
    this.paths.push(url.pathname);
    const conn = new Connection(ws, url.searchParams.get('compress') === 'zlib-stream');
    this.connections.add(conn);
    ws.on('close', () => {
      this.connections.delete(conn);
      if (this.current === conn) this.current = undefined;
    });
    if (url.searchParams.get('v') !== '10') return conn.close(4012, 'Invalid API version.');
    const encoding = url.searchParams.get('encoding') ?? 'json';
    if (encoding !== 'json') return conn.close(4002, 'Error while decoding payload.');
    conn.send({ op: 10, d: { heartbeat_interval: this.hooks.heartbeatIntervalMs, _trace: ['["fake-gateway",{"micros":0}]'] }, s: null, t: null });
    ws.on('message', (data, isBinary) => this.onMessage(conn, data as Buffer, isBinary));
  }

  private onMessage(conn: Connection, data: Buffer, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(data.toString('utf8')) as { op?: unknown; d?: unknown };
    } catch {
      return conn.close(4002, 'Error while decoding payload.');
    }
    switch (payload.op) {
      case 1:
        return conn.send({ op: 11, d: null, s: null, t: null });
      case 2:
        return this.identify(conn, (payload.d ?? {}) as Record<string, unknown>);
      case 6:
        return this.resume(conn, (payload.d ?? {}) as Record<string, unknown>);
      case 3:
      case 4:
      case 8:
      case 31:
        if (!conn.authed) conn.close(4003, 'Not authenticated.');
        return;
      default:
        return conn.close(4001, 'Unknown opcode.');
    }
  }

  private identify(conn: Connection, d: Record<string, unknown>): void {
    if (conn.authed) return conn.close(4005, 'Already authenticated.');
    if (this.nextIdentifyClose !== undefined) {
      const code = this.nextIdentifyClose;
      this.nextIdentifyClose = undefined;
      return conn.close(code);
    }
    if (d.token !== this.hooks.token()) return conn.close(4004, 'Authentication failed.');
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || (intents & ~KNOWN_INTENTS) !== 0) return conn.close(4013, 'Invalid intent(s).');
    if ((intents & ~this.hooks.allowedIntents) !== 0) return conn.close(4014, 'Disallowed intent(s).');
    this.identifies++;
    // A new session replaces the old one, whose socket Discord would also drop.
    if (this.current && this.current !== conn) this.current.close(4000, 'Session replaced.');
    const id = sessionId();
    this.session = { id, seq: 0, intents, events: [], resumable: true };
    conn.authed = true;
    conn.sessionId = id;
    this.current = conn;
    const { ready, then } = this.hooks.ready(id, intents, this.hooks.resumeUrl());
    this.dispatch('READY', ready);
    for (const e of then) this.dispatch(e.t, e.d);
  }

  private resume(conn: Connection, d: Record<string, unknown>): void {
    if (conn.authed) return conn.close(4005, 'Already authenticated.');
    if (d.token !== this.hooks.token()) return conn.close(4004, 'Authentication failed.');
    const session = this.session;
    if (!session || session.id !== d.session_id || !session.resumable) {
      // The client waits 1–5 s then identifies afresh; Discord sends op 9 with d: false.
      setTimeout(() => conn.send({ op: 9, d: false, s: null, t: null }), 50).unref();
      return;
    }
    const seq = typeof d.seq === 'number' ? d.seq : -1;
    if (seq > session.seq || seq < 0) return conn.close(4007, 'Invalid seq.');
    this.resumes++;
    if (this.current && this.current !== conn) this.current.close(4000, 'Session resumed elsewhere.');
    conn.authed = true;
    conn.sessionId = session.id;
    this.current = conn;
    for (const e of session.events) if (e.s > seq) conn.send(e);
    this.dispatch('RESUMED', { _trace: ['["fake-gateway",{"micros":0}]'] });
  }

  /** Sends (or, while the client is away, keeps for its RESUME) one dispatch; false when no session exists. */
  dispatch(t: string, d: unknown): boolean {
    const session = this.session;
    if (!session) return false;
    const event: Dispatch = { op: 0, t, s: ++session.seq, d };
    session.events.push(event);
    const conn = this.current;
    if (conn?.authed && conn.sessionId === session.id && conn.ws.readyState === WebSocket.OPEN) conn.send(event);
    return true;
  }

  intents(): number | undefined {
    return this.session?.intents;
  }

  hasSession(): boolean {
    return this.session !== undefined;
  }

  connected(): boolean {
    return this.current?.authed === true && this.current.ws.readyState === WebSocket.OPEN;
  }

  sessionId(): string | undefined {
    return this.session?.id;
  }

  identifyCount(): number {
    return this.identifies;
  }

  resumeCount(): number {
    return this.resumes;
  }

  /** Closes the live socket; 4000 lets the client RESUME, `resumable: false` makes its RESUME get op 9. */
  disconnect(o: { code?: number; resumable?: boolean } = {}): void {
    if (this.session && o.resumable === false) this.session.resumable = false;
    this.current?.close(o.code ?? 4000, 'Fake Discord disconnect');
    this.current = undefined;
  }

  /** Addition: any frame, as is, on the live socket (an opcode or shape the client does not know). */
  sendFrame(payload: unknown): void {
    this.current?.send(payload);
  }

  /** Op 7 Reconnect: the client should reconnect and resume. */
  requestReconnect(): void {
    this.current?.send({ op: 7, d: null, s: null, t: null });
  }

  /** Op 9 Invalid Session on the live socket. */
  invalidateSession(resumable: boolean): void {
    if (this.session && !resumable) this.session.resumable = false;
    this.current?.send({ op: 9, d: resumable, s: null, t: null });
  }

  /** The next IDENTIFY is answered by closing with `code` (e.g. 4004 for a token revoked after GET /gateway/bot). */
  closeNextIdentify(code: number): void {
    this.nextIdentifyClose = code;
  }

  close(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
