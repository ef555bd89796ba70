import type { Flow } from '../src/engine/index.ts';
import { next, stay } from '../src/engine/index.ts';

/** Ideas a bench user keeps; older ones drop off so a user answered many times keeps a realistic document size. */
export const KEEP_IDEAS = 12;

export interface BenchData {
  intro?: string;
  ideas: { text: string; at: string }[];
}

/**
 * The benchmark's flow: a short intro question, then a list question where each text answer
 * is appended to the user's data and acknowledged, staying on the step (like a SPIRAL question).
 * Plain strings, no locale file: it must not depend on what other flows ship.
 */
export const benchFlow: Flow = {
  id: 'bench',
  version: 1,
  requiresConsent: true,
  steps: [
    {
      id: 'intro',
      prompt: () => ({ text: 'In a few words, who are you?' }),
      onText(turn, text) {
        turn.data<BenchData>('bench', () => ({ ideas: [] })).intro = text.slice(0, 200);
        return next();
      },
    },
    {
      id: 'ideas',
      list: true,
      progress: (turn) => `Question 1 of 1 · ${turn.data<BenchData>('bench', () => ({ ideas: [] })).ideas.length} ideas so far`,
      prompt: () => ({ text: 'What do you understand by well-being? One idea per message; /done when finished.' }),
      onText(turn, text) {
        const data = turn.data<BenchData>('bench', () => ({ ideas: [] }));
        data.ideas.push({ text: text.slice(0, 500), at: turn.now.toISOString() });
        if (data.ideas.length > KEEP_IDEAS) data.ideas.splice(0, data.ideas.length - KEEP_IDEAS);
        turn.say(`Noted: “${text.slice(0, 60)}”. Another idea, or /done.`);
        return stay();
      },
    },
  ],
};
