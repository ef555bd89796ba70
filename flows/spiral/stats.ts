import type { ReadServices } from '../../src/engine/index.ts';
import { FAMILY_CODES, isComponentCode, type FamilyCode } from './grid/index.ts';
import { groupsDoc } from './groups.ts';
import { spiralDataOf } from './participant.ts';
import { effective, type Member } from './members.ts';
import { ALL_QUESTIONS } from './questions.ts';
import type { Group, QuestionId } from './types.ts';
import { DamagedFiles } from './damaged.ts';

/** A mean and how many values it is made of. */
export interface Mean {
  count: number;
  average: number | null;
}

/** A group's figures: participation, ideas per question and per family, average ratings. */
export interface GroupStats {
  participants: number;
  finished: number;
  ideas: number;
  perQuestion: Record<QuestionId, number>;
  /** Ideas per family and question; "none" holds the unclassified. */
  perFamily: Record<FamilyCode | 'none', Record<QuestionId, number>>;
  ratings: Mean;
  ratingPerFamily: Record<FamilyCode, Mean>;
  ratingPerQuestion: Record<QuestionId, Mean>;
}

const byQuestion = (): Record<QuestionId, number> => ({ wellbeing: 0, illbeing: 0, actions: 0, future: 0 });

class Averager {
  #sum = 0;
  #n = 0;
  add(v: number): void {
    this.#sum += v;
    this.#n += 1;
  }
  get mean(): Mean {
    return { count: this.#n, average: this.#n ? Math.round((this.#sum / this.#n) * 10) / 10 : null };
  }
}

export function groupStats(group: Group, members: Member[]): GroupStats {
  const perQuestion = byQuestion();
  const perFamily = Object.fromEntries([...FAMILY_CODES, 'none'].map((f) => [f, byQuestion()])) as GroupStats['perFamily'];
  const all = new Averager();
  const fam = Object.fromEntries(FAMILY_CODES.map((f) => [f, new Averager()])) as Record<FamilyCode, Averager>;
  const q = Object.fromEntries(ALL_QUESTIONS.map((x) => [x, new Averager()])) as Record<QuestionId, Averager>;
  let ideas = 0;
  for (const { p } of members) {
    for (const c of p.criteria) {
      ideas += 1;
      perQuestion[c.question] += 1;
      const e = effective(c, group.reviews[c.id]);
      perFamily[e.family ?? 'none'][c.question] += 1;
      const r = p.ratings[c.id];
      if (r) {
        all.add(r.value);
        q[c.question].add(r.value);
        if (e.family) fam[e.family].add(r.value);
      }
    }
    // Components mode: the rating belongs to the component, hence to its family.
    for (const [id, r] of Object.entries(p.ratings)) {
      if (!isComponentCode(id)) continue;
      all.add(r.value);
      fam[id[0] as FamilyCode].add(r.value);
    }
  }
  return {
    participants: members.length,
    finished: members.filter((m) => m.p.finishedAt).length,
    ideas,
    perQuestion,
    perFamily,
    ratings: all.mean,
    ratingPerFamily: Object.fromEntries(FAMILY_CODES.map((f) => [f, fam[f].mean])) as Record<FamilyCode, Mean>,
    ratingPerQuestion: Object.fromEntries(ALL_QUESTIONS.map((x) => [x, q[x].mean])) as Record<QuestionId, Mean>,
  };
}

export const total = (counts: Record<QuestionId, number>): number => ALL_QUESTIONS.reduce((s, x) => s + counts[x], 0);

/** Figures for `together stats`. */
export async function flowStats(services: ReadServices): Promise<Record<string, number>> {
  const doc = (await groupsDoc(services)).data;
  const groups = Object.values(doc.groups);
  const s = { groups: groups.filter((g) => g.kind === 'group').length, individualGroups: groups.filter((g) => g.kind === 'individual').length, participations: 0, finished: 0, criteria: 0, classified: 0, reviewed: 0, ratings: 0 };
  for await (const user of services.store.eachUser(new DamagedFiles(services).add)) {
    for (const p of Object.values(spiralDataOf(user)?.groups ?? {})) {
      s.participations += 1;
      if (p.finishedAt) s.finished += 1;
      s.criteria += p.criteria.length;
      s.classified += p.criteria.filter((c) => c.family || doc.groups[p.group]?.reviews[c.id]).length;
      s.reviewed += p.criteria.filter((c) => doc.groups[p.group]?.reviews[c.id]).length;
      s.ratings += Object.keys(p.ratings).length;
    }
  }
  return s;
}
