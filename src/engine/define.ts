import type { Address, Choice, CommandEvent, Reply } from '../core/types.ts';
import { personId } from '../core/types.ts';
import { UserError } from '../core/user-error.ts';
import type { ChannelCapabilities } from '../channels/channel.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { UserDoc } from '../store/types.ts';
import type { Decision, Flow, FlowHooks, Next, Prompt, Returned, Step } from './flow.ts';
import type { Services } from './services.ts';
import type { Turn } from './turn.ts';
import { apply, currentStep, decide, stepButtons } from './navigation.ts';
import { buttonSeq } from './buttons.ts';
import { askConsent, resumePending } from './router.ts';
import { link } from './links.ts';
import { flowSummaries } from './help.ts';

export type { Decision } from './flow.ts';
export { next, goto, stay, reprompt, end, back } from './flow.ts';

/** Explain what was wrong (an i18n key and its placeholders) and ask the same question again. */
export const fail = (key: string, params: Record<string, unknown> = {}): { kind: 'fail'; error: UserError } => ({ kind: 'fail', error: new UserError(key, params) });

/** Open `flow` as a sub-flow; when it ends, the calling step's `onReturn` gets its result. */
export function call<I>(flow: FlowDefinition<any, I, any, any, any>, ...input: I extends void ? [] : [I]): { kind: 'call'; flow: string; input?: unknown } {
  return { kind: 'call', flow: flow.id, input: input[0] };
}

/** Who the person is, as much as a flow needs (no platform id). */
export interface Person {
  readonly key: string;
  readonly pseudonym: string;
  readonly consentAt?: string;
  readonly lang?: string;
  /** Their IANA time zone, when their platform told it (Slack); else undefined. */
  readonly tz?: string;
}

/**
 * One part of a person's home screen (Slack's App Home tab): an already localized text and
 * buttons made with `ctx.button(…)`, which work when pressed later from that screen.
 */
export interface HomeSection {
  text: string;
  buttons?: Choice[];
}

/** One part of a weekly digest: a heading and its lines, already localized. Text only: a digest also goes to shared chats. */
export interface DigestSection {
  title: string;
  lines: string[];
}

/**
 * What a flow's `digest` reads, outside any turn: who the digest is for (a person, or nobody for
 * a shared chat's digest), their language and zone, the territories the sending flow knows they
 * work in. Read-only: it cannot say or change anything, and `data` is never created.
 */
export interface DigestView<Data> {
  readonly t: Translate;
  readonly lang: string;
  readonly now: Date;
  /** The reader's time zone (the bot's for a shared chat): write moments in it. */
  readonly tz: string;
  readonly services: Services;
  /** The person the digest is for; undefined for a shared chat's (nothing personal then). */
  readonly person: Person | undefined;
  /** This flow's data about that person, when they have any. */
  readonly data: Readonly<Data> | undefined;
  /** Territories the reader works in (as SPIRAL groups name them), when the sending flow knows; undefined: not known. */
  readonly territories: readonly string[] | undefined;
  /**
   * A value computed once and shared by every reader of the same digest run (a query that does not
   * depend on the reader: upcoming stops, open groups), so thousands of digests cost one query.
   */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** A moment in the reader's language and zone. */
  localTime(at: Date): string;
}

