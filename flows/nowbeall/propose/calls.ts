/**
 * Calls for proposals (item 1), the same from the command line and from a manager's chat: open,
 * edit, move to a phase, list, show. Each refuses with a UserError the caller translates.
 *
 * Phases only move forward (collecting → analysis → groups → dialogue → closed), possibly more
 * than one step at once; going back (re-opening a closed call, collecting again after the
 * analysis started) needs `force`, because people were already told of the later phase.
 */
import { randomBytes } from 'node:crypto';
import { cleanName, cleanText } from '../../../src/core/clean-text.ts';
import { every, UserError, type ReadServices, type Services, type Store } from '../../../src/engine/index.ts';
import { notifyCall } from '../notify.ts';
import { nowbeallRecords } from '../records.ts';
import { PHASES, type Call, type Phase, type Theme } from '../types.ts';

export const CALL_ID = /^[a-z0-9-]{2,24}$/;
const THEME_ID = /^[a-z0-9-]{1,24}$/;
const LIMITS = { title: 160, question: 1000, theme: 80, territory: 80, themes: 40, territories: 60 };
const FAMILIES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;

/** What may come in (command-line flags, a chat wizard's draft): loosely typed, checked here. */
export interface CallInput {
  id?: unknown;
  title?: unknown;
  question?: unknown;
  themes?: unknown;
  themesSpiral?: unknown;
  territories?: unknown;
  languages?: unknown;
  opens?: unknown;
  closes?: unknown;
}

export const isPhase = (v: string): v is Phase => (PHASES as readonly string[]).includes(v);

/** A label in the reader's language, else English, else the first there is. */
export const labelOf = (labels: Record<string, string> | undefined, lang: string): string => (labels ? (labels[lang] ?? labels.en ?? Object.values(labels)[0] ?? '') : '');

function checkedText(value: string, max: number, field: string, oneLine = true): string {
  const text = oneLine ? cleanName(value) : cleanText(value).trim();
  if (!text) throw new UserError('nowbeall:callInvalid.empty', { field });
  if (text.length > max) throw new UserError('nowbeall:callInvalid.tooLong', { field, max, length: text.length });
  return text;
}

/**
 * Per-language texts: a plain string is in the bot's default language; `fr:texte` or
 * `{ "fr": "texte" }` name the language. Several may be given (a list).
 */
function perLanguage(raw: unknown, services: ReadServices, max: number, field: string, oneLine = true): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (lang: string, text: string) => void (out[lang] = checkedText(text, max, field, oneLine));
  const langs = services.i18n.languages;
  const one = (v: unknown) => {
    if (typeof v === 'string') {
      const m = /^([a-z]{2}):\s*([\s\S]*)$/.exec(v);
      if (m && langs.includes(m[1]!)) add(m[1]!, m[2]!);
      else add(services.config.lang, v);
    } else if (v && typeof v === 'object') {
      for (const [lang, text] of Object.entries(v as Record<string, unknown>)) {
        if (!langs.includes(lang)) throw new UserError('nowbeall:callInvalid.language', { language: cleanName(lang).slice(0, 20) });
        add(lang, String(text));
      }
    }
  };
  if (Array.isArray(raw)) raw.forEach(one);
  else one(raw);
  if (Object.keys(out).length === 0) throw new UserError('nowbeall:callInvalid.missing', { field });
  return out;
}

const slug = (label: string) =>
  label.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24);

/** The SPIRAL grid's families A–H as themes, named in every shipped language. */
export function spiralThemes(services: ReadServices): Theme[] {
  return FAMILIES.map((f) => ({
    id: f.toLowerCase(),
    label: Object.fromEntries(services.i18n.languages.map((l) => [l, `${f} · ${services.i18n.translator(l)(`grid:family.${f}.name`)}`])),
  }));
}

/**
 * Themes from a list of labels ("Mobility, Housing"), or from data: an array of labels or of
 * `{ id?, label }` where `label` is a text or one per language (a JSON or YAML file's content).
 */
