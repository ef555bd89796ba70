import type { Next, Step, Turn } from '../../../src/engine/index.ts';
import { invalid, stay } from '../../../src/engine/index.ts';
import { enter } from '../enter.ts';
import { addDays, createGroupRecord, currentCycle, knownTerritories, territoryKey } from '../groups.ts';
import { spiralRecords } from '../records.ts';
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
  const vars: AloneVars = { territories: (await knownTerritories(await spiralRecords(turn.services.store))).slice(0, 16) };
  turn.begin(FLOW_ID, { step: 'alone', vars: vars as unknown as Record<string, unknown> });
}

async function joinIndividual(turn: Turn, typed: string): Promise<Next> {
  const name = typedName(turn, typed, 80);
  if ('problem' in name) return invalid(name.problem);
  const territory = name.value;
  const r = await spiralRecords(turn.services.store);
  const now = turn.now;
  const cycle = await currentCycle(r, now);
  const key = `${territoryKey(territory)}|${cycle.id}`;
  const make = (code: string): Group => ({
    code,
    kind: 'individual',
    name: '',
    territory,
    profile: 'individual',
    lang: '',
    cycle: cycle.id,
    questionSet: cycle.questionSet,
    rating: 'criteria',
    createdAt: now.toISOString(),
    expiresAt: addDays(now, 365 * INDIVIDUAL_YEARS),
    memberCount: 0,
  });
  const known = await r.individual.get(key);
  let group = known ? await r.groups.get(known.group) : undefined;
  if (!group) {
    await r.cycles.update(cycle.id, (c) => c ?? { ...cycle });
    const made = await createGroupRecord(r, make);
    // One individual group per territory and cycle: of two made at once, the first recorded is used.
    const chosen = (await r.individual.update(key, (cur) => (cur && cur.group !== known?.group ? cur : { id: key, group: made.code })))!;
    if (chosen.group !== made.code) await r.groups.delete(made.code);
    group = (await r.groups.get(chosen.group))!;
  }
  await enter(turn, group);
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
