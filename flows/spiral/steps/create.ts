import type { Next, Prompt, Step, Turn } from '../../../src/engine/index.ts';
import { end, invalid, next } from '../../../src/engine/index.ts';
import { JOIN_CODE_DAYS, addDays, createGroupRecord, knownTerritories, cyclesOf, parseCycleId, currentCycle } from '../groups.ts';
import { spiralRecords } from '../records.ts';
import { askerOf } from '../facilitator.ts';
import { canCreateGroups, grantRole } from '../roles.ts';
import { PROFILES, day, profileLabel } from '../labels.ts';
import { FLOW_ID } from '../participant.ts';
import { QUESTION_SETS } from '../questions.ts';
import { joinInstructions } from '../links.ts';
import type { Group, RatingMode } from '../types.ts';
import { cleanName } from '../../../src/core/clean-text.ts';

/** What the facilitator has said so far; kept in the session so a restart resumes the creation too. */
interface Draft {
  name?: string;
  territory?: string;
  profile?: string;
  lang?: string;
  cycle?: string;
  questionSet?: string;
  rating?: RatingMode;
}

interface CreateVars {
  draft: Draft;
  /** Snapshots taken when the creation began, so prompts need no store read. */
  territories: string[];
  cycles: { id: string; questionSet: string }[];
}

const STEPS = ['new.name', 'new.territory', 'new.profile', 'new.lang', 'new.cycle', 'new.questions', 'new.rating'];
const progressOf = (id: string) => (turn: Turn) => turn.t('spiral:progress.create', { n: STEPS.indexOf(id) + 1, total: STEPS.length });
const cv = (turn: Turn) => turn.user.session!.vars as unknown as CreateVars;

/** `/spiral new`: the guided creation of a group, for facilitators. */
export async function startCreate(turn: Turn): Promise<void> {
  const r = await spiralRecords(turn.services.store);
  if (!(await canCreateGroups(r, askerOf(turn)))) {
    turn.say(turn.t('spiral:create.notAllowed'));
    return;
  }
  const cycles = (await cyclesOf(r)).map((c) => ({ id: c.id, questionSet: c.questionSet }));
  const cur = await currentCycle(r, turn.now);
  if (!cycles.some((c) => c.id === cur.id)) cycles.unshift({ id: cur.id, questionSet: cur.questionSet });
  const vars: CreateVars = { draft: { lang: turn.lang }, territories: (await knownTerritories(r)).slice(0, 16), cycles: cycles.slice(0, 8) };
  turn.say(turn.t('spiral:create.intro'));
  turn.begin(FLOW_ID, { step: 'new.name', vars: vars as unknown as Record<string, unknown> });
}

/**
 * A name typed by a facilitator (group, territory, profile), as people will read it: one line,
 * without invisible or control characters, 2–max characters; or why not.
 */
export function typedName(turn: Turn, text: string, max: number): { value: string } | { problem: string } {
  const s = cleanName(text);
  if (!s) return { problem: turn.t('spiral:create.blank') };
  const length = [...s].length;
  return length >= 2 && length <= max ? { value: s } : { problem: turn.t('spiral:create.textLength', { max }) };
}

function textStep(id: string, key: keyof Draft, max: number, prompt: (turn: Turn) => Prompt, onChoice?: (turn: Turn, value: string) => string | null): Step {
  return {
    id,
    progress: progressOf(id),
    prompt,
    onText(turn, text) {
      const name = typedName(turn, text, max);
      if ('problem' in name) return invalid(name.problem);
      (cv(turn).draft as Record<string, string>)[key] = name.value;
      return next();
    },
    onChoice(turn, value) {
      const chosen = onChoice?.(turn, value);
      if (!chosen) return invalid(turn.t('common:button.invalid'));
      (cv(turn).draft as Record<string, string>)[key] = chosen;
      return next();
    },
  };
}

function choiceStep(id: string, prompt: (turn: Turn) => Prompt, pick: (turn: Turn, value: string) => Next | Promise<Next>): Step {
  return {
    id,
    progress: progressOf(id),
    prompt,
    onChoice: pick,
    onText: (turn) => invalid(turn.t('common:input.useButtons')),
  };
}

const byIndex = (list: string[], value: string, prefix: string) => (value.startsWith(prefix) ? list[Number(value.slice(prefix.length))] ?? null : null);

