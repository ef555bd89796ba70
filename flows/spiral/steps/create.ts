import type { Prompt } from '../../../src/engine/index.ts';
import { end, next, UserError } from '../../../src/engine/index.ts';
import { cleanName } from '../../../src/core/clean-text.ts';
import { JOIN_CODE_DAYS, addDays, createGroupRecord, knownTerritories, cyclesOf, parseCycleId, currentCycle } from '../groups.ts';
import { spiralRecords } from '../records.ts';
import { canCreateGroups, grantRole } from '../roles.ts';
import { PROFILES, day, profileLabel } from '../labels.ts';
import { QUESTION_SETS } from '../questions.ts';
import { joinInstructions } from '../links.ts';
import type { Ctx, SpiralContext, SpiralDecision, SpiralStepDef, SpiralView } from '../nav.ts';
import { creating, type CreateStep, type Creating } from '../state.ts';
import type { Group } from '../types.ts';

const STEPS: readonly CreateStep[] = ['new.name', 'new.territory', 'new.profile', 'new.lang', 'new.cycle', 'new.questions', 'new.rating'];
const progressOf = (id: CreateStep) => (v: SpiralView) => v.t('spiral:progress.create', { n: STEPS.indexOf(id) + 1, total: STEPS.length });

/** `/spiral new`: the guided creation of a group, for facilitators. */
export async function startCreate(ctx: SpiralContext): Promise<void> {
  const r = await spiralRecords(ctx.services.store);
  if (!(await canCreateGroups(r, ctx))) {
    ctx.say(ctx.t('spiral:create.notAllowed'));
    return;
  }
  const cycles = (await cyclesOf(r)).map((c) => ({ id: c.id, questionSet: c.questionSet }));
  const cur = await currentCycle(r, ctx.now);
  if (!cycles.some((c) => c.id === cur.id)) cycles.unshift({ id: cur.id, questionSet: cur.questionSet });
  const state: Creating = { kind: 'create', draft: { lang: ctx.lang }, territories: (await knownTerritories(r)).slice(0, 16), cycles: cycles.slice(0, 8) };
  ctx.say(ctx.t('spiral:create.intro'));
  ctx.openAt('new.name', state);
}

/**
 * A name typed by a facilitator (group, territory, profile), as people will read it: one line,
 * without invisible or control characters, 2–max characters; a UserError says why not.
 */
export function typedName(text: string, max: number): string {
  const s = cleanName(text);
  if (!s) throw new UserError('spiral:create.blank');
  const length = [...s].length;
  if (length < 2 || length > max) throw new UserError('spiral:create.textLength', { max });
  return s;
}

type TextKey = 'name' | 'territory' | 'profile';

function textStep(id: CreateStep, key: TextKey, max: number, prompt: (v: SpiralView) => Prompt, pick?: (s: Readonly<Creating>, value: string) => string | undefined): SpiralStepDef {
  return {
    progress: progressOf(id),
    prompt,
    onText(ctx, text) {
      creating(ctx.state).draft[key] = typedName(text, max);
      return next();
    },
    onChoice(ctx, value) {
      const s = creating(ctx.state);
      const chosen = pick?.(s, value);
      if (!chosen) throw new UserError('common:button.invalid');
      s.draft[key] = chosen;
      return next();
    },
  };
}

const byIndex = (list: readonly string[], value: string, prefix: string) => (value.startsWith(prefix) ? list[Number(value.slice(prefix.length))] : undefined);

async function create(ctx: Ctx): Promise<SpiralDecision> {
  const t = ctx.t;
  const d = creating(ctx.state).draft;
  const r = await spiralRecords(ctx.services.store);
  if (!(await canCreateGroups(r, ctx))) {
    ctx.say(t('spiral:create.notAllowed'));
    return end();
  }
  const now = ctx.now.toISOString();
  const cycleId = d.cycle ?? (await currentCycle(r, ctx.now)).id;
  const cycle = (await r.cycles.update(cycleId, (c) => c ?? { id: cycleId, questionSet: d.questionSet ?? 'spiral3', createdAt: now }))!;
  const group = await createGroupRecord(r, (code): Group => ({
    code,
    kind: 'group',
    name: d.name ?? '?',
    territory: d.territory ?? '?',
    profile: d.profile ?? 'other',
    lang: d.lang ?? ctx.lang,
    cycle: cycle.id,
    questionSet: d.questionSet ?? cycle.questionSet,
    rating: d.rating ?? 'criteria',
    createdAt: now,
    expiresAt: addDays(ctx.now, JOIN_CODE_DAYS),
    memberCount: 0,
  }));
  await grantRole(r, ctx.person.pseudonym, group.code, now);
  ctx.say(
    [
      t('spiral:create.done', { group: group.name, territory: group.territory, profile: profileLabel(t, group.profile), cycle: group.cycle, count: QUESTION_SETS[group.questionSet]?.questions.length ?? 3 }),
      joinInstructions(ctx, group),
      t('spiral:create.expires', { date: day(group.expiresAt) }),
      t('spiral:create.next', { code: group.code }),
    ].join('\n\n'),
  );
  return end();
}

