import { stringify } from 'node:querystring';
import { webApi } from '@slack/bolt';
import type { ApiHttp, RawAnswer } from './api-fetch.ts';

/**
 * Slack's methods that take a JSON body (its write methods); every other method is sent as a
 * form, which all of them accept, with structured values as JSON text (what the WebClient does).
 */
const JSON_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish']);

export type ApiResult = Record<string, unknown> & { ok: true };

/** How every successful Web API answer starts (Slack writes compact JSON, `ok` first). */
const OK = '{"ok":true';

/**
 * The Web API calls of the adapter (all but file uploads): one POST each over the kept-alive
 * connections of api-fetch.ts. Every reply is such a call, and the WebClient's way to one (its
 * queue, retry wrapper, debug strings built whether or not they are logged, form encoding of
 * the blocks, its result object) cost the bot about as much CPU as the call itself.
 *
 * It fails as the WebClient does, with the WebClient's own error classes, so errors.ts maps
 * both alike: a 429 with Retry-After is a rate-limited error handed back at once (never waited
 * out or retried here: the outbox waits and sends again), any other HTTP status an HTTP error,
 * `ok: false` a platform error carrying Slack's answer, no answer a request error.
 */
export class SlackApi {
  readonly #urls = new Map<string, URL>();
  readonly #form: Record<string, string>;
  readonly #json: Record<string, string>;

  constructor(
    private readonly root: string,
    token: string,
    private readonly http: ApiHttp,
    private readonly timeoutMs: number,
  ) {
    const auth = `Bearer ${token}`;
    this.#form = { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' };
    this.#json = { authorization: auth, 'content-type': 'application/json; charset=utf-8' };
  }

  /**
   * One call. `read: false` when the caller uses nothing of the answer but its success (a
   * posted reply): an answer that starts as Slack's successful ones do is then not parsed (for
   * chat.postMessage it echoes the whole message back, blocks and all).
   */
  async call(method: string, args: Record<string, unknown> = {}, o: { read?: boolean } = {}): Promise<ApiResult> {
    const json = JSON_METHODS.has(method);
    let answer: RawAnswer;
    try {
      answer = await this.http.post(this.#url(method), json ? this.#json : this.#form, json ? JSON.stringify(args) : form(args), this.timeoutMs);
    } catch (e) {
      throw new webApi.WebAPIRequestError(e instanceof Error ? e : new Error(String(e)));
    }
    if (answer.status === 429) {
      const seconds = Number.parseInt(answer.header('retry-after') ?? '', 10);
      // Without a usable Retry-After the WebClient gives up with a plain error: a transient failure for the outbox.
      if (Number.isNaN(seconds)) throw new Error(`A rate limit was exceeded (${method}) without a usable Retry-After`);
      throw new webApi.WebAPIRateLimitedError(seconds);
    }
    if (answer.status !== 200) throw new webApi.WebAPIHTTPError(answer.status, answer.statusText, answer.headers(), answer.body);
    if (o.read === false && answer.body.startsWith(OK)) return { ok: true };
    let result: { ok?: boolean; error?: string };
    try {
      result = JSON.parse(answer.body) as { ok?: boolean; error?: string };
    } catch (e) {
      throw new webApi.WebAPIRequestError(new Error(`${method} answered with something that is not JSON`, { cause: e }));
    }
    if (!result || result.ok !== true) throw new webApi.WebAPIPlatformError({ ...result, ok: false, error: result?.error ?? 'unknown_error' } as never);
    return result as ApiResult;
  }

  #url(method: string): URL {
    let url = this.#urls.get(method);
    if (!url) this.#urls.set(method, (url = new URL(`${this.root.endsWith('/') ? this.root : `${this.root}/`}${method}`)));
    return url;
  }
}

/** Form fields as the WebClient writes them: absent values left out, objects and arrays as JSON. */
function form(args: Record<string, unknown>): string {
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue;
    fields[key] = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : JSON.stringify(value);
  }
  return stringify(fields);
}
