/**
 * The core API that flows use. Flows import from here and from src/core only: a flow is a
 * `defineFlow` (see README.md in this folder) and reaches the person and the engine through its
 * typed context; the engine's own turn is not part of this API.
 */
export { defineFlow, call, fail, next, goto, stay, reprompt, end, back, digestParts } from './define.ts';
export type { Decision, Context, StepContext, View, Person, StepDef, FlowSpec, FlowDefinition, ActionDef, HomeSection, GroupContext, GroupCommandDef, DigestSection, DigestView, DigestReader } from './define.ts';
export { UserError } from '../core/user-error.ts';
// `Flow` is what `defineFlow` returns and the engine runs (flows/index.ts lists them; a flow's CLI gets them all).
export type { Flow, Prompt, Returned, ExportOptions, ControlHandler } from './flow.ts';
// Where to write to a person outside their own turn (a job's reminder): their private chat.
export { addressOf } from './turn.ts';
export type { Services, CoreConfig, ReadServices } from './services.ts';
export { commandList, flowTitle } from './help.ts';
export { link, linkFor, linkChannels, allLinks, registerLinkBuilder } from './links.ts';
// For flows keeping records (SPIRAL, caravan): the store's collection types, its damaged-file error, CSV export, jobs.
export type { Collection, Query, Page, Store, UserDoc } from '../store/types.ts';
export { every } from './every.ts';
export { StoreCorruptError } from '../store/errors.ts';
export { toCsv, withColumns } from '../export/csv.ts';
export type { Job } from '../scheduler/scheduler.ts';
export { updateJobsOfKind } from '../scheduler/person-jobs.ts';
// For flows that message many people (the caravan's broadcasts) and run CLI subcommands through the running bot.
export { broadcastCenter, BroadcastBusyError, isQuiet, nextAllowed, quietHours, quietUntil } from '../broadcast/index.ts';
export type { BroadcastCenter, BroadcastKind, BroadcastMeta, BroadcastReport, BroadcastSpec, Counts, CreateResult, Letter, Place, PlaceKind, PlaceLetter, QuietHours } from '../broadcast/index.ts';
export { runControl, type ControlOptions } from '../cli/control-command.ts';
export { readSettings } from '../config.ts';
export type { Translate } from '../i18n/i18n.ts';

/** A person's scheduled jobs, for /mydata and /forget. */
export { jobsAbout, forgetJobs } from '../scheduler/person-jobs.ts';
