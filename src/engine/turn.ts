import type { Choice, InboundEvent, Reply } from '../core/types.ts';
import { personId } from '../core/types.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Session, UserDoc } from '../store/types.ts';
import { encodeToken, stepRef } from './buttons.ts';
import type { Services } from './services.ts';

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

  /** Buttons that carry `value`; `ref` ties them to a step so stale ones can be recognised. */
  buttons(choices: Choice[], columns?: number, ref = '0'): { label: string; token: string }[][] {
    this.user.seq += 1;
    const owner = this.user.key.slice(0, 4);
    const tokens = choices.map((c) => ({ label: c.label, token: encodeToken({ value: c.value, stepRef: ref, seq: this.user.seq, owner }) }));
    const perRow = columns ?? (choices.every((c) => [...c.label].length <= 14) ? 3 : 1);
    const rows: { label: string; token: string }[][] = [];
    for (let i = 0; i < tokens.length; i += perRow) rows.push(tokens.slice(i, i + perRow));
    return rows;
  }

  /** Queue a text (already localized) with optional buttons. */
  say(text: string, choices?: Choice[], columns?: number): void {
    this.replies.push(choices?.length ? { kind: 'text', text, buttons: this.buttons(choices, columns) } : { kind: 'text', text });
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
  begin(flow: string, options: { step?: string; vars?: Record<string, unknown> } = {}): void {
    const def = this.services.flows.get(flow);
    const steps = def?.steps ?? [];
    const step = options.step ?? steps[0]?.id;
    if (!def || !step) throw new Error(`Flow ${flow} has no step ${options.step ?? '(first)'}`);
    this.user.session = {
      flow,
      version: def.version,
      step,
      stepIndex: Math.max(0, steps.findIndex((s) => s.id === step)),
      history: [],
      vars: options.vars ?? {},
      startedAt: this.now.toISOString(),
    };
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
