/**
 * Commands the CLI sends to the running bot (or runs in-process when none runs). Each answers
 * `{ data, text, warnings? }`: the CLI prints `data` as JSON with --json, else `text`, and the
 * warnings on stderr. Changes run one at a time (journal.ts `serial`).
 */
import { UserError, type ControlHandler, type Services, type Translate } from '../../../src/engine/index.ts';
import { every, networkRecords } from '../records.ts';
import { planIcs } from './calendar.ts';
import { addToGroup, groupMembers, listGroups, removeFromGroup } from './groups.ts';
import { prepareImport, sourceOf, type ImportArgs } from './import.ts';
import { applyChanges, serial } from './journal.ts';
import { listPlan } from './list.ts';
import { MAX_FILE_CHARS } from './read-file.ts';
import { addEntry, cancelEvent, checkKind, editEntry, removeEntry, type EntryArgs, type EntryResult } from './ops.ts';
import { describeRefusal, PlanRefused } from './problems.ts';
import { importText, listText, problemLine } from './render.ts';

export interface Answer {
  data: unknown;
  text: string;
  warnings?: string[];
}

type Handler = (services: Services, args: Record<string, unknown>, t: Translate) => Promise<Answer>;

/** Refusals reach the command line as sentences in the bot's default language. */
function translated(handler: Handler): ControlHandler {
  return async (services, args) => {
    const t = services.i18n.translator(services.config.lang);
    try {
      return await serial(services, () => handler(services, args, t));
    } catch (e) {
      if (e instanceof PlanRefused) throw new Error(describeRefusal(e, t));
      if (e instanceof UserError) throw new Error(t(e.key, e.params));
      throw e;
    }
  };
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function importArgs(a: Record<string, unknown>): ImportArgs {
  const opt = (k: string) => (a[k] === undefined || a[k] === null ? {} : { [k]: str(a[k]) });
  return { name: str(a.name), text: str(a.text), skipPast: a.skipPast === true, ...opt('tz'), ...opt('year'), ...opt('axis'), ...opt('groups') };
}

function entryArgs(a: Record<string, unknown>): EntryArgs {
  const fields = a.fields && typeof a.fields === 'object' && !Array.isArray(a.fields) ? (a.fields as Record<string, unknown>) : {};
  const clear = Array.isArray(a.clear) ? a.clear.map(String) : typeof a.clear === 'string' ? a.clear.split(/[\s,]+/).filter(Boolean) : [];
  return { kind: checkKind(a.kind), ...(a.id !== undefined ? { id: str(a.id) } : {}), fields, clear };
}

function entryAnswer(t: Translate, r: EntryResult, verb: 'added' | 'updated'): Answer {
  return { data: r, text: t(r.changed ? `plan-admin:entry.${verb}` : 'plan-admin:entry.unchanged', { kind: r.kind, id: r.id }) };
}

const handlers: Record<string, Handler> = {
  async 'plan.import'(services, args, t) {
    if (args.unreadable !== undefined) throw new UserError('plan-admin:unreadable', { file: str(args.name).slice(-120), reason: str(args.unreadable).slice(0, 120) });
    if (args.tooLong !== undefined) throw new PlanRefused([{ at: '', key: 'plan-admin:tooBig', params: { max: MAX_FILE_CHARS } }], sourceOf(args.name));
    const prepared = await prepareImport(services, importArgs(args));
    const dryRun = args.dryRun === true;
    if (!dryRun) await applyChanges(services, prepared.set.changes);
    const { changes, unchanged } = prepared.set;
    const source = sourceOf(args.name);
    return {
      data: { source, format: prepared.format, dryRun, added: changes.filter((c) => !c.before).map((c) => ({ kind: c.kind, id: c.id })), updated: changes.filter((c) => c.before).map((c) => ({ kind: c.kind, id: c.id })), unchanged },
      text: importText(t, source, changes, unchanged, dryRun),
      warnings: prepared.warnings.map((w) => problemLine(t, w)),
    };
  },
  'plan.add': async (services, args, t) => entryAnswer(t, await addEntry(services, entryArgs(args)), 'added'),
  'plan.edit': async (services, args, t) => entryAnswer(t, await editEntry(services, entryArgs(args)), 'updated'),
  async 'plan.cancel'(services, args, t) {
    const event = await cancelEvent(services, str(args.id));
    return { data: event, text: t('plan-admin:entry.cancelled', { id: event.id }) };
  },
  async 'plan.remove'(services, args, t) {
    const removed = await removeEntry(services, args.kind, str(args.id));
    return { data: removed, text: t('plan-admin:entry.removed', { kind: str(args.kind), id: removed.id }) };
  },
  async 'plan.list'(services, args, t) {
    const all = args.all === true;
    const listing = await listPlan(services, all);
    return { data: listing, text: listText(t, services.config.lang, listing, all) };
  },
  async 'plan.ics'(services, args, t) {
    const lang = services.i18n.languages.includes(str(args.lang)) ? str(args.lang) : services.config.lang;
    const content = planIcs(await every(networkRecords(services.store).events), lang, services.i18n.translator(lang)('plan-admin:ics.calName'));
    return { data: { filename: 'action-plan.ics', content }, text: content };
  },
  async 'plan.group.add'(services, args, t) {
    const r = await addToGroup(services, args.group, args.person);
    return { data: r, text: t(`plan-admin:groupCmd.${r.result}`, r) };
  },
  async 'plan.group.remove'(services, args, t) {
    const r = await removeFromGroup(services, args.group, args.person);
    return { data: r, text: t(`plan-admin:groupCmd.${r.result}`, r) };
  },
  async 'plan.group.list'(services, args, t) {
    if (str(args.group)) {
      const { group, members } = await groupMembers(services, args.group);
      const lines = members.map((m) => `  ${m.name ? `${m.name} (${m.person})` : m.person} · ${m.by} · ${m.at.slice(0, 10)}`);
      return { data: { group, members }, text: [group.id, ...(lines.length ? lines : [`  ${t('plan-admin:groupCmd.noMembers', { group: group.id })}`])].join('\n') };
    }
    const groups = await listGroups(services);
    const lines = groups.map((g) => `${g.id} [${g.kind}${g.territory ? `, ${g.territory}` : ''}] · ${t('plan-admin:list.members', { count: g.members })}`);
    return { data: groups, text: lines.length ? lines.join('\n') : t('plan-admin:groupCmd.none') };
  },
};

export const control: Record<string, ControlHandler> = Object.fromEntries(Object.entries(handlers).map(([k, h]) => [k, translated(h)]));
