/**
 * The manager's guided wizard to add or edit a stop, one field per step. The draft lives in
 * the session, so a restart resumes the wizard where the manager stood.
 */
import type { Next, Step, Turn } from '../../src/engine/index.ts';
import { goto, invalid, next, reprompt } from '../../src/engine/index.ts';
import { UserError } from '../../src/engine/index.ts';
import { checkCountry, checkDate, checkDescription, checkFuture, checkTime, checkTown, checkVenue, checkZone, parseLanguages } from './fields.ts';
import { card, languageNames } from './format.ts';
import { COUNTRY_ZONES, countryName, NETWORK_COUNTRIES } from './regions.ts';
import { DateTime } from 'luxon';
import type { Stop, StopFields } from './types.ts';
import { afterSave, scheduleAnnouncement } from './wizard-save.ts';

export interface WizardVars {
  mode: 'add' | 'edit';
  draft: Partial<StopFields>;
  stopId?: string;
  /** Set when a field is changed from the review: go back there after it. */
  returnTo?: 'review';
  /** Set when saving was refused because the same stop is already scheduled: the review offers "save anyway". */
  duplicate?: boolean;
}

const FIELD_STEPS = ['town', 'country', 'venue', 'tz', 'date', 'time', 'description', 'languages'] as const;

export function vars(turn: Turn): WizardVars {
  return turn.user.session!.vars as unknown as WizardVars;
}

const draft = (turn: Turn) => vars(turn).draft;

/** After a field: on to the next one when adding, back to the review when editing or correcting. */
function after(turn: Turn): Next {
  const v = vars(turn);
  return v.mode === 'edit' || v.returnTo === 'review' ? goto('review') : next();
}

/** Runs a check; a refusal becomes a localized re-ask. */
function guarded(turn: Turn, apply: () => void): Next {
  try {
    apply();
  } catch (e) {
    if (e instanceof UserError) return invalid(turn.t(e.key, e.params));
    throw e;
  }
  return after(turn);
}

const progress = (turn: Turn, id: string) =>
  vars(turn).mode === 'add' && !vars(turn).returnTo ? turn.t('caravan:wizard.progress', { n: FIELD_STEPS.indexOf(id as never) + 1, total: FIELD_STEPS.length }) : undefined;

/** When editing, the prompt shows the value being replaced. */
function withCurrent(turn: Turn, id: (typeof FIELD_STEPS)[number], text: string): string {
  const value = draft(turn)[id];
  if (vars(turn).mode !== 'edit' || value === undefined || value === '') return text;
  return `${text}\n${turn.t('caravan:wizard.current', { value: Array.isArray(value) ? value.join(', ') : String(value) })}`;
}

function textStep(id: (typeof FIELD_STEPS)[number], apply: (turn: Turn, text: string) => void, extra: Partial<Step> = {}): Step {
  return {
    id,
    progress: (turn) => progress(turn, id),
    prompt: (turn) => ({ text: withCurrent(turn, id, turn.t(`caravan:wizard.${id}`, { tz: draft(turn).tz ?? '' })) }),
    onText: (turn, text) => guarded(turn, () => apply(turn, text)),
    ...extra,
  };
}

/** The draft's date must not be before today in the stop's zone. */
function notBeforeToday(turn: Turn, date: string): void {
  const tz = draft(turn).tz ?? turn.services.config.tz;
  const today = DateTime.fromJSDate(turn.now, { zone: tz }).toISODate();
  if (today && date < today) throw new UserError('caravan:invalid.past', { when: date });
}

function zoneChoices(turn: Turn) {
  const suggested = [COUNTRY_ZONES[draft(turn).country ?? ''], turn.services.config.tz].filter((z): z is string => Boolean(z));
  return [...new Set(suggested)].map((z) => ({ label: z, value: z }));
}