export function parseThemes(raw: unknown, services: ReadServices): Theme[] {
  const items: unknown[] = typeof raw === 'string' ? raw.split(/[;,\n]/).map((s) => s.trim()).filter(Boolean) : Array.isArray(raw) ? raw : [];
  if (items.length === 0) throw new UserError('nowbeall:callInvalid.noThemes');
  if (items.length > LIMITS.themes) throw new UserError('nowbeall:callInvalid.tooMany', { field: 'themes', max: LIMITS.themes });
  const themes: Theme[] = [];
  for (const item of items) {
    const given = item && typeof item === 'object' ? (item as { id?: unknown; label?: unknown }) : { label: item };
    const label = perLanguage(given.label, services, LIMITS.theme, 'theme');
    const id = given.id === undefined ? slug(labelOf(label, 'en')) : String(given.id).toLowerCase();
    if (!THEME_ID.test(id)) throw new UserError('nowbeall:callInvalid.themeId', { id: cleanName(id).slice(0, 30) });
    if (themes.some((t) => t.id === id)) throw new UserError('nowbeall:callInvalid.themeTwice', { id });
    themes.push({ id, label });
  }
  return themes;
}

function parseList(raw: unknown, max: number, each: number, field: string): string[] {
  const items = typeof raw === 'string' ? raw.split(/[;,\n]/) : Array.isArray(raw) ? raw.map(String) : [];
  const out = [...new Set(items.map((s) => cleanName(s)).filter(Boolean))];
  if (out.length > max) throw new UserError('nowbeall:callInvalid.tooMany', { field, max });
  for (const s of out) if (s.length > each) throw new UserError('nowbeall:callInvalid.tooLong', { field, max: each, length: s.length });
  return out;
}

function parseLanguages(raw: unknown, services: ReadServices): string[] {
  const codes = parseList(raw, 10, 5, 'languages').map((c) => c.toLowerCase());
  for (const c of codes) if (!services.i18n.languages.includes(c)) throw new UserError('nowbeall:callInvalid.language', { language: c });
  return codes;
}

function parseDate(raw: unknown, field: string): string {
  const s = cleanName(String(raw));
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new UserError('nowbeall:callInvalid.date', { field, value: s.slice(0, 30) });
  return s;
}

const given = (v: unknown) => v !== undefined && v !== null && v !== false;

/** The fields an input sets, each checked; `all` also requires what a new call must have. */
function checkFields(raw: CallInput, services: ReadServices, all: boolean): Partial<Call> {
  const out: Partial<Call> = {};
  if (all || given(raw.title)) out.title = perLanguage(raw.title, services, LIMITS.title, 'title');
  if (all || given(raw.question)) out.question = perLanguage(raw.question, services, LIMITS.question, 'question', false);
  if (given(raw.themesSpiral)) out.themes = spiralThemes(services);
  else if (all || given(raw.themes)) out.themes = parseThemes(raw.themes, services);
  if (given(raw.territories)) out.territories = parseList(raw.territories, LIMITS.territories, LIMITS.territory, 'territories');
  if (given(raw.languages)) out.languages = parseLanguages(raw.languages, services);
  if (given(raw.opens)) out.opens = parseDate(raw.opens, 'opens');
  if (given(raw.closes)) out.closes = parseDate(raw.closes, 'closes');
  return out;
}

function checkDates(call: Pick<Call, 'opens' | 'closes'>): void {
  if (call.opens && call.closes && call.closes < call.opens) throw new UserError('nowbeall:callInvalid.dates', { opens: call.opens, closes: call.closes });
}

export async function findCall(store: Store, id: string): Promise<Call> {
  const clean = cleanName(id).toLowerCase();
  const call = clean ? await nowbeallRecords(store).calls.get(clean) : undefined;
  if (!call) throw new UserError('nowbeall:call.unknown', { id: cleanName(id).slice(0, 40) });
  return call;
}

