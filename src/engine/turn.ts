import type { Choice, InboundEvent, Reply } from '../core/types.ts';
import { personId } from '../core/types.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Session, UserDoc } from '../store/types.ts';
import { encodeToken, fitsToken, stepRef } from './buttons.ts';
import type { ChannelCapabilities } from '../channels/channel.ts';
import { chunkRows, layout } from './layout.ts';
import type { Services } from './services.ts';
import { refFor } from './tokens.ts';
import { newSession } from './navigation.ts';

/** One event being handled for one user: the user's document draft and the replies to send after it is saved. */
export class Turn {
  readonly replies: Reply[] = [];
  /** Set when the current step must be asked (again) after this turn. */
  promptNeeded = false;
  /** Set by /forget: the document is deleted instead of saved. */
  erased = false;

  #t: Translate;

  constructor(
    readonly services: Services,
    readonly event: InboundEvent,
    public user: UserDoc,
    public lang: string,
  ) {
    this.#t = services.i18n.translator(lang);
  }

  /** Translate in the user's current language. */
  get t(): Translate {
    return this.#t;
  }

  get session(): Session | undefined {
    return this.user.session;
  }

  get isManager(): boolean {
    return this.services.config.managers.has(personId(this.event.address));
  }

  get now(): Date {
    return this.services.now();
  }

  setLanguage(lang: string): void {
    this.user.lang = lang;
    this.lang = lang;
    this.#t = this.services.i18n.translator(lang);
  }

  /** What the channel of this conversation can show. */
  get capabilities(): ChannelCapabilities {
    return this.services.capabilities(this.event.address.channel);
  }

  /**
   * The token of a button carrying `value`, sized to this channel: a value too long for it is
   * kept in the person's table and the token refers to it.
   */
  token(value: string, ref: string, seq = this.user.seq): string {
    const t = { value, stepRef: ref, seq, owner: this.user.key.slice(0, 4) };
    const max = this.capabilities.maxToken;
    return encodeToken(fitsToken(t, max) ? t : { ...t, value: refFor(this.user, value) }, max);
  }

  /** Buttons that carry `value`; `ref` ties them to a step so stale ones can be recognised. Laid out for the channel (layout.ts). */
  buttons(choices: Choice[], columns?: number, ref = '0'): { label: string; token: string }[][] {
    this.user.seq += 1;
    const answers = choices.map((c) => ({ label: c.label, token: this.token(c.value, ref) }));
    return layout(answers, [], this.capabilities, columns);
  }

  /** Queue a text (already localized) with optional buttons; more buttons than one message holds go on in further messages. */
  say(text: string, choices?: Choice[], columns?: number): void {
    if (!choices?.length) {
      this.replies.push({ kind: 'text', text });
      return;
    }
    const caps = this.capabilities;
    let rows = this.buttons(choices, columns);
    // Too many rows for one message: the same buttons, more to a row, before any second message.
    if (rows.length > caps.maxRows) {
      this.user.seq -= 1;
      rows = this.buttons(choices, caps.buttonsPerRow);
    }
    chunkRows(rows, caps).forEach((buttons, i) => this.replies.push({ kind: 'text', text: i === 0 ? text : '…', buttons }));
  }

  image(png: Uint8Array, filename: string, caption?: string): void {
    this.replies.push({ kind: 'image', png, filename, caption });
  }

  file(filename: string, mime: string, content: Uint8Array | string, caption?: string): void {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    this.replies.push({ kind: 'file', filename, mime, content: bytes, caption });
  }

  /** This flow's data for the user, created on first use. */
  data<T extends object>(flowId: string, init: () => T): T {
    const existing = this.user.flows[flowId] as T | undefined;
    if (existing) return existing;
    const created = init();
    this.user.flows[flowId] = created;
    return created;
  }

  /** Enter a flow at its first step (or `step`), replacing any current position. */
  begin(flow: string, options: { step?: string; vars?: Record<string, unknown>; input?: unknown } = {}): void {
    const def = this.services.flows.get(flow);
    if (!def) throw new Error(`Flow ${flow} is not registered`);
    const state = def.initialState?.(this, options.input);
    this.user.session = newSession(this, def, { step: options.step, vars: options.vars, state });
    this.promptNeeded = true;
  }

  /** Ask the current step again after this turn. */
  reprompt(): void {
    if (this.user.session) this.promptNeeded = true;
  }

  /**
   * Notes where the person came from when one flow hands over to another (e.g.
   * `caravan-stop:iasi-260512` when a caravan poster leads to the SPIRAL questionnaire). It is
   * kept with the person until a flow takes it, since the hand-over may take several steps.
   */
  setOrigin(origin: string): void {
    this.user.origin = origin;
  }

  /** The noted origin, once: the first flow that records it takes it. */
  takeOrigin(): string | undefined {
    const origin = this.user.origin;
    delete this.user.origin;
    return origin;
  }

  erase(): void {
    this.erased = true;
  }

  /** The step reference of the user's current step, for buttons tied to it. */
  currentRef(): string {
    const s = this.user.session;
    return s ? stepRef(s.flow, s.step) : '0';
  }
}

/** Where to write to a person outside their own turn (reminders, reports): their private chat. */
export function addressOf(doc: UserDoc): { channel: string; chatId: string; userId: string } {
  return { channel: doc.contact.channel, chatId: doc.contact.chatId, userId: doc.contact.userId };
}
