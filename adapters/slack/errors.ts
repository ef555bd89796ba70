import { DeliveryError } from '../../src/channels/channel.ts';

/** The shape of @slack/web-api's errors (its ErrorCode values), read without importing its classes. */
interface SlackFailure {
  code?: string;
  message?: string;
  /** Rate limited: seconds to wait (Retry-After). */
  retryAfter?: number;
  /** Platform error: Slack's `error` string. */
  data?: { error?: string };
  /** HTTP error: the status. */
  statusCode?: number;
}

/**
 * Slack errors that mean this person cannot be written to any more: they left the workspace or
 * were deactivated, or the conversation is gone. The outbox marks them unreachable, like a
 * Telegram user who blocked the bot.
 */
const UNREACHABLE = new Set(['account_inactive', 'user_not_found', 'user_disabled', 'cannot_dm_bot', 'is_archived', 'channel_not_found', 'not_in_channel', 'user_not_visible', 'users_not_found']);

/** Slack's own temporary failures: worth sending again later. */
const TEMPORARY = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'rate_limited', 'team_added_to_org', 'accesslimited']);

/** The Slack error string of a failed call ('invalid_blocks', 'account_inactive'…), if it has one. */
export function slackError(e: unknown): string | undefined {
  return (e as SlackFailure | undefined)?.data?.error;
}

/** Maps a Web API failure to what the outbox must do: wait, retry, give up, or mark the person unreachable. */
export function toDeliveryError(e: unknown): DeliveryError {
  const err = (e ?? {}) as SlackFailure;
  const description = err.data?.error ?? err.message ?? String(e);
  switch (err.code) {
    case 'slack_webapi_rate_limited_error':
      // The client does not retry (rejectRateLimitedCalls): the outbox waits Retry-After and sends again.
      return new DeliveryError('rate_limited', description, Math.max(1, err.retryAfter ?? 1) * 1000);
    case 'slack_webapi_platform_error': {
      const error = err.data?.error ?? '';
      if (UNREACHABLE.has(error)) return new DeliveryError('blocked', error);
      if (TEMPORARY.has(error)) return new DeliveryError('transient', error);
      // invalid_blocks, msg_too_long, no_text, invalid_auth…: sending the same again fails the same way.
      return new DeliveryError('rejected', error || description);
    }
    case 'slack_webapi_http_error': {
      const status = err.statusCode ?? 0;
      if (status === 429) return new DeliveryError('rate_limited', description, 1000);
      return new DeliveryError(status >= 500 || status === 408 ? 'transient' : 'rejected', `HTTP ${status}: ${description}`);
    }
    default:
      // No answer from Slack at all (network, timeout, a broken upload): worth retrying.
      return new DeliveryError('transient', description);
  }
}

/** chat.update errors that mean the mark cannot (or need not) be made: the message is gone or too old. */
export function isUnmarkable(e: unknown): boolean {
  return ['message_not_found', 'cant_update_message', 'edit_window_closed', 'msg_too_long'].includes(slackError(e) ?? '');
}

/** A failure the outbox waits out and sends again (429, Slack's temporary errors, no answer). */
export function worthRetrying(e: unknown): boolean {
  const { failure } = toDeliveryError(e);
  return failure === 'rate_limited' || failure === 'transient';
}
