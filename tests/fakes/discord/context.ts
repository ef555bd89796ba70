// What every REST route and sender shares: the state, id source, gateway and the fake's identity.
import type { Gateway } from './gateway.ts';
import type { Snowflakes } from './ids.ts';
import type { World } from './payloads.ts';
import type { State, StoredUser } from './state.ts';

export interface Ctx {
  state: State;
  world: World;
  ids: Snowflakes;
  gateway: Gateway;
  bot: StoredUser;
  joinedAt: string;
  interactionTimeoutMs: number;
  /** ws://… root of the gateway (GET /gateway/bot `url`). */
  gatewayUrl(): string;
}

export interface UploadedFile {
  /** The multipart field name, e.g. 'files[0]'. */
  field: string;
  filename: string;
  contentType?: string;
  bytes: Buffer;
}

export interface Req {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  files: UploadedFile[];
}

export interface Answer {
  status: number;
  body?: unknown;
}

export interface Route {
  method: string;
  /** Discord's docs spelling, e.g. '/channels/{channel.id}/messages'. */
  template: string;
  /** Interaction callbacks and interaction webhooks take no bot token. */
  auth?: false;
  /** The parameter whose value splits the bucket (channel, guild, webhook). */
  major?: string;
  handler(req: Req, ctx: Ctx): Answer | Promise<Answer>;
}

export const ok = (body: unknown): Answer => ({ status: 200, body });
export const noContent = (): Answer => ({ status: 204 });
