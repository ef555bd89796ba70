/**
 * `/propose`, the guided flow: call, theme, title, proposal, who should act, territory and
 * SPIRAL criterion (both optional), similar proposals already there (support one instead),
 * a preview with edit, then send. Editing a pending proposal reuses the same steps, from the
 * choice of the field to change. The draft is the session's typed state: a restart resumes here.
 */
import type { Decision, StepContext, StepDef, View } from '../../../src/engine/index.ts';
import { end, fail, goto, next } from '../../../src/engine/index.ts';
import { ACTORS, BODY_MAX, TITLE_MAX, type Actor, type Call, type Proposal, type Theme } from '../types.ts';
import { similar } from '../similar.ts';
import { labelOf } from './calls.ts';
import { checkBody, checkCallTakes, checkTitle, editPending, sendProposal, supportInstead, type ProposalFields } from './proposals.ts';
import { card, languageNames } from './format.ts';
import type { NowbeallData } from '../types.ts';
import type { ProposeAction } from './actions.ts';

/** What the flow needs of a call while the person writes (a snapshot: prompts cannot read the store). */
export interface CallSnap {
  id: string;
  title: Record<string, string>;
  question: Record<string, string>;
  themes: Theme[];
  territories: string[];
  languages: string[];
}

/** One of the person's own SPIRAL criteria, offered as the one the proposal answers. */
export interface CriterionChoice {
  id: string;
  family: string;
  text: string;
}

export interface ProposeState {
  calls: CallSnap[];
  call?: CallSnap;
  draft: Partial<ProposalFields>;
  /** The pending proposal being edited. */
  editing?: string;
  returnTo?: 'preview';
  criteria: CriterionChoice[];
  /** Similar proposals found for the current title and text. */
  similar: { id: string; title: string }[];
}

export type ProposeInput = { calls: CallSnap[]; criteria: CriterionChoice[] } | { editing: Proposal; call: CallSnap; criteria: CriterionChoice[] };

export const snap = (c: Call): CallSnap => ({ id: c.id, title: c.title, question: c.question, themes: c.themes, territories: c.territories, languages: c.languages });

export function initialPropose(input: ProposeInput): ProposeState {
  if ('editing' in input) {
    const p = input.editing;
    return {
      calls: [input.call],
      call: input.call,
      editing: p.id,
      returnTo: 'preview',
      criteria: input.criteria,
      similar: [],
      draft: { theme: p.theme, title: p.title, body: p.body, actor: p.actor, ...(p.territory ? { territory: p.territory } : {}), ...(p.spiral ? { spiral: p.spiral } : {}) },
    };
  }
  const only = input.calls.length === 1 ? input.calls[0] : undefined;
  return { calls: input.calls, ...(only ? { call: only } : {}), draft: {}, criteria: input.criteria, similar: [] };
}

export type ProposeStepId = 'call' | 'theme' | 'title' | 'body' | 'actor' | 'territory' | 'spiral' | 'similar' | 'preview' | 'field';
type Ctx = StepContext<ProposeState, NowbeallData, ProposeAction, ProposeInput>;
type V = View<ProposeState, NowbeallData>;
type D = Decision<ProposeStepId, void>;
type Step = StepDef<ProposeState, NowbeallData, ProposeStepId, void, ProposeAction, ProposeInput>;

/** How many similar proposals are shown. */
const SIMILAR_SHOWN = 3;

const after = (ctx: Ctx): D => (ctx.state.returnTo === 'preview' ? goto('preview') : next());

const isActor = (v: string): v is Actor => (ACTORS as readonly string[]).includes(v);

const themeLabel = (v: { lang: string }, call: CallSnap | undefined, id: string | undefined) => labelOf(call?.themes.find((t) => t.id === id)?.label, v.lang) || (id ?? '');

/** When editing, the prompt shows the value being replaced. */
const withCurrent = (v: V, prompt: string, value: string | undefined) => (v.state.returnTo === 'preview' && value ? `${prompt}\n${v.t('nowbeall:propose.current', { value })}` : prompt);

