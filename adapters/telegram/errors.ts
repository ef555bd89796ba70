import { DeliveryError } from '../../src/channels/channel.ts';

interface TelegramFailure {
  response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } };
  code?: string | number;
  message?: string;
}

/** Bot API descriptions that mean the chat cannot be written to any more. */
const UNREACHABLE = /blocked by the user|user is deactivated|bot was kicked|chat not found|not a member|PEER_ID_INVALID/i;

/** Maps a telegraf failure to what the outbox must do: wait, retry, give up, or mark blocked. */
export function toDeliveryError(e: unknown): DeliveryError {
  const err = e as TelegramFailure;
  const code = err.response?.error_code;
  const description = err.response?.description ?? err.message ?? String(e);
  if (code === 429) return new DeliveryError('rate_limited', description, (err.response?.parameters?.retry_after ?? 1) * 1000);
  if (code === 403 || (code === 400 && UNREACHABLE.test(description))) return new DeliveryError('blocked', description);
  if (code !== undefined && code >= 500) return new DeliveryError('transient', description);
  if (code !== undefined) return new DeliveryError('rejected', description);
  // No Bot API answer at all: the network failed; worth retrying.
  return new DeliveryError('transient', description);
}

/** "message is not modified" means the edit is already in place. */
export function isNotModified(e: unknown): boolean {
  return /message is not modified/i.test((e as TelegramFailure).response?.description ?? '');
}

/** 409 on getUpdates: another getUpdates for this bot (or a webhook) took over the long poll. */
export function isConflict(e: unknown): boolean {
  return (e as TelegramFailure).response?.error_code === 409;
}
