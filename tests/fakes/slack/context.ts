// What every Web API method handler works with.
import type { RateLimits } from './limits.ts';
import type { Params } from './params.ts';
import type { SlackState } from './state.ts';

/** Who the app is in the fake workspace. */
export interface Identity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  botName: string;
  appId: string;
}

export interface Ctx {
  state: SlackState;
  limits: RateLimits;
  id: Identity;
  /** 'http://127.0.0.1:PORT', for URLs the fake hands out (upload_url, the Socket Mode URL). */
  origin(): string;
  /** A one-use Socket Mode URL (apps.connections.open). */
  socketUrl(): string;
}

export type Handler = (p: Params, ctx: Ctx) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** A method and the kind of token it takes: bot (xoxb) or app-level (xapp). */
export interface Method {
  handler: Handler;
  token: 'bot' | 'app';
}

export const bot = (handler: Handler): Method => ({ handler, token: 'bot' });