/** Looks for similar proposals to the draft; true when some were found that were not shown before. */
async function refreshSimilar(ctx: Ctx): Promise<boolean> {
  const { call, draft, editing } = ctx.state;
  if (!call || editing || !draft.title || !draft.body) return false;
  const before = new Set(ctx.state.similar.map((s) => s.id));
  const hits = await similar(`${draft.title}\n${draft.body}`, ctx.lang, call.id, SIMILAR_SHOWN);
  ctx.state.similar = hits.map((h) => ({ id: h.id, title: h.title }));
  return hits.some((h) => !before.has(h.id));
}

/** A title or text changed from the preview: new similar proposals are shown first. */
async function afterText(ctx: Ctx): Promise<D> {
  const fresh = await refreshSimilar(ctx);
  if (ctx.state.returnTo === 'preview') return fresh ? goto('similar') : goto('preview');
  return next();
}

const names = (ctx: { lang: string }) => (langs: string[]) => languageNames(langs, ctx.lang);

export const proposeSteps: { [K in ProposeStepId]: Step } = {
  call: {
    skipIf: (v) => v.state.call !== undefined,
    prompt: (v) => ({
      text: v.t('nowbeall:propose.call'),
      choices: v.state.calls.map((c) => ({ label: labelOf(c.title, v.lang), value: c.id })),
      columns: 1,
    }),
    onChoice(ctx, value) {
      const call = ctx.state.calls.find((c) => c.id === value);
      if (!call) return fail('common:button.invalid');
      checkCallTakes({ ...call, phase: 'collecting' }, ctx.lang, names(ctx));
      ctx.state.call = call;
      return next();
    },
  },
  theme: {
    prompt: (v) => ({
      text: withCurrent(v, v.t('nowbeall:propose.theme', { question: labelOf(v.state.call?.question, v.lang) }), themeLabel(v, v.state.call, v.state.draft.theme)),
      choices: (v.state.call?.themes ?? []).map((t) => ({ label: labelOf(t.label, v.lang), value: t.id })),
      columns: 1,
    }),
    onChoice(ctx, value) {
      if (!ctx.state.call?.themes.some((t) => t.id === value)) return fail('common:button.invalid');
      ctx.state.draft.theme = value;
      return after(ctx);
    },
  },
  title: {
    prompt: (v) => ({ text: withCurrent(v, v.t('nowbeall:propose.title', { max: TITLE_MAX }), v.state.draft.title) }),
    async onText(ctx, text) {
      ctx.state.draft.title = checkTitle(text);
      // The text comes next when writing; from the preview, a new title may match other proposals.
      return ctx.state.returnTo === 'preview' ? afterText(ctx) : next();
    },
  },
  body: {
    prompt: (v) => ({ text: withCurrent(v, v.t('nowbeall:propose.body', { max: BODY_MAX }), v.state.draft.body) }),
    async onText(ctx, text) {
      ctx.state.draft.body = checkBody(text);
      return afterText(ctx);
    },
  },
  actor: {
    prompt: (v) => ({
      text: withCurrent(v, v.t('nowbeall:propose.actor'), v.state.draft.actor && v.t(`nowbeall:actor.${v.state.draft.actor}`)),
      choices: ACTORS.map((a) => ({ label: v.t(`nowbeall:actor.${a}`), value: a })),
      columns: 1,
    }),
    onChoice(ctx, value) {
      if (!isActor(value)) return fail('common:button.invalid');
      ctx.state.draft.actor = value;
      return after(ctx);
    },
  },
  territory: {
    optional: true,
    skipIf: (v) => (v.state.call?.territories.length ?? 0) === 0,
    prompt: (v) => ({
      text: withCurrent(v, v.t('nowbeall:propose.territory'), v.state.draft.territory),
      choices: (v.state.call?.territories ?? []).map((t, i) => ({ label: t, value: String(i) })),
      columns: 2,
    }),
    onChoice(ctx, value) {
      const territory = ctx.state.call?.territories[Number(value)];
      if (territory === undefined) return fail('common:button.invalid');
      ctx.state.draft.territory = territory;
      return after(ctx);
    },
    onSkip(ctx) {
      delete ctx.state.draft.territory;
      return after(ctx);
    },
  },
  spiral: {
    optional: true,
    skipIf: (v) => v.state.criteria.length === 0,
    prompt: (v) => ({
      text: v.t('nowbeall:propose.spiral'),
      choices: v.state.criteria.map((c) => ({ label: `${c.family} · ${c.text}`, value: c.id })),
      columns: 1,
    }),
    onChoice(ctx, value) {
      const c = ctx.state.criteria.find((x) => x.id === value);
      if (!c) return fail('common:button.invalid');
      ctx.state.draft.spiral = { family: c.family, criterion: c.id };
      return after(ctx);
    },
    onSkip(ctx) {
      delete ctx.state.draft.spiral;
      return after(ctx);
    },
  },
  similar: {
    skipIf: (v) => v.state.similar.length === 0 || v.state.editing !== undefined,
    prompt: (v) => ({
      text: [v.t('nowbeall:similar.intro'), ...v.state.similar.map((s) => `#${s.id} ${s.title}`)].join('\n'),
      choices: [
        ...v.state.similar.map((s) => ({ label: v.t('nowbeall:similar.support', { id: s.id }), value: `s:${s.id}` })),
        { label: v.t('nowbeall:similar.continue'), value: 'continue' },
      ],
      columns: 1,
    }),
    async onChoice(ctx, value) {
      if (value === 'continue') return ctx.state.returnTo === 'preview' ? goto('preview') : next();
      const id = value.startsWith('s:') ? value.slice(2) : '';
      if (!ctx.state.similar.some((s) => s.id === id)) return fail('common:button.invalid');
      const outcome = await supportInstead(ctx.services, id, { pseudonym: ctx.person.pseudonym, key: ctx.person.key });
      ctx.say(ctx.t(outcome === 'added' ? 'nowbeall:similar.supported' : 'nowbeall:similar.already', { id }));
      return end();
    },
  },
  preview: {
    prompt(v) {
      const { call, draft, editing } = v.state;
      const head = v.t(editing ? 'nowbeall:preview.editing' : 'nowbeall:preview.title', { id: editing ?? '' });
      return {
        text: `${head}\n\n${card(v.t, v.lang, draft, call)}`,
        choices: [
          { label: v.t(editing ? 'nowbeall:preview.save' : 'nowbeall:preview.send'), value: 'send' },
          { label: v.t('nowbeall:preview.change'), value: 'change' },
        ],
        columns: 1,
      };
    },
    async onChoice(ctx, value) {
      if (value === 'change') {
        ctx.state.returnTo = 'preview';
        return goto('field');
      }
      if (value !== 'send') return fail('common:button.invalid');
      const { call, draft, editing } = ctx.state;
      if (!call || !draft.theme || !draft.title || !draft.body || !draft.actor) return fail('nowbeall:preview.incomplete');
      const fields: ProposalFields = { theme: draft.theme, title: draft.title, body: draft.body, actor: draft.actor, ...(draft.territory ? { territory: draft.territory } : {}), ...(draft.spiral ? { spiral: draft.spiral } : {}) };
      const who = { pseudonym: ctx.person.pseudonym, key: ctx.person.key };
      if (editing) {
        const p = await editPending(ctx.services, editing, who.pseudonym, fields);
        ctx.say(ctx.t('nowbeall:preview.saved', { id: p.id, title: p.title }));
        return end();
      }
      // Stored (and followed) before the confirmation is written: the person is never told of a proposal that is not there.
      const p = await sendProposal(ctx.services, call.id, fields, ctx.lang, who, names(ctx));
      ctx.say(ctx.t('nowbeall:preview.sent', { id: p.id, title: p.title }));
      return end();
    },
  },
  field: {
    prompt(v) {
      const fields: string[] = ['theme', 'title', 'body', 'actor'];
      if ((v.state.call?.territories.length ?? 0) > 0) fields.push('territory');
      if (v.state.criteria.length > 0) fields.push('spiral');
      return {
        text: v.t('nowbeall:preview.field'),
        choices: [...fields.map((f) => ({ label: v.t(`nowbeall:field.${f}`), value: f })), { label: v.t('nowbeall:preview.back'), value: 'preview' }],
        columns: 2,
      };
    },
    onChoice(ctx, value) {
      ctx.state.returnTo = 'preview';
      switch (value) {
        case 'preview':
          return goto('preview');
        case 'theme':
        case 'title':
        case 'body':
        case 'actor':
        case 'territory':
        case 'spiral':
          return goto(value);
        default:
          return fail('common:button.invalid');
      }
    },
  },
};
