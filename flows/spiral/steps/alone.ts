import { stay, UserError } from '../../../src/engine/index.ts';
import { enter } from '../enter.ts';
import { addDays, createGroupRecord, currentCycle, knownTerritories, territoryKey } from '../groups.ts';
import type { SpiralContext, SpiralDecision, SpiralStepDef } from '../nav.ts';
import { spiralRecords } from '../records.ts';
import { choosing, type ChoosingTerritory } from '../state.ts';
import type { Group } from '../types.ts';
import { typedName } from './create.ts';

// Individual answers are not run by anyone in particular and have no join code to pass on.
const INDIVIDUAL_YEARS = 10;

/** `/spiral alone [territory]`: answering without a group, in the individual group of one's territory. */
export async function startAlone(ctx: SpiralContext, territory: string): Promise<void> {
  // Text that turns out blank once cleaned (zero-width spaces) is refused there (a UserError), not taken as "no territory".
  if (territory.trim()) return void (await joinIndividual(ctx, territory));
  const state: ChoosingTerritory = { kind: 'alone', territories: (await knownTerritories(await spiralRecords(ctx.services.store))).slice(0, 16) };
  ctx.openAt('alone', state);
}

async function joinIndividual(ctx: SpiralContext, typed: string): Promise<SpiralDecision> {
  const territory = typedName(typed, 80);
  const r = await spiralRecords(ctx.services.store);
  const now = ctx.now;
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
  // Entering the group starts its questionnaire in place of this step.
  await enter(ctx, group);
  return stay();
}

/** The territories already known, as buttons, or one typed. */
export const aloneStep: SpiralStepDef = {
  skipIf: (v) => v.state.kind !== 'alone',
  prompt(v) {
    return { text: v.t('spiral:alone.ask'), choices: choosing(v.state).territories.map((x, i) => ({ label: x, value: `a.${i}` })) };
  },
  onText: (ctx, text) => joinIndividual(ctx, text),
  onChoice(ctx, value) {
    const territory = value.startsWith('a.') ? choosing(ctx.state).territories[Number(value.slice(2))] : undefined;
    if (!territory) throw new UserError('common:button.invalid');
    return joinIndividual(ctx, territory);
  },
};
