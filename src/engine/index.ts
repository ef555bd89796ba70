/**
 * The core API that flows use. Flows import from here and from src/core only.
 * New flows: `defineFlow` (see README.md in this folder). The `Turn`-based API below it is the
 * old style, kept until SPIRAL and the caravan are migrated.
 */
export { defineFlow, call, fail } from './define.ts';
export type { Decision, Context, StepContext, View, Person, StepDef, FlowSpec, FlowDefinition, ActionDef } from './define.ts';
export { UserError } from '../core/user-error.ts';
export type { Flow, Step, Next, Prompt, Returned, CommandHandler, ActionHandler, ExportOptions, ControlHandler } from './flow.ts';
export { next, goto, stay, reprompt, invalid, end, back } from './flow.ts';
export { Turn, addressOf } from './turn.ts';
export type { Services, CoreConfig, ReadServices } from './services.ts';
export { Engine } from './engine.ts';
export { commandList, flowTitle, flowSummaries } from './help.ts';
export { resumePending, askConsent } from './router.ts';
export { stepButtons } from './navigation.ts';
export { link, linkFor, linkChannels, allLinks, registerLinkBuilder } from './links.ts';
// For flows keeping records (SPIRAL, caravan): the store's collection types, its damaged-file error, CSV export, jobs.
export type { Collection, Query, Page, Store, UserDoc } from '../store/types.ts';
export { StoreCorruptError } from '../store/errors.ts';
export { toCsv, withColumns } from '../export/csv.ts';
export type { Job } from '../scheduler/scheduler.ts';
export { updateJobsOfKind } from '../scheduler/person-jobs.ts';
// For flows that message many people (the caravan's broadcasts) and run CLI subcommands through the running bot.
export { broadcastCenter, BroadcastBusyError } from '../broadcast/index.ts';
export type { BroadcastCenter, BroadcastKind, BroadcastMeta, BroadcastReport, BroadcastSpec, Counts, Letter, QuietHours } from '../broadcast/index.ts';
export { runControl, type ControlOptions } from '../cli/control-command.ts';
export { readSettings } from '../config.ts';
export type { Translate } from '../i18n/i18n.ts';

/** A person's scheduled jobs, for /mydata and /forget. */
export { jobsAbout, forgetJobs } from '../scheduler/person-jobs.ts';