async function create(turn: Turn): Promise<Next> {
  const t = turn.t;
  const d = cv(turn).draft;
  const r = await spiralRecords(turn.services.store);
  if (!(await canCreateGroups(r, askerOf(turn)))) {
    turn.say(t('spiral:create.notAllowed'));
    return end();
  }
  const now = turn.now.toISOString();
  const cycleId = d.cycle ?? (await currentCycle(r, turn.now)).id;
  const cycle = (await r.cycles.update(cycleId, (c) => c ?? { id: cycleId, questionSet: d.questionSet ?? 'spiral3', createdAt: now }))!;
  const group = await createGroupRecord(r, (code): Group => ({
      code,
      kind: 'group',
      name: d.name ?? '?',
      territory: d.territory ?? '?',
      profile: d.profile ?? 'other',
      lang: d.lang ?? turn.lang,
      cycle: cycle.id,
      questionSet: d.questionSet ?? cycle.questionSet,
      rating: d.rating ?? 'criteria',
      createdAt: now,
      expiresAt: addDays(turn.now, JOIN_CODE_DAYS),
      memberCount: 0,
  }));
  await grantRole(r, turn.user.pseudonym, group.code, now);
  turn.say(
    [
      t('spiral:create.done', { group: group.name, territory: group.territory, profile: profileLabel(t, group.profile), cycle: group.cycle, count: QUESTION_SETS[group.questionSet]?.questions.length ?? 3 }),
      joinInstructions(turn, group),
      t('spiral:create.expires', { date: day(group.expiresAt) }),
      t('spiral:create.next', { code: group.code }),
    ].join('\n\n'),
  );
  return end();
}

export const createSteps: Step[] = [
  textStep('new.name', 'name', 80, (turn) => ({ text: turn.t('spiral:create.name') })),
  textStep(
    'new.territory',
    'territory',
    80,
    (turn) => ({ text: turn.t('spiral:create.territory'), choices: cv(turn).territories.map((x, i) => ({ label: x, value: `t.${i}` })) }),
    (turn, value) => byIndex(cv(turn).territories, value, 't.'),
  ),
  textStep(
    'new.profile',
    'profile',
    60,
    (turn) => ({ text: turn.t('spiral:create.profile'), choices: PROFILES.map((p) => ({ label: profileLabel(turn.t, p), value: `p.${p}` })), columns: 2 }),
    (_turn, value) => (value.startsWith('p.') && (PROFILES as readonly string[]).includes(value.slice(2)) ? value.slice(2) : null),
  ),
  {
    id: 'new.lang',
    progress: progressOf('new.lang'),
    prompt: (turn) => ({ text: turn.t('spiral:create.lang'), choices: turn.services.i18n.languages.map((l) => ({ label: turn.services.i18n.nameOf(l), value: `l.${l}` })) }),
    onChoice(turn, value) {
      const lang = value.slice(2);
      if (!turn.services.i18n.languages.includes(lang)) return invalid(turn.t('common:button.invalid'));
      cv(turn).draft.lang = lang;
      return next();
    },
    onText(turn, text) {
      const want = text.trim().toLowerCase();
      const { i18n } = turn.services;
      const lang = i18n.languages.find((l) => l === want || i18n.nameOf(l).toLowerCase() === want);
      if (!lang) return invalid(turn.t('spiral:create.langUnknown', { language: text.trim().slice(0, 40) }));
      cv(turn).draft.lang = lang;
      return next();
    },
  },
  {
    id: 'new.cycle',
    progress: progressOf('new.cycle'),
    prompt: (turn) => ({ text: turn.t('spiral:create.cycle'), choices: cv(turn).cycles.map((c, i) => ({ label: c.id, value: `c.${i}` })) }),
    onChoice(turn, value) {
      const c = cv(turn).cycles[Number(value.slice(2))];
      if (!value.startsWith('c.') || !c) return invalid(turn.t('common:button.invalid'));
      cv(turn).draft.cycle = c.id;
      return next();
    },
    onText(turn, text) {
      const id = parseCycleId(cleanName(text));
      if (!id) return invalid(turn.t('spiral:create.cycleInvalid'));
      cv(turn).draft.cycle = id;
      return next();
    },
  },
  choiceStep(
    'new.questions',
    (turn) => {
      const known = cv(turn).cycles.find((c) => c.id === cv(turn).draft.cycle);
      const count = known ? QUESTION_SETS[known.questionSet]?.questions.length ?? 3 : 0;
      return {
        text: `${turn.t('spiral:create.questions')}${known ? `\n${turn.t('spiral:create.cycleDefault', { cycle: known.id, count })}` : ''}`,
        choices: Object.values(QUESTION_SETS).map((s) => ({ label: turn.t(`spiral:questionSet.${s.id}`), value: `qs.${s.id}` })),
        columns: 1,
      };
    },
    (turn, value) => {
      const id = value.slice(3);
      if (!value.startsWith('qs.') || !QUESTION_SETS[id]) return invalid(turn.t('common:button.invalid'));
      cv(turn).draft.questionSet = id;
      return next();
    },
  ),
  choiceStep(
    'new.rating',
    (turn) => ({
      text: turn.t('spiral:create.rating'),
      choices: [
        { label: turn.t('spiral:ratingMode.criteria'), value: 'r.criteria' },
        { label: turn.t('spiral:ratingMode.components'), value: 'r.components' },
      ],
      columns: 1,
    }),
    async (turn, value) => {
      if (value !== 'r.criteria' && value !== 'r.components') return invalid(turn.t('common:button.invalid'));
      cv(turn).draft.rating = value.slice(2) as RatingMode;
      return create(turn);
    },
  ),
];