/** Who a digest is for, as the flow sending it knows them (see `digestParts`). */
export interface DigestReader {
  user?: UserDoc;
  lang: string;
  tz: string;
  territories?: readonly string[];
  /** The run's shared values (see `DigestView.shared`); without it each reader computes its own. */
  shared?<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

/**
 * What a command typed in a group chat gets (`groupCommands`): the chat it was typed in and who
 * typed it, never the person's document. Nothing is stored on the person and no step opens; what
 * it says goes to the group chat (an adapter may show it to the person alone: Discord does).
 */
export interface GroupContext {
  /** In the language of the person who typed the command. */
  readonly t: Translate;
  readonly lang: string;
  readonly now: Date;
  readonly isManager: boolean;
  readonly services: Services;
  /** The person's pseudonym when they have a document (read, never created), else undefined. */
  readonly pseudonym: string | undefined;
  /**
   * The group chat: its address (`group: true`, no person's id in it) and its own language when
   * the platform tells one (a Discord server's preferred locale), matched to a shipped language.
   */
  readonly place: { readonly address: Address; readonly lang: string | undefined };
  /** Queue a text (already localized) for the group chat. */
  say(text: string): void;
}

/** A command a flow lets run in a group chat: `accepts` picks the arguments it takes (anything else gets the usual pointer). */
export interface GroupCommandDef {
  accepts(args: string): boolean;
  run(ctx: GroupContext, args: string): void | Promise<void>;
}

/** What a prompt may read. A prompt renders only: the engine may call it more than once. */
export interface View<State, Data> {
  readonly t: Translate;
  readonly lang: string;
  readonly now: Date;
  readonly isManager: boolean;
  readonly person: Person;
  readonly state: Readonly<State>;
  readonly data: Readonly<Data>;
  readonly services: Services;
  /** What the person's channel can show (text length, buttons, upload…). */
  readonly capabilities: ChannelCapabilities;
}

/** What a command, an action or a deep link of the flow gets: the person, outside any step. */
export interface Context<Data, A extends string = string, Input = unknown> {
  readonly t: Translate;
  readonly lang: string;
  readonly now: Date;
  readonly isManager: boolean;
  readonly person: Person;
  readonly services: Services;
  readonly capabilities: ChannelCapabilities;
  /** This flow's data about the person, kept across sessions (created on first use). */
  readonly data: Data;
  /** Queue a text (already localized), with buttons: step answers or `button(…)`s. */
  say(text: string, choices?: Choice[], columns?: number): void;
  /**
   * A message about the person's current step (an acknowledgement under a list question): its
   * buttons count as the step's and are laid out like its prompt, navigation row included.
   */
  sayAtStep(text: string, choices: Choice[]): void;
  /** A text with buttons in explicit rows (answer / calendar / way out), all equally fresh. */
  sayRows(text: string, rows: Choice[][]): void;
  /** A mark of the messages sent to the person so far (see `pressedBefore`). */
  mark(): number;
  /**
   * True when this turn is a button pressed on a message sent before `mark`: for a flow that opens
   * the same step again for another conversation (SPIRAL, one group after another).
   */
  pressedBefore(mark: number): boolean;
  image(png: Uint8Array, filename: string, caption?: string): void;
  file(filename: string, mime: string, content: Uint8Array | string, caption?: string): void;
  /** A button that runs this flow's action `name` with `arg` (namespaced and sized by the engine). */
  button(label: string, name: A, arg?: string): Choice;
  /** Leave wherever the person is and open `flow` (at its first step, with `input`). */
  start<I>(flow: FlowDefinition<any, I, any, any, any>, ...input: I extends void ? [] : [I]): void;
  /** Ask the person's current question again after this turn (if they are in one). */
  reprompt(): void;
  /** A link that opens the private chat on the person's channel, carrying `payload` (undefined where the channel has none). */
  link(payload?: string): string | undefined;
  /** A moment as the person reads it: their language, their time zone (the bot's `tz` when theirs is unknown). */
  localTime(at: Date): string;
  setLanguage(lang: string): void;
  /** The person's current step in this flow; undefined when they are not in it. */
  readonly step: string | undefined;
  /** The person is in some flow's question (this one or another). */
  readonly busy: boolean;
  /** Open this flow at its first step (for its own commands: `/start`, `/spiral CODE`). */
  open(...input: Input extends void ? [] : [Input]): void;
  /** Open this flow at one of its steps (an edit that starts at "which field?" rather than the first question). */
  openAt(step: string, ...input: Input extends void ? [] : [Input]): void;
  /**
   * Open this flow at a position it kept aside earlier (SPIRAL keeps one per group): at `step`,
   * as if the person had walked `history` before it, so /back goes on from there.
   */
  resumeAt(position: { readonly step: string; readonly history: readonly string[] }, ...input: Input extends void ? [] : [Input]): void;
  /** This flow's step ids, in order (a position kept aside may name a step that no longer exists). */
  readonly steps: readonly string[];
  /**
   * Hands the person over to another flow's command `/command args`, as if they had sent it (a
   * poster's link leading into a questionnaire). 'missing': no running flow has that command,
   * nothing ran. 'consent': that flow stores answers only after consent, which the person has not
   * given; consent was asked, and `resume` (a `/start` payload, the link the person came with)
   * runs once they agree. 'ran': the command ran, `origin` noted for the flow that takes it.
   */
  handOver(command: string, args: string, options?: { origin?: string; resume?: string }): Promise<'ran' | 'consent' | 'missing'>;
  /**
   * Where the person came from, noted by the flow that handed them over (`handOver`'s `origin`,
   * e.g. `caravan-stop:iasi-260512`); the first flow that takes it removes it.
   */
  takeOrigin(): string | undefined;
  /** This event came from a group chat, not the person's private chat. */
  readonly inGroup: boolean;
  /** Leave this flow (and the sub-flows it called) now, without its onEnd; answers are kept. */
  leave(): void;
  /** Records the person's consent now; true when it is new. Only the flow that collects consent calls it. */
  recordConsent(): boolean;
  /** Runs the command that waited for consent (a join link opened before it); true when there was one. */
  runPending(): Promise<boolean>;
  /** Everything stored in the person's own document, read-only (for /mydata). */
  document(): Readonly<UserDoc>;
  /** Every flow's readable lines about the person (each flow's `summary`), for /mydata. */
  summaries(): Promise<string[]>;
  /** Erase the person's document at the end of this turn (/forget). */
  erase(): void;
}

/** What a step handler gets: the context plus the session's typed state. */
export interface StepContext<State, Data, A extends string = string, Input = unknown> extends Context<Data, A, Input> {
  state: State;
}

type Handler<Ctx, Arg, S extends string, R> = (ctx: Ctx, arg: Arg) => Decision<NoInfer<S>, R> | Promise<Decision<NoInfer<S>, R>>;

/** One step: a pure prompt, and what to do with each kind of answer. */
export interface StepDef<State, Data, S extends string, R, A extends string, Input = unknown> {
  /** /skip is allowed here. */
  optional?: boolean;
  /** A list question: many answers, /done ends it. */
  list?: boolean;
  /** Passed over in both directions when true (a question this person does not get). */
  skipIf?(view: View<State, Data>): boolean;
  /** "Question 2 of 3 · 4 ideas so far", already localized. */
  progress?(view: View<State, Data>): string | undefined;
  prompt(view: View<State, Data>): Prompt;
  onText?: Handler<StepContext<State, Data, A, Input>, string, S, R>;
  /** A button of this step's prompt (not a stale one: the engine answers those). */
  onChoice?: Handler<StepContext<State, Data, A, Input>, string, S, R>;
  onDone?(ctx: StepContext<State, Data, A, Input>): Decision<NoInfer<S>, R> | Promise<Decision<NoInfer<S>, R>>;
  onSkip?(ctx: StepContext<State, Data, A, Input>): Decision<NoInfer<S>, R> | Promise<Decision<NoInfer<S>, R>>;
  /** A sub-flow this step `call`ed ended (`sub.resultOf(returned)`), or the person came /back out of it. */
  onReturn?: Handler<StepContext<State, Data, A, Input>, Returned, S, R>;
}

/** What a command or an action may return: nothing, or a decision for the person's current step of this flow (ignored elsewhere). */
export type Outcome<S extends string, R> = void | Decision<NoInfer<S>, R> | Promise<void | Decision<NoInfer<S>, R>>;

export type ActionDef<State, Data, A extends string, Input = unknown, S extends string = string, R = unknown> = (ctx: Context<Data, A, Input> & { readonly state?: State }, arg: string, press: { fresh: boolean }) => Outcome<S, R>;

/** Everything about one flow, in its own folder: the engine, the CLI and /mydata read it from here. */
export interface FlowSpec<State, Input, Result, Data, S extends string, A extends string> extends FlowHooks {
  id: string;
  /** Raise when steps change meaning; a saved position of an older version resumes at the same step id. */
  version: number;
  /** "ns:key" of the flow's name (/help, /mydata). */
  title?: string;
  /** The typed state a session starts with; annotate its return type (`(): MyState => …`). A flow without steps has none. */
  initial?: (input: Input) => State;
  /** A session saved before this flow had typed state (old `vars`): its state now. Default: `initial`. */
  migrate?: (vars: Record<string, unknown>, version: number) => NoInfer<State>;
  /** Step ids that no longer exist (moved into a sub-flow): the step a position saved at one resumes at. */
  moved?: Record<string, NoInfer<S>>;
  /** This flow's data about the person, kept across sessions. */
  data?: () => Data;
  /** Steps in order: `next()` goes to the following one. */
  steps?: { [K in S]: StepDef<State, Data, S, Result, A, Input> };
  /** No answer of this flow is stored before consent. */
  requiresConsent?: boolean;
  /** This flow collects consent: asked to do so when a flow that requires it is opened without it. */
  collectsConsent?(ctx: Context<Data, A, Input>): void;
  /** Greets a person without consent who writes while nothing is open (see `Flow.greet`). */
  greet?(ctx: Context<Data, A, Input>): Outcome<S, Result>;
  commands?: Record<string, (ctx: Context<Data, A, Input>, args: string) => Outcome<S, Result>>;
  /** Buttons usable outside the step that sent them; `ctx.button(label, name, arg)` makes one. */
  actions?: Record<A, ActionDef<State, Data, A, Input, S, Result>>;
  /** `/start <prefix><rest>` deep links. */
  deepLinks?: Record<string, (ctx: Context<Data, A, Input>, rest: string) => Outcome<S, Result>>;
  /** Commands listed by /help, in order, as "ns:key" of their description. */
  help?: { command: string; description: string }[];
  /** The deep-link payload that opens in the private chat what a command sent in a group asked for. */
  groupLink?(command: string, args: string): string | undefined;
  /**
   * The few commands that run in a group chat itself instead of getting the pointer to the
   * private chat (a manager making a group receive announcements): by command name, with the
   * arguments each accepts. Everything else of the flow stays private.
   */
  groupCommands?: Record<string, GroupCommandDef>;
  /** Flows this one calls; registered with it. */
  subflows?: Flow[];
  onCancel?(ctx: StepContext<State, Data, A, Input>): void;
  onEnd?(ctx: Context<Data, A, Input>): void | Promise<void>;
  onMembership?(ctx: Context<Data, A, Input>, kind: 'joined' | 'left'): void | Promise<void>;
  /** Readable lines for /mydata. */
  summary?(ctx: Context<Data, A, Input>): string[] | Promise<string[]>;
  /**
   * This flow's part of the person's home screen, on request (Slack's App Home): read-only, so
   * the context refuses to say, open or change anything, and nothing is saved.
   */
  home?(ctx: Context<Data, A, Input>): HomeSection[] | Promise<HomeSection[]>;
  /**
   * This flow's part of a weekly digest (the network's Monday digest): what is new `since` or
   * coming, for the reader of `view`; nothing (an empty list) when there is nothing to say.
   * Read-only like `home`.
   */
  digest?(view: DigestView<Data>, since: Date): DigestSection[] | Promise<DigestSection[]>;
}

/** A defined flow: what the engine runs, plus typed helpers for the flows that use it. */
export interface FlowDefinition<State, Input, Result, Data, A extends string> extends Flow {
  /** The result a returned sub-flow carries, when `returned` is this flow's. */
  resultOf(returned: Returned): Result | undefined;
  /** A button of this flow's action, for messages built outside a turn (broadcasts). */
  button(label: string, name: A, arg?: string): Choice;
  /** Phantom: keeps the type parameters. */
  readonly __types?: { state: State; input: Input; data: Data };
}

/** The action token value `#flow.name:arg`: the flow id namespaces it, so two flows never collide. */
const actionValue = (flow: string, name: string, arg?: string) => `#${flow}.${name}${arg === undefined ? '' : `:${arg}`}`;

/**
 * Defines a flow with typed state. See src/engine/README.md for the guide and an example.
 * The result is the engine's `Flow`: list it in flows/index.ts.
 */
export function defineFlow<State, Input = void, Result = void, Data extends object = Record<string, never>, S extends string = string, A extends string = never>(
  spec: FlowSpec<State, Input, Result, Data, S, A>,
): FlowDefinition<State, Input, Result, Data, A> {
  const id = spec.id;
  const initial = (input: Input): State => (spec.initial ? spec.initial(input) : ({} as State));
  const freshData = () => (spec.data ? spec.data() : ({} as Data));
  const stepIds: readonly string[] = Object.keys(spec.steps ?? {});

  const stateOf = (turn: Turn): State => {
    const s = turn.user.session;
    if (!s || s.flow !== id) throw new Error(`Flow ${id}: the person is not in this flow, so it has no state here (steps have it; commands and actions read ctx.state, which may be undefined)`);
    if (s.state === undefined) s.state = spec.migrate ? spec.migrate(s.vars, s.version) : initial(undefined as Input);
    return s.state as State;
  };
  const dataOf = (turn: Turn, create: boolean): Data => {
    const existing = turn.user.flows[id] as Data | undefined;
    if (existing) return existing;
    const made = freshData();
    if (create) turn.user.flows[id] = made;
    return made;
  };
  const person = (turn: Turn): Person => ({ key: turn.user.key, pseudonym: turn.user.pseudonym, consentAt: turn.user.consentAt, lang: turn.user.lang, tz: turn.user.tz });

  const context = (turn: Turn, create = true): Context<Data, A, Input> & { state?: State } => ({
    get t() {
      return turn.t;
    },
    get lang() {
      return turn.lang;
    },
    get now() {
      return turn.now;
    },
    get isManager() {
      return turn.isManager;
    },
    get person() {
      return person(turn);
    },
    services: turn.services,
    get capabilities() {
      return turn.capabilities;
    },
    get data() {
      return dataOf(turn, create);
    },
    get state() {
      return turn.user.session?.flow === id ? stateOf(turn) : undefined;
    },
    say: (text, choices, columns) => turn.say(text, choices, columns),
    sayAtStep: (text, choices) => void turn.replies.push({ kind: 'text', text, buttons: stepButtons(turn, choices) }),
    sayRows: (text, rows) => {
      const filled = rows.filter((r) => r.length > 0);
      if (filled.length === 0) return turn.say(text);
      // One message, one sequence number: every row's buttons are as fresh as the others.
      const seq = turn.user.seq;
      const buttons = filled.flatMap((r) => {
        turn.user.seq = seq;
        return turn.buttons(r, r.length);
      });
      turn.replies.push({ kind: 'text', text, buttons });
    },
    mark: () => turn.user.seq,
    pressedBefore: (mark) => {
      const seq = turn.event.kind === 'choice' ? buttonSeq(turn.event.token) : undefined;
      return seq !== undefined && seq <= mark;
    },
    image: (png, filename, caption) => turn.image(png, filename, caption),
    file: (filename, mime, content, caption) => turn.file(filename, mime, content, caption),
    button: (label, name, arg) => ({ label, value: actionValue(id, name, arg) }),
    start: (flow, ...input) => turn.begin(flow.id, { input: input[0] }),
    reprompt: () => turn.reprompt(),
    link: (payload) => link(turn.services, turn.event.address.channel, payload),
    localTime: (at) => localTime(at, turn.lang, [turn.user.tz, turn.services.config.tz]),
    setLanguage: (lang) => turn.setLanguage(lang),
    get step() {
      return turn.user.session?.flow === id ? turn.user.session.step : undefined;
    },
    get busy() {
      return turn.user.session !== undefined;
    },
    open: (...input) => turn.begin(id, { input: input[0] }),
    openAt: (step, ...input) => {
      if (!stepIds.includes(step)) throw new Error(`Flow ${id} has no step "${step}" to open at`);
      turn.begin(id, { step, input: input[0] });
    },
    resumeAt: (position, ...input) => {
      if (!stepIds.includes(position.step)) throw new Error(`Flow ${id} has no step "${position.step}" to resume at`);
      turn.begin(id, { step: position.step, input: input[0] });
      const session = turn.user.session;
      if (session) session.history = position.history.filter((s) => stepIds.includes(s));
    },
    steps: stepIds,
    handOver: async (command, args, options = {}) => {
      const flow = [...turn.services.flows.values()].find((f) => f.commands?.[command]);
      const handler = flow?.commands?.[command];
      if (!flow || !handler) return 'missing';
      // As the router does for a link: ask first, and keep the link so that agreeing leads on.
      if (flow.requiresConsent && !turn.user.consentAt) {
        if (options.resume) turn.user.pending = { command: 'start', args: options.resume };
        askConsent(turn);
        return 'consent';
      }
      if (options.origin) turn.setOrigin(options.origin);
      await handler(turn, args);
      return 'ran';
    },
    takeOrigin: () => turn.takeOrigin(),
    get inGroup() {
      return turn.event.groupChat === true;
    },
    leave: () => {
      if (turn.user.session?.flow !== id) return;
      turn.user.session = undefined;
      turn.promptNeeded = false;
    },
    recordConsent: () => {
      if (turn.user.consentAt) return false;
      turn.user.consentAt = turn.now.toISOString();
      return true;
    },
    runPending: () => resumePending(turn),
    document: () => turn.user,
    summaries: () => flowSummaries({ turn }),
    erase: () => turn.erase(),
  });
  /** A decision a command or action returned applies to the person's current step of this flow, if any. */
  const outcome = async (turn: Turn, run: () => Outcome<S, Result>): Promise<void> => {
    const d = await run();
    if (!d) return;
    if (turn.user.session?.flow !== id) {
      // Not at a step of this flow: only an explanation has somewhere to go.
      if (d.kind === 'fail') {
        turn.say(turn.t(d.error.key, d.error.params));
        turn.reprompt();
      }
      return;
    }
    const cur = currentStep(turn);
    if (cur) await apply(turn, cur.flow, cur.step, await decide(() => d as Next));
  };
  const stepContext = (turn: Turn): StepContext<State, Data, A, Input> => {
    const ctx = context(turn);
    Object.defineProperty(ctx, 'state', { get: () => stateOf(turn), set: (v: State) => void (turn.user.session!.state = v), enumerable: true });
    return ctx as StepContext<State, Data, A, Input>;
  };
  const view = (turn: Turn): View<State, Data> => ({
    t: turn.t,
    lang: turn.lang,
    now: turn.now,
    isManager: turn.isManager,
    person: person(turn),
    get state() {
      return stateOf(turn);
    },
    get data() {
      return dataOf(turn, false);
    },
    services: turn.services,
    get capabilities() {
      return turn.capabilities;
    },
  });
  const decided = (d: Decision<S, Result> | Promise<Decision<S, Result>>): Next | Promise<Next> => d as Next | Promise<Next>;

  const steps: Step[] = (Object.entries(spec.steps ?? {}) as [S, StepDef<State, Data, S, Result, A, Input>][]).map(([stepId, def]) => ({
    id: stepId,
    ...(def.optional ? { optional: true } : {}),
    ...(def.list ? { list: true } : {}),
    ...(def.skipIf ? { skipIf: (turn: Turn) => def.skipIf!(view(turn)) } : {}),
    ...(def.progress ? { progress: (turn: Turn) => def.progress!(view(turn)) } : {}),
    prompt: (turn: Turn) => def.prompt(view(turn)),
    ...(def.onText ? { onText: (turn: Turn, text: string) => decided(def.onText!(stepContext(turn), text)) } : {}),
    ...(def.onChoice ? { onChoice: (turn: Turn, value: string) => decided(def.onChoice!(stepContext(turn), value)) } : {}),
    ...(def.onDone ? { onDone: (turn: Turn) => decided(def.onDone!(stepContext(turn))) } : {}),
    ...(def.onSkip ? { onSkip: (turn: Turn) => decided(def.onSkip!(stepContext(turn))) } : {}),
    ...(def.onReturn ? { onReturn: (turn: Turn, r: Returned) => decided(def.onReturn!(stepContext(turn), r)) } : {}),
  }));

  const actions = spec.actions
    ? Object.fromEntries(
        Object.entries(spec.actions as Record<string, ActionDef<State, Data, A, Input, S, Result>>).map(([name, run]) => [`${id}.${name}`, (turn: Turn, arg: string, fresh: boolean) => outcome(turn, () => run(context(turn), arg, { fresh }))]),
      )
    : undefined;
  const wrap = <T extends unknown[], R>(f: ((ctx: Context<Data, A, Input>, ...rest: T) => R) | undefined) => (f ? (turn: Turn, ...rest: T) => f(context(turn), ...rest) : undefined);
  const record = (r: Record<string, (ctx: Context<Data, A, Input>, arg: string) => Outcome<S, Result>> | undefined) =>
    r ? Object.fromEntries(Object.entries(r).map(([k, f]) => [k, (turn: Turn, arg: string) => outcome(turn, () => f(context(turn), arg))])) : undefined;

  const flow: FlowDefinition<State, Input, Result, Data, A> = {
    id,
    version: spec.version,
    ...(steps.length > 0 ? { steps } : {}),
    initialState: (_turn, input) => initial(input as Input),
    resultOf: (returned) => (returned.flow === id ? (returned.result as Result | undefined) : undefined),
    button: (label, name, arg) => ({ label, value: actionValue(id, name, arg) }),
  };
  const optional: Partial<Flow> = {
    title: spec.title,
    requiresConsent: spec.requiresConsent,
    askConsent: wrap(spec.collectsConsent),
    greet: spec.greet && ((turn: Turn) => outcome(turn, () => spec.greet!(context(turn)))),
    commands: record(spec.commands),
    actions,
    deepLinks: record(spec.deepLinks),
    help: spec.help,
    groupLink: spec.groupLink,
    subflows: spec.subflows,
    moved: spec.moved,
    onCancel: spec.onCancel ? (turn: Turn) => spec.onCancel!(stepContext(turn)) : undefined,
    onEnd: wrap(spec.onEnd),
    onMembership: wrap(spec.onMembership),
    summary: spec.summary ? (turn: Turn) => spec.summary!(context(turn, false)) : undefined,
    userData: spec.userData,
    forget: spec.forget,
    exports: spec.exports,
    stats: spec.stats,
    control: spec.control,
    jobs: spec.jobs,
    broadcasts: spec.broadcasts,
    onStart: spec.onStart,
    onStop: spec.onStop,
    cli: spec.cli,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (flow as unknown as Record<string, unknown>)[k] = v;
  if (spec.groupCommands) groupCommandsOf.set(flow, spec.groupCommands);
  if (spec.home) {
    const home = spec.home;
    homes.set(flow, async (turn) => home(readOnly(context(turn, false), id)));
  }
  if (spec.digest) {
    const digest = spec.digest;
    digests.set(flow, async (services, reader, since) => {
      const user = reader.user;
      const view: DigestView<Data> = {
        t: services.i18n.translator(reader.lang),
        lang: reader.lang,
        now: services.now(),
        tz: reader.tz,
        services,
        person: user && { key: user.key, pseudonym: user.pseudonym, consentAt: user.consentAt, lang: user.lang, tz: user.tz },
        data: user?.flows[id] as Data | undefined,
        territories: reader.territories,
        shared: (key, compute) => (reader.shared ? reader.shared(`${id}:${key}`, compute) : compute()),
        localTime: (at) => localTime(at, reader.lang, [reader.tz, services.config.tz]),
      };
      return digest(view, since);
    });
  }
  return flow;
}

/**
 * The home parts of defined flows, kept beside the engine's `Flow` rather than on it: only the
 * home view (home.ts) reads them, through `homeSections`.
 */
const homes = new WeakMap<Flow, (turn: Turn) => Promise<HomeSection[]>>();

/** A flow's home sections for the person of `turn` (none when the flow declares no `home`). */
export function homeSections(flow: Flow, turn: Turn): Promise<HomeSection[]> {
  return homes.get(flow)?.(turn) ?? Promise.resolve([]);
}

/** The digest parts of defined flows, kept beside the engine's `Flow` like their homes. */
const digests = new WeakMap<Flow, (services: Services, reader: DigestReader, since: Date) => Promise<DigestSection[]>>();

/**
 * Every flow's part of a digest for `reader`, in flow order, leaving out flows with nothing to
 * say. A flow whose `digest` throws is logged and left out; the others still count.
 */
export async function digestParts(services: Services, reader: DigestReader, since: Date): Promise<{ flow: string; sections: DigestSection[] }[]> {
  const out: { flow: string; sections: DigestSection[] }[] = [];
  for (const flow of services.flows.values()) {
    const part = digests.get(flow);
    if (!part) continue;
    try {
      const sections = (await part(services, reader, since)).filter((s) => s.lines.length > 0);
      if (sections.length > 0) out.push({ flow: flow.id, sections });
    } catch (e) {
      services.log.error({ err: e, flow: flow.id }, 'a flow could not write its part of a digest');
    }
  }
  return out;
}

/** The group commands of defined flows, kept beside the engine's `Flow` like their homes. */
const groupCommandsOf = new WeakMap<Flow, Record<string, GroupCommandDef>>();

function groupCommandFor(flows: Iterable<Flow>, name: string, args: string): GroupCommandDef | undefined {
  for (const flow of flows) {
    // Two flows may share a command name in groups (`/plan digest` and another `/plan …`): each takes its own arguments.
    const def = groupCommandsOf.get(flow)?.[name];
    if (def?.accepts(args.trim())) return def;
  }
  return undefined;
}

/** True when a flow runs `/name args` in a group chat itself (adapters ask, to deliver it as a group event). */
export function acceptsInGroup(flows: Iterable<Flow>, name: string, args: string): boolean {
  return groupCommandFor(flows, name, args) !== undefined;
}

/**
 * Runs a command typed in a group chat that a flow accepts there (`groupCommands`); undefined
 * when none does (the engine then answers with its pointer to the private chat). `lang` is the
 * person's language. A UserError it throws is said, like in a private chat.
 */
export async function runGroupCommand(services: Services, event: CommandEvent, lang: string): Promise<Reply[] | undefined> {
  const def = groupCommandFor(services.flows.values(), event.name, event.args);
  if (!def) return undefined;
  const { store, i18n, config } = services;
  const pid = personId(event.address);
  const doc = await store.loadUser(store.keyOf(pid)).catch(() => null);
  const t = i18n.translator(lang);
  const replies: Reply[] = [];
  const ctx: GroupContext = {
    t,
    lang,
    now: services.now(),
    isManager: config.managers.has(pid),
    services,
    pseudonym: doc?.pseudonym,
    place: { address: { ...event.address, group: true }, lang: i18n.match(event.chatLocale) },
    say: (text) => void replies.push({ kind: 'text', text }),
  };
  try {
    await def.run(ctx, event.args.trim());
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    replies.push({ kind: 'text', text: t(e.key, e.params) });
  }
  return replies;
}

/** What a home screen's context may not do: it shows, it never answers, moves or changes the person. */
const WRITES = ['say', 'sayAtStep', 'sayRows', 'image', 'file', 'start', 'reprompt', 'setLanguage', 'open', 'openAt', 'resumeAt', 'handOver', 'takeOrigin', 'leave', 'recordConsent', 'runPending', 'erase'] as const satisfies readonly (keyof Context<unknown>)[];

function readOnly<C extends Context<any, any, any>>(ctx: C, flow: string): C {
  for (const name of WRITES) {
    Object.defineProperty(ctx, name, {
      value: () => {
        throw new Error(`Flow ${flow}: its home is read-only, ctx.${name} is not available there`);
      },
    });
  }
  return ctx;
}

/** `at` in `lang`, in the first valid zone of `zones`. */
function localTime(at: Date, lang: string, zones: (string | undefined)[]): string {
  for (const timeZone of zones) {
    if (!timeZone) continue;
    try {
      return new Intl.DateTimeFormat(lang, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).format(at);
    } catch {
      // An unknown zone (a platform's odd value): the next one.
    }
  }
  return at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
