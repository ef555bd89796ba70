// response_url: slash commands and button presses carry one; the app POSTs JSON there to answer
// (an ephemeral by default, 'in_channel' for everyone, or replace/delete the original message).
// Slack accepts up to 5 answers within 30 minutes. A slash command's immediate answer (the HTTP
// response body or the Socket Mode ack payload) is applied the same way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readContent } from './content.ts';
import type { Identity } from './context.ts';
import { SlackError } from './errors.ts';
import { objectId } from './ids.ts';
import { bool, readBody, str, summarize, type Params } from './params.ts';
import type { Conversation, SlackState } from './state.ts';

export interface ResponseTarget {
  kind: 'commands' | 'actions';
  conv: Conversation;
  /** Who invoked; ephemeral answers go to them. */
  user: string;
  /** The message the button was on (actions). */
  messageTs?: string;
}

const MAX_USES = 5;
const LIFETIME_MS = 30 * 60_000;

export class ResponseUrls {
  private readonly urls = new Map<string, { target: ResponseTarget; uses: number; created: number }>();

  constructor(
    private readonly state: SlackState,
    private readonly id: Identity,
    private readonly origin: () => string,
  ) {}

  create(target: ResponseTarget): string {
    const key = `${objectId('', 13)}/${objectId('', 24).toLowerCase()}`;
    this.urls.set(key, { target, uses: 0, created: Date.now() });
    return `${this.origin()}/${target.kind}/${this.id.teamId}/${key}`;
  }

  /** True when `path` is a response_url path (and the request was answered). */
  async handle(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const m = /^\/(commands|actions)\/[^/]+\/([^/]+\/[^/]+)$/.exec(path);
    if (!m) return false;
    const entry = this.urls.get(m[2] as string);
    let status = 200;
    let error: string | undefined;
    let params: Params = {};
    try {
      const raw = (await readBody(req)).toString('utf8');
      params = parseAnswer(raw, req.headers['content-type']);
      if (!entry || Date.now() - entry.created > LIFETIME_MS) throw new SlackError('expired_url', [], 404);
      if (++entry.uses > MAX_USES) throw new SlackError('used_url', [], 404);
      this.apply(entry.target, params);
    } catch (e) {
      if (!(e instanceof SlackError)) throw e;
      status = e.httpStatus === 200 ? 400 : e.httpStatus;
      error = e.error;
    }
    this.state.logCall({ method: 'response_url', params: summarize(params), status, at: Date.now(), ok: !error, ...(error ? { error } : {}) });
    const body = JSON.stringify(error ? { ok: false, error } : { ok: true });
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return true;
  }

  /** Applies an answer (response_url body, or a slash command's immediate answer) for `target`. */
  apply(target: ResponseTarget, p: Params): void {
    const { conv } = target;
    const original = target.messageTs ? this.state.findMessage(target.messageTs, conv.id) : undefined;
    if (bool(p, 'delete_original')) {
      if (!original) throw new SlackError('message_not_found', [], 404);
      original.message.deleted = true;
      this.state.changed();
      return;
    }
    const content = readContent(p, true);
    if (bool(p, 'replace_original') && original) {
      const m = original.message;
      m.text = content.text ?? '';
      if (content.blocks && content.blocks.length > 0) m.blocks = content.blocks;
      else delete m.blocks;
      m.edited = true;
      m.editedTs = this.state.clock.next();
      this.state.changed();
      return;
    }
    const threadTs = str(p, 'thread_ts');
    const message = {
      ts: this.state.clock.next(),
      text: content.text ?? '',
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      user: this.id.botUserId,
      botId: this.id.botId,
      edited: false,
      deleted: false,
    };
    if (str(p, 'response_type') === 'in_channel') conv.messages.push(message);
    else conv.ephemerals.push({ ...message, to: target.user });
    this.state.changed();
  }
}

/** Bolt posts JSON; a plain-text answer is a message too, as Slack reads it. */
export function parseAnswer(raw: string, contentType: string | undefined): Params {
  if (raw.trim() === '') throw new SlackError('no_text', [], 400);
  if ((contentType ?? '').includes('json') || raw.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Params;
    } catch {
      throw new SlackError('invalid_payload', [], 400);
    }
    throw new SlackError('invalid_payload', [], 400);
  }
  return { text: raw };
}
