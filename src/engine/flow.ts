import type { Choice } from '../core/types.ts';
import type { Turn } from './turn.ts';
import type { ReadServices, Services } from './services.ts';
import type { UserDoc } from '../store/types.ts';
import type { Job } from '../scheduler/scheduler.ts';
import type { BroadcastKind } from '../broadcast/types.ts';
import type { Command } from 'commander';
import type { UserError } from '../core/user-error.ts';
import './doc-fields.ts';

/**
 * What a step handler decides; the engine persists, then moves and prompts accordingly. `S` is
 * the flow's step ids, so `goto('typo')` does not compile in a defined flow; `R` is what the flow
 * hands back to its caller when it is a sub-flow (`end(result)`).
 */
export type Decision<S extends string = string, R = unknown> =
  | { kind: 'next' }
  | { kind: 'goto'; step: S }
  | { kind: 'stay' }
  | { kind: 'reprompt' }
  | { kind: 'fail'; error: UserError }
  | { kind: 'end'; result?: R }
  | { kind: 'call'; flow: string; input?: unknown }
  | { kind: 'back' };

/** What a hand-written step decides: a decision, or the older `invalid(message)`. */
export type Next = Decision | { kind: 'invalid'; message: string };

// The decision helpers, one set for both kinds of flow: `define.ts` hands them to defined flows (src/engine/index.ts).
/** The following step (skipping those whose `skipIf` is true); after the last, the flow ends. */
export const next = (): { kind: 'next' } => ({ kind: 'next' });
/** Another step of this flow; in a defined flow only one of its step ids compiles. /back comes back here. */
export const goto = <S extends string>(step: S): { kind: 'goto'; step: S } => ({ kind: 'goto', step });
/** Answer taken; stay on this step without asking again (list questions: the acknowledgement carries the buttons). */
export const stay = (): { kind: 'stay' } => ({ kind: 'stay' });
/** Ask this step again (a page changed, an edit). */
export const reprompt = (): { kind: 'reprompt' } => ({ kind: 'reprompt' });
/**
 * Explain what was wrong (already localized) and ask again.
 * @deprecated throw or return a `UserError(key, params)` instead (`fail(key, params)`).
 */
export const invalid = (message: string): Next => ({ kind: 'invalid', message });
/** Leave the flow; a sub-flow hands `result` to its caller's `onReturn`. */
export const end = <R = undefined>(result?: R): { kind: 'end'; result?: R } => (result === undefined ? { kind: 'end' } : { kind: 'end', result });
/** Like /back: the previous step, or out of a sub-flow into its caller. */
export const back = (): { kind: 'back' } => ({ kind: 'back' });

export interface Prompt {
  text: string;
  choices?: Choice[];
  /** Buttons per row; by default short labels share a row. */
  columns?: number;
}

/** One step of a flow: ask → validate → store → next. */
export interface Step {
  id: string;
  /** /skip is allowed here. */
  optional?: boolean;
  /** A list question: many answers, /done ends it. */
  list?: boolean;
  /** Steps a flow does not need for this user are passed over in both directions. */
  skipIf?(turn: Turn): boolean;
  /** "Question 2 of 3 · 4 ideas so far", already localized. */
  progress?(turn: Turn): string | undefined;
  prompt(turn: Turn): Prompt;
  onText?(turn: Turn, text: string): Next | Promise<Next>;
  onChoice?(turn: Turn, value: string): Next | Promise<Next>;
  onDone?(turn: Turn): Next | Promise<Next>;
  onSkip?(turn: Turn): Next | Promise<Next>;
  /** A sub-flow this step called has ended (result) or was left with /back (no result). */
  onReturn?(turn: Turn, returned: Returned): Next | Promise<Next>;
}

/** What a called sub-flow gives back to the step that called it. */
export interface Returned {
  flow: string;
  /** The sub-flow's `end(result)`; undefined when the person went /back out of it. */
  result?: unknown;
}

export type CommandHandler = (turn: Turn, args: string) => void | Promise<void>;
/** A button usable outside the step that sent it. `fresh` is false for a button of an older prompt. */
export type ActionHandler = (turn: Turn, arg: string, fresh: boolean) => void | Promise<void>;

/**
 * What a flow does outside anyone's turn, over the core's services (the CLI, jobs, /mydata and
 * /forget, start and stop): the same for a hand-written `Flow` and a `defineFlow` spec, which
 * hands these on unchanged.
 */
