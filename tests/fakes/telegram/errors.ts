// Errors carry Telegram's exact wording: bots (and adapters) match on these strings.

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);
export const conflict = (what: string): ApiError => new ApiError(409, `Conflict: ${what}`);

export function tooManyRequests(retryAfter: number): ApiError {
  return new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

export const CHAT_NOT_FOUND = 'chat not found';
export const BLOCKED = 'bot was blocked by the user';
export const TEXT_EMPTY = 'message text is empty';
export const TOO_LONG = 'message is too long';
export const CAPTION_TOO_LONG = 'message caption is too long';
export const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
export const EDIT_NOT_FOUND = 'message to edit not found';
export const QUERY_TOO_OLD = 'query is too old and response timeout expired or query ID is invalid';
export const WEBHOOK_ACTIVE =
  "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
export const OTHER_GETUPDATES =
  'terminated by other getUpdates request; make sure that only one bot instance is running';

/** Success responses sometimes carry a description too (setWebhook says "Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}