/** A step answered with buttons only. */
function choiceStep(id: CreateStep, prompt: (v: SpiralView) => Prompt, pick: (ctx: Ctx, value: string) => SpiralDecision | Promise<SpiralDecision>): SpiralStepDef {
  return {
    progress: progressOf(id),
    prompt,
    onChoice: pick,
    onText: () => {
      throw new UserError('common:input.useButtons');
    },
  };
}

export const createSteps: Record<CreateStep, SpiralStepDef> = {
  'new.name': textStep('new.name', 'name', 80, (v) => ({ text: v.t('spiral:create.name') })),
  'new.territory': textStep(
    'new.territory',
    'territory',
    80,
    (v) => ({ text: v.t('spiral:create.territory'), choices: creating(v.state).territories.map((x, i) => ({ label: x, value: `t.${i}` })) }),
    (s, value) => byIndex(s.territories, value, 't.'),
  ),
  'new.profile': textStep(
    'new.profile',
    'profile',
    60,
    (v) => ({ text: v.t('spiral:create.profile'), choices: PROFILES.map((p) => ({ label: profileLabel(v.t, p), value: `p.${p}` })), columns: 2 }),
    (_s, value) => PROFILES.find((p) => value === `p.${p}`),
  ),
  'new.lang': {
    progress: progressOf('new.lang'),
    prompt: (v) => ({ text: v.t('spiral:create.lang'), choices: v.services.i18n.languages.map((l) => ({ label: v.services.i18n.nameOf(l), value: `l.${l}` })) }),
    onChoice(ctx, value) {
      const lang = value.slice(2);
      if (!ctx.services.i18n.languages.includes(lang)) throw new UserError('common:button.invalid');
      creating(ctx.state).draft.lang = lang;
      return next();
    },
    onText(ctx, text) {
      const want = text.trim().toLowerCase();
      const { i18n } = ctx.services;
      const lang = i18n.languages.find((l) => l === want || i18n.nameOf(l).toLowerCase() === want);
      if (!lang) throw new UserError('spiral:create.langUnknown', { language: text.trim().slice(0, 40) });
      creating(ctx.state).draft.lang = lang;
      return next();
    },
  },
  'new.cycle': {
    progress: progressOf('new.cycle'),
    prompt: (v) => ({ text: v.t('spiral:create.cycle'), choices: creating(v.state).cycles.map((c, i) => ({ label: c.id, value: `c.${i}` })) }),
    onChoice(ctx, value) {
      const s = creating(ctx.state);
      const c = value.startsWith('c.') ? s.cycles[Number(value.slice(2))] : undefined;
      if (!c) throw new UserError('common:button.invalid');
      s.draft.cycle = c.id;
      return next();
    },
    onText(ctx, text) {
      const id = parseCycleId(cleanName(text));
      if (!id) throw new UserError('spiral:create.cycleInvalid');
      creating(ctx.state).draft.cycle = id;
      return next();
    },
  },
  'new.questions': choiceStep(
    'new.questions',
    (v) => {
      const s = creating(v.state);
      const known = s.cycles.find((c) => c.id === s.draft.cycle);
      const count = known ? (QUESTION_SETS[known.questionSet]?.questions.length ?? 3) : 0;
      return {
        text: `${v.t('spiral:create.questions')}${known ? `\n${v.t('spiral:create.cycleDefault', { cycle: known.id, count })}` : ''}`,
        choices: Object.values(QUESTION_SETS).map((q) => ({ label: v.t(`spiral:questionSet.${q.id}`), value: `qs.${q.id}` })),
        columns: 1,
      };
    },
    (ctx, value) => {
      const id = value.slice(3);
      if (!value.startsWith('qs.') || !QUESTION_SETS[id]) throw new UserError('common:button.invalid');
      creating(ctx.state).draft.questionSet = id;
      return next();
    },
  ),
  'new.rating': choiceStep(
    'new.rating',
    (v) => ({
      text: v.t('spiral:create.rating'),
      choices: [
        { label: v.t('spiral:ratingMode.criteria'), value: 'r.criteria' },
        { label: v.t('spiral:ratingMode.components'), value: 'r.components' },
      ],
      columns: 1,
    }),
    (ctx, value) => {
      if (value !== 'r.criteria' && value !== 'r.components') throw new UserError('common:button.invalid');
      creating(ctx.state).draft.rating = value === 'r.criteria' ? 'criteria' : 'components';
      return create(ctx);
    },
  ),
};
