// What every Bot API method handler gets to work with.
import { tooManyRequests } from './errors.ts';
import type { RateLimiter } from './limits.ts';
import type { Params } from './params.ts';
import type { ChatState, FakeState } from './state.ts';
import type { UpdateQueue } from './updates.ts';
import type { WebhookDelivery } from './webhook.ts';

export interface Ctx {
  state: FakeState;
  queue: UpdateQueue;
  limiter: RateLimiter;
  webhook: WebhookDelivery;
  callbackTimeoutMs: number;
  /** Aborted when the client goes away (matters for long polling). */
  signal: AbortSignal;
}

export type Handler = (p: Params, ctx: Ctx) => unknown;

/** Charges one message to the chat's rate limits, answering 429 when over. */
export function charge(ctx: Ctx, chat: ChatState, isEdit = false): void {
  if (isEdit && !ctx.limiter.countsEdits()) return;
  const verdict = ctx.limiter.hit(chat.chat.id);
  if (!verdict.ok) throw tooManyRequests(verdict.retryAfter);
}