export async function listCalls(store: Store): Promise<Call[]> {
  return (await every(nowbeallRecords(store).calls)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export async function collectingCalls(store: Store): Promise<Call[]> {
  return (await every(nowbeallRecords(store).calls, { where: { phase: 'collecting' } })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Opens a call in its collecting phase. */
export async function openCall(services: Services, raw: CallInput, by: string): Promise<Call> {
  const id = cleanName(String(raw.id ?? '')).toLowerCase();
  if (!CALL_ID.test(id)) throw new UserError('nowbeall:callInvalid.id', { id: cleanName(String(raw.id ?? '')).slice(0, 40) });
  const fields = checkFields(raw, services, true);
  checkDates(fields);
  const at = services.now().toISOString();
  const call: Call = {
    id,
    title: fields.title!,
    question: fields.question!,
    themes: fields.themes!,
    territories: fields.territories ?? [],
    languages: fields.languages ?? [],
    phase: 'collecting',
    ...(fields.opens ? { opens: fields.opens } : {}),
    ...(fields.closes ? { closes: fields.closes } : {}),
    createdAt: at,
    createdBy: by,
    phases: [{ phase: 'collecting', at, by }],
  };
  let existed = false;
  await nowbeallRecords(services.store).calls.update(id, (cur) => {
    existed = cur !== undefined;
    return cur ?? call;
  });
  if (existed) throw new UserError('nowbeall:call.exists', { id });
  return call;
}

/** Changes the fields given; themes already used by proposals stay (a proposal never loses its theme). */
export async function editCall(services: Services, id: string, raw: CallInput): Promise<{ call: Call; changed: string[] }> {
  const found = await findCall(services.store, id);
  const fields = checkFields(raw, services, false);
  const r = nowbeallRecords(services.store);
  if (fields.themes) {
    const kept = new Set(fields.themes.map((t) => t.id));
    for (const t of found.themes) {
      if (!kept.has(t.id) && (await r.proposals.count({ call: found.id, theme: t.id })) > 0) throw new UserError('nowbeall:call.themeInUse', { theme: labelOf(t.label, services.config.lang) });
    }
  }
  const changed = Object.keys(fields).filter((k) => JSON.stringify(fields[k as keyof Call]) !== JSON.stringify(found[k as keyof Call]));
  if (changed.length === 0) return { call: found, changed };
  const call = await r.calls.update(found.id, (cur) => {
    if (!cur) throw new UserError('nowbeall:call.unknown', { id: found.id });
    const next = { ...cur, ...fields };
    checkDates(next);
    return next;
  });
  return { call: call!, changed };
}

/**
 * Moves a call to `phase`: recorded in the call (when, by whom) and in the moderation log,
 * then announced to everyone following one of its proposals.
 */
export async function setPhase(services: Services, id: string, phase: string, by: string, force = false): Promise<{ call: Call; from: Phase; notified: number }> {
  const wanted = cleanName(phase).toLowerCase();
  if (!isPhase(wanted)) throw new UserError('nowbeall:phase.unknown', { phase: cleanName(phase).slice(0, 30), phases: PHASES.join(', ') });
  const found = await findCall(services.store, id);
  const r = nowbeallRecords(services.store);
  const at = services.now().toISOString();
  let from: Phase = found.phase;
  const call = await r.calls.update(found.id, (cur) => {
    if (!cur) throw new UserError('nowbeall:call.unknown', { id: found.id });
    from = cur.phase;
    if (cur.phase === wanted) throw new UserError('nowbeall:phase.already', { call: cur.id, phase: wanted });
    if (PHASES.indexOf(wanted) < PHASES.indexOf(cur.phase) && !force) throw new UserError('nowbeall:phase.backwards', { call: cur.id, from: cur.phase, phase: wanted });
    return { ...cur, phase: wanted, phases: [...cur.phases, { phase: wanted, at, by }] };
  });
  await r.log.put({ id: `${at}-${randomBytes(4).toString('hex')}`, act: 'phase', by, at, call: found.id, detail: `${from} → ${wanted}` });
  const notified = await notifyCall(services, found.id, 'phase', { phase: wanted });
  return { call: call!, from, notified };
}

/** How many proposals a call holds, by status (for `call show`). */
export async function callCounts(store: Store, id: string): Promise<Record<string, number>> {
  const proposals = nowbeallRecords(store).proposals;
  const out: Record<string, number> = { total: await proposals.count({ call: id }) };
  for (const status of ['pending', 'published', 'rejected', 'withdrawn']) out[status] = await proposals.count({ call: id, status });
  return out;
}
