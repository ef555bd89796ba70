// Discord's error bodies: `{code, message}` (JSON error codes) and, for 50035 Invalid Form Body,
// a nested `errors` tree whose leaves are `{_errors: [{code, message}]}` at the field's path.

export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterS: number,
    readonly global: boolean,
    readonly bucket?: { limit: number; hash: string },
  ) {
    super('You are being rate limited.');
  }
}

/** One field problem: the path inside the body (['components', 0, 'components', 5]) and Discord's error. */
export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
}

export function invalidFormBody(problems: FieldError[]): DiscordError {
  const errors: Record<string, unknown> = {};
  for (const p of problems) {
    let node = errors;
    for (const key of p.path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code: p.code, message: p.message });
  }
  return new DiscordError(400, 50035, 'Invalid Form Body', errors);
}

export const unauthorized = (): DiscordError => new DiscordError(401, 0, '401: Unauthorized');
export const notFound = (): DiscordError => new DiscordError(404, 0, '404: Not Found');
export const methodNotAllowed = (): DiscordError => new DiscordError(405, 0, '405: Method Not Allowed');
export const unknownChannel = (): DiscordError => new DiscordError(404, 10003, 'Unknown Channel');
export const unknownGuild = (): DiscordError => new DiscordError(404, 10004, 'Unknown Guild');
export const unknownMessage = (): DiscordError => new DiscordError(404, 10008, 'Unknown Message');
export const unknownUser = (): DiscordError => new DiscordError(404, 10013, 'Unknown User');
export const unknownWebhook = (): DiscordError => new DiscordError(404, 10015, 'Unknown Webhook');
export const unknownCommand = (): DiscordError => new DiscordError(404, 10063, 'Unknown application command');
export const unknownInteraction = (): DiscordError => new DiscordError(404, 10062, 'Unknown interaction');
export const alreadyAcknowledged = (): DiscordError => new DiscordError(400, 40060, 'Interaction has already been acknowledged.');
export const cannotMessageUser = (): DiscordError => new DiscordError(403, 50007, 'Cannot send messages to this user');
export const cannotEditOthers = (): DiscordError => new DiscordError(403, 50005, 'Cannot edit a message authored by another user');
export const emptyMessage = (): DiscordError => new DiscordError(400, 50006, 'Cannot send an empty message');
export const missingAccess = (): DiscordError => new DiscordError(403, 50001, 'Missing Access');
export const tooLarge = (): DiscordError => new DiscordError(413, 40005, 'Request entity too large');
export const badJson = (): DiscordError => new DiscordError(400, 50109, 'The request body contains invalid JSON.');
