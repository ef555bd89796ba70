import type { Next, Step, Turn } from '../../../src/engine/index.ts';
import { invalid, stay } from '../../../src/engine/index.ts';
import { enter } from '../enter.ts';
import { addDays, currentCycle, groupsDoc, knownTerritories, newGroupCode, territoryKey } from '../groups.ts';
import { FLOW_ID } from '../participant.ts';
import type { Group } from '../types.ts';
import { typedName } from './create.ts';

// Individual answers are not run by anyone in particular and have no join code to pass on.
const INDIVIDUAL_YEARS = 10;

interface AloneVars {
  territories: string[];
}

/** `/spiral alone [territory]`: answering without a group, in the individual group of one's territory. */
export async function startAlone(turn: Turn, territory: string): Promise<void> {
  if (territory.trim()) {
    // Text that turns out blank once cleaned (zero-width spaces) is refused there, not taken as "no territory".
    const result = await joinIndividual(turn, territory);
    if (result.kind === 'invalid') turn.say(result.message);
    return;
  }
  const doc = (await groupsDoc(turn.services)).data;
  const vars: AloneVars = { territories: knownTerritories(doc).slice(0, 16) };
  turn.begin(FLOW_ID, { step: 'alone', vars: vars as unknown as Record<string, unknown> });
}

async function joinIndividual(turn: Turn, typed: string): Promise<Next> {
  const name = typedName(turn, typed, 80);
  if ('problem' in name) return invalid(name.problem);
  const territory = name.value;
  const doc = await groupsDoc(turn.services);
  const now = turn.now;
  const group = await doc.update((d): Group => {
    const cycle = currentCycle(d, now);
    const key = `${territoryKey(territory)}|${cycle.id}`;
    const existing = d.individual[key] ? d.groups[d.individual[key]] : undefined;
    if (existing) return existing;
    d.cycles[cycle.id] ??= cycle;
    const g: Group = {
      code: newGroupCode(d),
      kind: 'individual',
      name: '',
      territory,
      profile: 'individual',
      lang: '',
      cycle: cycle.id,
      questionSet: cycle.questionSet,
      rating: 'criteria',
      facilitators: [],
      createdAt: now.toISOString(),
      expiresAt: addDays(now, 365 * INDIVIDUAL_YEARS),
      members: [],
      reviews: {},
    };
    d.groups[g.code] = g;
    d.individual[key] = g.code;
    return g;
  });
  await enter(turn, structuredClone(group));
  return stay();
}

export const aloneSteps: Step[] = [
  {
    id: 'alone',
    prompt(turn) {
      const v = turn.user.session!.vars as unknown as AloneVars;
      return { text: turn.t('spiral:alone.ask'), choices: v.territories.map((x, i) => ({ label: x, value: `a.${i}` })) };
    },
    onText: (turn, text) => joinIndividual(turn, text),
    onChoice(turn, value) {
      const v = turn.user.session!.vars as unknown as AloneVars;
      const territory = value.startsWith('a.') ? v.territories[Number(value.slice(2))] : undefined;
      return territory ? joinIndividual(turn, territory) : invalid(turn.t('common:button.invalid'));
    },
  },
];