const fieldSteps: Step[] = [
  textStep('town', (turn, text) => void (draft(turn).town = checkTown(text))),
  textStep('country', (turn, text) => void (draft(turn).country = checkCountry(text, turn.services.i18n.languages)), {
    prompt: (turn) => ({
      text: withCurrent(turn, 'country', turn.t('caravan:wizard.country')),
      choices: NETWORK_COUNTRIES.map((c) => ({ label: countryName(c, turn.lang) ?? c, value: c })),
      columns: 3,
    }),
    onChoice: (turn, value) => guarded(turn, () => void (draft(turn).country = checkCountry(value, turn.services.i18n.languages))),
  }),
  textStep('venue', (turn, text) => void (draft(turn).venue = checkVenue(text))),
  textStep('tz', (turn, text) => void (draft(turn).tz = checkZone(text)), {
    prompt: (turn) => ({ text: withCurrent(turn, 'tz', turn.t('caravan:wizard.tz')), choices: zoneChoices(turn), columns: 1 }),
    onChoice: (turn, value) => guarded(turn, () => void (draft(turn).tz = checkZone(value))),
  }),
  textStep('date', (turn, text) => {
    const date = checkDate(text);
    notBeforeToday(turn, date);
    draft(turn).date = date;
  }),
  textStep('time', (turn, text) => {
    const time = checkTime(text);
    const d = draft(turn);
    if (d.date && d.tz) checkFuture({ date: d.date, time, tz: d.tz }, turn.now);
    d.time = time;
  }),
  textStep('description', (turn, text) => void (draft(turn).description = checkDescription(text)), {
    optional: true,
    onSkip: (turn) => {
      draft(turn).description ??= '';
      return after(turn);
    },
  }),
  {
    id: 'languages',
    list: true,
    progress: (turn) => progress(turn, 'languages'),
    prompt: (turn) => {
      const chosen = draft(turn).languages ?? [];
      const { i18n } = turn.services;
      return {
        text: turn.t('caravan:wizard.languages', { chosen: chosen.length ? languageNames(chosen, turn.lang) : '—' }),
        choices: i18n.languages.filter((l) => !chosen.includes(l)).map((l) => ({ label: i18n.nameOf(l), value: l })),
        columns: 3,
      };
    },
    onChoice: (turn, value) => chooseLanguages(turn, value),
    onText: (turn, text) => chooseLanguages(turn, text),
    onDone: (turn) => after(turn),
  },
];

/** Adds languages and asks again, showing the ones chosen so far; /done ends the list. */
function chooseLanguages(turn: Turn, text: string): Next {
  try {
    const d = draft(turn);
    d.languages = [...new Set([...(d.languages ?? []), ...parseLanguages(text)])];
  } catch (e) {
    if (e instanceof UserError) return invalid(turn.t(e.key, e.params));
    throw e;
  }
  return reprompt();
}

const reviewStep: Step = {
  id: 'review',
  prompt(turn) {
    const v = vars(turn);
    const t = turn.t;
    const preview = { ...draft(turn), id: v.stopId ?? '…', status: 'scheduled', description: draft(turn).description ?? '', languages: draft(turn).languages ?? [] } as Stop;
    const choices = v.mode === 'add'
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
    if (v.duplicate) choices.splice(1, 0, { label: t('caravan:wizard.saveAnyway'), value: 'force' });
    return { text: `${t(v.mode === 'add' ? 'caravan:wizard.reviewAdd' : 'caravan:wizard.reviewEdit')}\n\n${card(t, preview, turn.lang)}\n🕓 ${preview.tz}`, choices, columns: 1 };
  },
  async onChoice(turn, value) {
    if (value === 'change') return goto('field');
    if (value === 'force' && vars(turn).duplicate) return afterSave(turn, 'save', true);
    if (!['save', 'announce', 'later'].includes(value)) return invalid(turn.t('common:button.invalid'));
    return afterSave(turn, value as 'save' | 'announce' | 'later');
  },
  onText: (turn) => invalid(turn.t('common:input.useButtons')),
};

const fieldStep: Step = {
  id: 'field',
  prompt: (turn) => ({
    text: turn.t('caravan:wizard.field'),
    choices: [...FIELD_STEPS.map((f) => ({ label: turn.t(`caravan:field.${f}`), value: f })), { label: turn.t('caravan:wizard.toReview'), value: 'review' }],
    columns: 3,
  }),
  onChoice(turn, value) {
    if (value === 'review') return goto('review');
    if (!(FIELD_STEPS as readonly string[]).includes(value)) return invalid(turn.t('common:button.invalid'));
    vars(turn).returnTo = 'review';
    vars(turn).duplicate = false;
    return goto(value);
  },
  onText: (turn) => invalid(turn.t('common:input.useButtons')),
};

const announceAtStep: Step = {
  id: 'announceAt',
  prompt: (turn) => ({ text: turn.t('caravan:wizard.announceAt', { tz: draft(turn).tz ?? '' }) }),
  onText: (turn, text) => scheduleAnnouncement(turn, text),
};

/** Every step of the caravan flow: the fields, then review, field choice and announcement time. */
export const wizardSteps: Step[] = [...fieldSteps, reviewStep, fieldStep, announceAtStep];

/** `/caravan add`. */
export function beginAdd(turn: Turn): void {
  turn.begin('caravan', { step: 'town', vars: { mode: 'add', draft: {} } satisfies WizardVars as unknown as Record<string, unknown> });
}

/** `/caravan edit <stop>`: the stop's fields in the draft, straight to "which field?". */
export function beginEdit(turn: Turn, stop: Stop): void {
  const { town, country, venue, date, time, tz, description, languages } = stop;
  const v: WizardVars = { mode: 'edit', stopId: stop.id, draft: { town, country, venue, date, time, tz, description, languages: [...languages] } };
  turn.begin('caravan', { step: 'field', vars: v as unknown as Record<string, unknown> });
}
