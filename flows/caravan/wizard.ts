/**
 * The manager's guided wizard to add or edit a stop, one field per step. The draft is the
 * session's typed state, so a restart resumes the wizard where the manager stood.
 */
import { DateTime } from 'luxon';
import type { Decision, StepContext, StepDef, View } from '../../src/engine/index.ts';
import { fail, goto, next, reprompt, UserError } from '../../src/engine/index.ts';
import type { CaravanAction } from './act.ts';
import { checkCountry, checkDate, checkDescription, checkFuture, checkTime, checkTown, checkVenue, checkZone, parseLanguages } from './fields.ts';
import { card, languageNames } from './format.ts';
import { COUNTRY_ZONES, countryName, NETWORK_COUNTRIES } from './regions.ts';
import type { CaravanData, Stop, StopFields } from './types.ts';
import { afterSave, scheduleAnnouncement } from './wizard-save.ts';

export interface WizardState {
  mode: 'add' | 'edit';
  draft: Partial<StopFields>;
  stopId?: string;
  /** Set when a field is changed from the review: go back there after it. */
  returnTo?: 'review';
  /** Set when saving was refused because the same stop is already scheduled: the review offers "save anyway". */
  duplicate?: boolean;
}

/** How the wizard is opened: a new stop, or an existing one to edit. */
export type WizardInput = { mode: 'add' } | { mode: 'edit'; stop: Stop };

const FIELD_STEPS = ['town', 'country', 'venue', 'tz', 'date', 'time', 'description', 'languages'] as const;
type Field = (typeof FIELD_STEPS)[number];
export type WizardStepId = Field | 'review' | 'field' | 'announceAt';

type Ctx = StepContext<WizardState, CaravanData, CaravanAction, WizardInput>;
type V = View<WizardState, CaravanData>;
type WizardStep = StepDef<WizardState, CaravanData, WizardStepId, void, CaravanAction, WizardInput>;
type D = Decision<WizardStepId, void>;

