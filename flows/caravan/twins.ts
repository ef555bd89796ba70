import type { Stop } from './types.ts';

const squash = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** "Same town, date and venue" (case, accents and punctuation aside) as one key: the id of its twin claim. */
export function fold(stop: Pick<Stop, 'town' | 'date' | 'venue'>): string {
  return `${squash(stop.town)}|${stop.date}|${squash(stop.venue)}`;
}
