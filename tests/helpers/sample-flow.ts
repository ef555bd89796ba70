import type { Flow } from '../../src/engine/index.ts';
import { invalid, next, stay } from '../../src/engine/flow.ts';

interface Answers {
  name?: string;
  ideas: string[];
  color?: string;
  comment?: string;
}

/** A small flow exercising every engine feature: text, list, choices (paged), optional step. */
export function sampleFlow(version = 1, stepIds = ['name', 'ideas', 'color', 'comment']): Flow {
  const data = (turn: Parameters<NonNullable<Flow['onEnd']>>[0]) => turn.data<Answers>('sample', () => ({ ideas: [] }));
  const all = {
    name: {
      id: 'name',
      progress: () => 'Question 1 of 4',
      prompt: () => ({ text: 'What is your name?' }),
      onText(turn: any, text: string) {
        if (text.length > 50) return invalid('Too long name');
        data(turn).name = text;
        return next();
      },
    },
    ideas: {
      id: 'ideas',
      list: true,
      progress: (turn: any) => `Question 2 of 4, ${data(turn).ideas.length} ideas so far`,
      prompt: () => ({ text: 'Your ideas, one per message.' }),
      onText(turn: any, text: string) {
        data(turn).ideas.push(text);
        turn.say(`Noted: ${text}`);
        return stay();
      },
    },
    color: {
      id: 'color',
      prompt: () => ({
        text: 'Pick a colour',
        choices: Array.from({ length: 11 }, (_, i) => ({ label: `Colour ${i + 1}`, value: `c${i + 1}` })),
      }),
      onChoice(turn: any, value: string) {
        data(turn).color = value;
        return next();
      },
    },
    comment: {
      id: 'comment',
      optional: true,
      prompt: () => ({ text: 'Any comment?' }),
      onText(turn: any, text: string) {
        data(turn).comment = text;
        return next();
      },
    },
  } as const;
  return {
    id: 'sample',
    version,
    requiresConsent: true,
    steps: stepIds.map((id) => all[id as keyof typeof all]),
    commands: {
      sample: (turn) => turn.begin('sample'),
    },
    onEnd(turn) {
      turn.say(`Thanks ${data(turn).name}: ${data(turn).ideas.length} ideas, colour ${data(turn).color}`);
    },
    help: [{ command: 'sample', description: 'common:flowNames.spiral' }],
  };
}
