/**
 * Picking axes and working groups: two list steps, so that a long list is paged by the engine.
 * Each press toggles one, stored before it is confirmed; Done goes back to the menu.
 */
import { end, reprompt, type Services, type StepDef } from '../../../src/engine/index.ts';
import { textIn } from '../types.ts';
import type { PlanAction, PlanData } from './act.ts';
import { setAxis, setGroup } from './follow.ts';
import { planChoices } from './menu.ts';
import { getMember } from './store.ts';

/** The names and what the member follows, read once when the step opens and after each press. */
export interface PickState {
  items: { id: string; name: string }[];
  on: string[];
}

export type PickStep = 'axes' | 'groups';

const mark = (on: boolean) => (on ? '✅' : '▫️');

function pickStep(which: PickStep): StepDef<PickState, PlanData, PickStep, void, PlanAction> {
  return {
    list: true,
    prompt: (v) => ({
      text: v.t(`plan:pick.${which}`),
      choices: v.state.items.map((i) => ({ label: `${mark(v.state.on.includes(i.id))} ${i.name}`, value: i.id })),
      columns: 1,
    }),
    async onChoice(ctx, id) {
      const item = ctx.state.items.find((i) => i.id === id);
      if (!item) return reprompt();
      const on = !ctx.state.on.includes(id);
      const member = await (which === 'axes' ? setAxis : setGroup)(ctx.services, ctx.person.key, id, on);
      if (!member) return end();
      ctx.state.on = which === 'axes' ? member.follows.axes : member.follows.groups;
      ctx.say(ctx.t(on ? 'plan:pick.on' : 'plan:pick.off', { name: item.name }));
      return reprompt();
    },
    onDone: () => end(),
  };
}

export const pickSteps = { axes: pickStep('axes'), groups: pickStep('groups') };

/** The state a picker opens with; undefined when the plan has none of these. */
export async function pickState(services: Services, key: string, lang: string, which: PickStep): Promise<PickState | undefined> {
  const items = (await planChoices({ services }, which)).map((r) => ({ id: r.id, name: textIn(r.name, lang) }));
  if (items.length === 0) return undefined;
  const member = await getMember(services, key);
  return { items, on: (which === 'axes' ? member?.follows.axes : member?.follows.groups) ?? [] };
}
