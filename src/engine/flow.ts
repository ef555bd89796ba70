import type { Choice } from '../core/types.ts';
import type { Turn } from './turn.ts';
import type { ReadServices, Services } from './services.ts';
import type { UserDoc } from '../store/types.ts';
import type { Job } from '../scheduler/scheduler.ts';
import type { BroadcastKind } from '../broadcast/types.ts';
import type { Command } from 'commander';
import type { UserError } from '../core/user-error.ts';
import './doc-fields.ts';

/** What a step handler decides; the engine persists, then moves and prompts accordingly. */
export type Next =
  | { kind: 'next' }
  | { kind: 'goto'; step: string }
  | { kind: 'stay' }
  | { kind: 'reprompt' }
  | { kind: 'invalid'; message: string }
  | { kind: 'fail'; error: UserError }
  | { kind: 'end'; result?: unknown }
  | { kind: 'call'; flow: string; input?: unknown }
  | { kind: 'back' };

export const next = (): { kind: 'next' } => ({ kind: 'next' });
/** To another step of the same flow; in a typed flow, only one of its step ids compiles. */
export const goto = <S extends string>(step: S): { kind: 'goto'; step: S } => ({ kind: 'goto', step });
/** Answer taken; stay on this step without asking again (list questions). */
export const stay = (): { kind: 'stay' } => ({ kind: 'stay' });
/** Ask this step again (after a change of view, a page, an edit). */
export const reprompt = (): { kind: 'reprompt' } => ({ kind: 'reprompt' });
/**
 * Explain what was wrong (already localized) and ask again.
 * @deprecated throw or return a `UserError(key, params)` instead (`fail(key, params)`).
 */
export const invalid = (message: string): Next => ({ kind: 'invalid', message });
/** Leave the flow; a sub-flow hands `result` to the caller's `onReturn`. */
export const end = <R = undefined>(result?: R): { kind: 'end'; result?: R } => (result === undefined ? { kind: 'end' } : { kind: 'end', result });
/** Like /back: to the step the person was on before (or out of a sub-flow to its caller). */
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
 * A flow as the engine's registry holds and runs it: steps plus the commands, buttons and deep
 * links that belong to it, over the turn. It is the internal shape behind `defineFlow`
 * (src/engine/README.md), which builds it from a flow's typed spec; every shipped flow is a
 * `defineFlow`, and only the engine's own tests and benchmark write one by hand.
 */
export interface Flow {
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
  /** The typed state a session of this flow starts with (defineFlow's `initial`). */
  initialState?(turn: Turn, input: unknown): unknown;
  /** Step ids that no longer exist: the step a position saved at one resumes at (else the step now at its index). */
  moved?: Record<string, string>;
  /** Flows this one `call`s: registered with it, so a restart can resume inside them. */
  subflows?: Flow[];
  /** Adds this flow's subcommands to the `together` command line; `flows` is every flow that runs. */
  cli?(program: Command, flows: Flow[]): void;
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
}

export interface ExportOptions {
  group?: string;
  /** Only this NOW-BE-ALL call (`together export proposals --call nba-2026`). */
  call?: string;
}

/** A command from the command line, run inside the bot; `progress` streams updates back. */
export type ControlHandler = (services: Services, args: Record<string, unknown>, progress: (data: unknown) => void) => Promise<unknown>;
