import type { ReadServices } from '../../src/engine/index.ts';
import { FAMILY_CODES, isComponentCode, type FamilyCode } from './grid/index.ts';
import { allGroups } from './groups.ts';
import { effective, membersOf, reviewsOf, type Member } from './members.ts';
import { spiralRecords } from './records.ts';
import { ALL_QUESTIONS } from './questions.ts';
import type { QuestionId, Review } from './types.ts';
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

export function groupStats(reviews: Record<string, Review>, members: Member[]): GroupStats {
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
      const e = effective(c, reviews[c.id]);
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

/** Figures for `together stats`: group by group, through the members index. */
export async function flowStats(services: ReadServices): Promise<Record<string, number>> {
  const groups = await allGroups(await spiralRecords(services.store));
  const s = { groups: groups.filter((g) => g.kind === 'group').length, individualGroups: groups.filter((g) => g.kind === 'individual').length, participations: 0, finished: 0, criteria: 0, classified: 0, reviewed: 0, ratings: 0 };
  const damaged = new DamagedFiles(services);
  for (const g of groups) {
    const reviews = await reviewsOf(services, g.code);
    for (const { p } of await membersOf(services, g, undefined, damaged)) {
      s.participations += 1;
      if (p.finishedAt) s.finished += 1;
      s.criteria += p.criteria.length;
      s.classified += p.criteria.filter((c) => c.family || reviews[c.id]).length;
      s.reviewed += p.criteria.filter((c) => reviews[c.id]).length;
      s.ratings += Object.keys(p.ratings).length;
    }
  }
  return s;
}
