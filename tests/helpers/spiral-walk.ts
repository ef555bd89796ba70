// The two halves of a whole SPIRAL questionnaire the platform tests walk through in the chat,
// whatever the platform: the facilitator's group and one citizen's answers.
import { expect } from 'vitest';

/** Someone in the bot's private chat; each call resolves with what the bot answered. */
export interface ChatPerson {
  say(text: string): Promise<string>;
  /** Presses the button whose value (token) matches. */
  press(value: RegExp): Promise<string>;
  pressLabel(label: RegExp): Promise<string>;
}

/**
 * The facilitator, right after `/spiral new`: "Young people of Mons" in Mons, with young people,
 * in English, 2026, three questions, citizens rating their own criteria. Resolves with the
 * bot's last answer, which carries the join code.
 */
export async function createMonsGroup(boss: ChatPerson): Promise<string> {
  await boss.say('Young people of Mons');
  await boss.say('Mons');
  await boss.pressLabel(/Young/);
  await boss.say('en');
  await boss.say('2026');
  await boss.press(/./); // three questions
  return boss.press(/./); // citizens rate their own criteria
}

/**
 * A citizen at the first of the three questions types two of `ideas` per question (each echoed
 * back), is done with each, then with the review, leaves the classification to the facilitator
 * and rates every idea 4.
 */
export async function answerQuestionnaire(person: ChatPerson, ideas: string[]): Promise<void> {
  for (let q = 0; q < 3; q++) {
    for (const idea of ideas.slice(q * 2, q * 2 + 2)) expect(await person.say(idea)).toContain(idea);
    await person.press(/^!done$/);
  }
  await person.press(/^!done$/); // the review
  await person.press(/\.rest$/); // classification left to the facilitator
  for (let i = 0; i < ideas.length; i++) await person.press(/\.r\.4$/);
}
