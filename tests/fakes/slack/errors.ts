// Web API failures as Slack words them: HTTP 200 with {ok:false, error:'<code>'}, sometimes with
// response_metadata.messages ('[ERROR] … [json-pointer:/blocks/0/text]') that explain a validation error.

export class SlackError extends Error {
  constructor(
    readonly error: string,
    readonly messages: string[] = [],
    /** Slack answers almost everything with 200; unknown_method is the notable 404. */
    readonly httpStatus = 200,
  ) {
    super(messages.length > 0 ? `${error}: ${messages.join('; ')}` : error);
  }
}

/** An error whose explanation points at a field, e.g. invalid('invalid_blocks', 'must be less than 3001 characters', '/blocks/0/text/text'). */
export function invalid(error: string, problem: string, pointer: string): SlackError {
  return new SlackError(error, [`[ERROR] ${problem} [json-pointer:${pointer}]`]);
}

/** HTTP 429 {ok:false, error:'ratelimited'} with a Retry-After header. */
export class RateLimitedError extends SlackError {
  constructor(readonly retryAfter: number) {
    super('ratelimited', [], 429);
  }
}