export function initialWizard(input: WizardInput): WizardState {
  if (input.mode === 'add') return { mode: 'add', draft: {} };
  const { id, town, country, venue, date, time, tz, description, languages } = input.stop;
  return { mode: 'edit', stopId: id, draft: { town, country, venue, date, time, tz, description, languages: [...languages] } };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A wizard saved by the older engine (its `vars`), read by shape: whatever does not fit is dropped. */
export function wizardFromVars(vars: Record<string, unknown>): WizardState {
  const raw = isRecord(vars.draft) ? vars.draft : {};
  const draft: Partial<StopFields> = {};
  for (const f of ['town', 'country', 'venue', 'date', 'time', 'tz', 'description', 'spiralGroup'] as const) {
    const value = text(raw[f]);
    if (value !== undefined) draft[f] = value;
  }
  if (Array.isArray(raw.languages)) draft.languages = raw.languages.filter((l): l is string => typeof l === 'string');
  const stopId = text(vars.stopId);
  return {
    mode: vars.mode === 'edit' && stopId ? 'edit' : 'add',
    draft,
    ...(stopId ? { stopId } : {}),
    ...(vars.returnTo === 'review' ? { returnTo: 'review' as const } : {}),
    ...(vars.duplicate === true ? { duplicate: true } : {}),
  };
}

/** After a field: on to the next one when adding, back to the review when editing or correcting. */
const after = (ctx: Ctx): D => (ctx.state.mode === 'edit' || ctx.state.returnTo === 'review' ? goto('review') : next());

const progress = (v: V, id: Field) =>
  v.state.mode === 'add' && !v.state.returnTo ? v.t('caravan:wizard.progress', { n: FIELD_STEPS.indexOf(id) + 1, total: FIELD_STEPS.length }) : undefined;

/** When editing, the prompt shows the value being replaced. */
function withCurrent(v: V, id: Field, prompt: string): string {
  const value = v.state.draft[id];
  if (v.state.mode !== 'edit' || value === undefined || value === '') return prompt;
  return `${prompt}\n${v.t('caravan:wizard.current', { value: Array.isArray(value) ? value.join(', ') : String(value) })}`;
}

/** A field typed as text; `apply` checks it (a UserError is the engine's localized re-ask) and stores it in the draft. */
function textStep(id: Field, apply: (ctx: Ctx, text: string) => void, extra: Partial<WizardStep> = {}): WizardStep {
  return {
    progress: (v) => progress(v, id),
    prompt: (v) => ({ text: withCurrent(v, id, v.t(`caravan:wizard.${id}`, { tz: v.state.draft.tz ?? '' })) }),
    onText(ctx, answer) {
      apply(ctx, answer);
      return after(ctx);
    },
    ...extra,
  };
}

/** The draft's date must not be before today in the stop's zone. */
function notBeforeToday(ctx: Ctx, date: string): void {
  const tz = ctx.state.draft.tz ?? ctx.services.config.tz;
  const today = DateTime.fromJSDate(ctx.now, { zone: tz }).toISODate();
  if (today && date < today) throw new UserError('caravan:invalid.past', { when: date });
}

function zoneChoices(v: V) {
  const suggested = [COUNTRY_ZONES[v.state.draft.country ?? ''], v.services.config.tz].filter((z): z is string => Boolean(z));
  return [...new Set(suggested)].map((z) => ({ label: z, value: z }));
}

const setCountry = (ctx: Ctx, value: string) => void (ctx.state.draft.country = checkCountry(value, ctx.services.i18n.languages));
const setZone = (ctx: Ctx, value: string) => void (ctx.state.draft.tz = checkZone(value));

/** Adds languages and asks again, showing the ones chosen so far; /done ends the list. */
function chooseLanguages(ctx: Ctx, typed: string): D {
  const d = ctx.state.draft;
  d.languages = [...new Set([...(d.languages ?? []), ...parseLanguages(typed)])];
  return reprompt();
}

/** The review's buttons, by mode; "save anyway" once a twin was refused. */
function reviewChoices(v: V) {
  const t = v.t;
  const choices = v.state.mode === 'add'
    ? [
        { label: t('caravan:wizard.save'), value: 'save' },
        { label: t('caravan:wizard.saveAnnounce'), value: 'announce' },
        { label: t('caravan:wizard.saveLater'), value: 'later' },
        { label: t('caravan:wizard.change'), value: 'change' },
      ]
    : [
        { label: t('caravan:wizard.saveChanges'), value: 'save' },
        { label: t('caravan:wizard.change'), value: 'change' },
      ];
  if (v.state.duplicate) choices.splice(1, 0, { label: t('caravan:wizard.saveAnyway'), value: 'force' });
  return choices;
}

const SAVES = ['save', 'announce', 'later'] as const;
const isSave = (value: string): value is (typeof SAVES)[number] => (SAVES as readonly string[]).includes(value);
const isField = (value: string): value is Field => (FIELD_STEPS as readonly string[]).includes(value);

/** Every step of the caravan's wizard: the fields, then review, field choice and announcement time. */
export const wizardSteps: { [K in WizardStepId]: WizardStep } = {
  town: textStep('town', (ctx, answer) => void (ctx.state.draft.town = checkTown(answer))),
  country: textStep('country', setCountry, {
    prompt: (v) => ({
      text: withCurrent(v, 'country', v.t('caravan:wizard.country')),
      choices: NETWORK_COUNTRIES.map((c) => ({ label: countryName(c, v.lang) ?? c, value: c })),
      columns: 3,
    }),
    onChoice(ctx, value) {
      setCountry(ctx, value);
      return after(ctx);
    },
  }),
  venue: textStep('venue', (ctx, answer) => void (ctx.state.draft.venue = checkVenue(answer))),
  tz: textStep('tz', setZone, {
    prompt: (v) => ({ text: withCurrent(v, 'tz', v.t('caravan:wizard.tz')), choices: zoneChoices(v), columns: 1 }),
    onChoice(ctx, value) {
      setZone(ctx, value);
      return after(ctx);
    },
  }),
  date: textStep('date', (ctx, answer) => {
    const date = checkDate(answer);
    notBeforeToday(ctx, date);
    ctx.state.draft.date = date;
  }),
  time: textStep('time', (ctx, answer) => {
    const time = checkTime(answer);
    const d = ctx.state.draft;
    if (d.date && d.tz) checkFuture({ date: d.date, time, tz: d.tz }, ctx.now);
    d.time = time;
  }),
  description: textStep('description', (ctx, answer) => void (ctx.state.draft.description = checkDescription(answer)), {
    optional: true,
    onSkip(ctx) {
      ctx.state.draft.description ??= '';
      return after(ctx);
    },
  }),
  languages: {
    list: true,
    progress: (v) => progress(v, 'languages'),
    prompt(v) {
      const chosen = v.state.draft.languages ?? [];
      const { i18n } = v.services;
      return {
        text: v.t('caravan:wizard.languages', { chosen: chosen.length ? languageNames(chosen, v.lang) : '—' }),
        choices: i18n.languages.filter((l) => !chosen.includes(l)).map((l) => ({ label: i18n.nameOf(l), value: l })),
        columns: 3,
      };
    },
    onChoice: chooseLanguages,
    onText: chooseLanguages,
    onDone: after,
  },
  review: {
    prompt(v) {
      const t = v.t;
      const d = v.state.draft;
      const preview: Stop = {
        id: v.state.stopId ?? '…', town: d.town ?? '', country: d.country ?? '', venue: d.venue ?? '', date: d.date ?? '', time: d.time ?? '', tz: d.tz ?? '',
        description: d.description ?? '', languages: d.languages ?? [], status: 'scheduled', createdAt: '', updatedAt: '', version: 0,
      };
      const title = t(v.state.mode === 'add' ? 'caravan:wizard.reviewAdd' : 'caravan:wizard.reviewEdit');
      return { text: `${title}\n\n${card(t, preview, v.lang)}\n🕓 ${preview.tz}`, choices: reviewChoices(v), columns: 1 };
    },
    async onChoice(ctx, value) {
      if (value === 'change') return goto('field');
      if (value === 'force' && ctx.state.duplicate) return afterSave(ctx, 'save', true);
      if (!isSave(value)) return fail('common:button.invalid');
      return afterSave(ctx, value);
    },
  },
  field: {
    prompt: (v) => ({
      text: v.t('caravan:wizard.field'),
      choices: [...FIELD_STEPS.map((f) => ({ label: v.t(`caravan:field.${f}`), value: f })), { label: v.t('caravan:wizard.toReview'), value: 'review' }],
      columns: 3,
    }),
    onChoice(ctx, value) {
      if (value === 'review') return goto('review');
      if (!isField(value)) return fail('common:button.invalid');
      ctx.state.returnTo = 'review';
      ctx.state.duplicate = false;
      return goto(value);
    },
  },
  announceAt: {
    prompt: (v) => ({ text: v.t('caravan:wizard.announceAt', { tz: v.state.draft.tz ?? '' }) }),
    onText: (ctx, answer) => scheduleAnnouncement(ctx, answer),
  },
};