export interface FlowHooks {
  /** What this flow stores about the user outside the user's document, for /mydata. */
  userData?(services: Services, user: UserDoc): Promise<unknown>;
  /** Rows for `together export <kind>`, one object per row, pseudonymous. */
  exports?: Record<string, (services: ReadServices, options: ExportOptions) => Promise<Record<string, unknown>[]>>;
  /** Figures for `together stats`. */
  stats?(services: ReadServices): Promise<Record<string, number>>;
  /** Commands the CLI sends to the running bot (or runs in-process when none runs). */
  control?: Record<string, ControlHandler>;
  /** Handlers of scheduled jobs this flow creates, by job kind. */
  jobs?: Record<string, (services: Services, job: Job) => Promise<void>>;
  /**
   * The kinds of broadcast message this flow sends (the core's broadcast center), by name. The
   * core registers every flow's kinds before any flow starts, so a broadcast a crash or a stop
   * interrupted resumes whichever flow starts the center first.
   */
  broadcasts?: Record<string, BroadcastKind>;
  /** Once the core and its channels run: resume work a crash or a stop interrupted. Must not wait for that work. */
  onStart?(services: Services): void | Promise<void>;
  /** At a graceful stop, before the outbox drains: stop taking new work and settle what is in flight. */
  onStop?(services: Services): Promise<void>;
  /** Erases everything this flow stores about the user outside the user's document (/forget). */
  forget?(services: Services, user: UserDoc): Promise<void>;
  /** Adds this flow's subcommands to the `together` command line; `flows` is every flow that runs. */
  cli?(program: Command, flows: Flow[]): void;
}

/**
 * A flow as the engine's registry holds and runs it: steps plus the commands, buttons and deep
 * links that belong to it, over the turn. It is the internal shape behind `defineFlow`
 * (src/engine/README.md), which builds it from a flow's typed spec; every shipped flow is a
 * `defineFlow`, and only the engine's own tests and benchmark write one by hand.
 */
export interface Flow extends FlowHooks {
  id: string;
  version: number;
  /** @deprecated hand-written steps over `Turn`: write the flow with `defineFlow`. */
  steps?: Step[];
  /** "ns:key" of the flow's name, for /help and /mydata ("where you are"); default `common:flowNames.<id>`. */
  title?: string;
  /**
   * This flow collects consent: when a flow that `requiresConsent` is opened without it, the
   * engine lets this flow ask (one flow at most; with none, a plain notice is shown).
   */
  askConsent?(turn: Turn): void;
  /**
   * What a person who has not consented gets when they write while nothing is open: their first
   * words to the bot on a channel that has no start button. One flow at most; with none, "I am
   * not asking you anything right now".
   */
  greet?: CommandHandler;
  /** The typed state a session of this flow starts with (defineFlow's `initial`). */
  initialState?(turn: Turn, input: unknown): unknown;
  /** Step ids that no longer exist: the step a position saved at one resumes at (else the step now at its index). */
  moved?: Record<string, string>;
  /** Flows this one `call`s: registered with it, so a restart can resume inside them. */
  subflows?: Flow[];
  /** No answer of this flow is stored before the user consents. */
  requiresConsent?: boolean;
  commands?: Record<string, CommandHandler>;
  /** Commands listed by /help, in order, as "ns:key" of their description. */
  help?: { command: string; description: string }[];
  actions?: Record<string, ActionHandler>;
  /** `/start <prefix><rest>` deep links. */
  deepLinks?: Record<string, CommandHandler>;
  /**
   * A command of this flow sent in a group is answered with a pointer to the private chat; this
   * gives the deep-link payload that opens the same thing there (`/spiral K7M2QX` → `g_K7M2QX`),
   * or undefined. At most 64 characters of A-Z a-z 0-9 _ -; anything else is ignored.
   */
  groupLink?(command: string, args: string): string | undefined;
  /** Shown when the user leaves the flow with /cancel. */
  onCancel?(turn: Turn): void;
  /** Called at the last step's `next()` or at `end()`. */
  onEnd?(turn: Turn): void | Promise<void>;
  /** The user became unreachable (blocked the bot) or reachable again. */
  onMembership?(turn: Turn, kind: 'joined' | 'left'): void | Promise<void>;
  /** Readable lines about what this flow holds for the user, for /mydata. */
  summary?(turn: Turn): string[] | Promise<string[]>;
}

export interface ExportOptions {
  group?: string;
  /** Only this NOW-BE-ALL call (`together export proposals --call nba-2026`). */
  call?: string;
}

/** A command from the command line, run inside the bot; `progress` streams updates back. */
export type ControlHandler = (services: Services, args: Record<string, unknown>, progress: (data: unknown) => void) => Promise<unknown>;
