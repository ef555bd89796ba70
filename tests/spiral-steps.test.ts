import { afterEach, describe, expect, it } from 'vitest';
import type { UserDoc } from '../src/engine/index.ts';
import type { FakeUser } from './helpers/memory-channel.ts';
import { cleanup, citizen, createGroup, lastText, startSpiralBot, texts, valueOf, type SpiralBot } from './helpers/spiral-harness.ts';

/** A group, and ana in it having given `idea` to its first question (none: just joined). */
async function anaJoined(idea?: string): Promise<{ b: SpiralBot; code: string; ana: FakeUser }> {
  const b = (bot = await startSpiralBot());
  const code = await createGroup(b, await citizen(b, 'boss'));
  const ana = await citizen(b, 'ana');
  await ana.send(`/spiral ${code}`);
  if (idea) await ana.send(idea);
  return { b, code, ana };
}

/** Rewrites ana's document as the engine before Core v2 would have saved it, then restarts the bot on it; ana on the new bot. */
async function savedByOldEngine(b: SpiralBot, change: (doc: UserDoc) => void): Promise<{ b: SpiralBot; ana: FakeUser }> {
  const store = b.core.services.store;
  const doc = (await store.loadUser(store.keyOf('memory:ana')))!;
  change(doc);
  await store.saveUser(doc);
  const restarted = (bot = await b.restart());
  return { b: restarted, ana: restarted.user('ana', 'en') };
}

/** The questionnaire vars of the old engine for a group (no `kind`, no typed state). */
const oldVars = (code: string, extra: Record<string, unknown> = {}) => ({ g: code, qs: ['wellbeing', 'illbeing', 'actions'], title: 'Young people of Namur', rating: 'criteria', floor: 0, ...extra });

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

describe('SPIRAL on Core v2: namespaced actions, older buttons', () => {
  it('its buttons are namespaced by the flow, and a bare button sent before still works', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const a = await createGroup(bot, boss, { name: 'Group A' });
    const b = await createGroup(bot, boss, { name: 'Group B' });
    const ana = await citizen(bot, 'ana');
    await ana.send(`/spiral ${a}`);
    await ana.send('Friends');
    await ana.send(`/spiral ${b}`);
    await ana.send('/spiral');
    const values = ana.buttons().map((x) => valueOf(x.token));
    expect(values).toContain(`#spiral.sgo:${a}`);
    expect(values).toContain('#spiral.salone');
    expect(values.filter((v) => /^#s(go|alone|fr|fx)\b/.test(v))).toEqual([]);
    // The same button as an older message carried it: a bare action name.
    const button = ana.buttons().find((x) => valueOf(x.token) === `#spiral.sgo:${a}`)!;
    await ana.pressToken(button.token.replace(`#spiral.sgo:${a}`, `#sgo:${a}`));
    expect(ana.transcript()).toContain('Welcome back to “Group A”');
    expect(lastText(ana)).toContain('ideas so far: 1');
    await ana.send('/spiral');
    const alone = ana.buttons().find((x) => valueOf(x.token) === '#spiral.salone')!;
    expect(texts(await ana.pressToken(alone.token.replace('#spiral.salone', '#salone')))).toContain('Which territory');
  });

  it('/forget removes the reminder planned when joining (a job about the person)', async () => {
    const { b, ana } = await anaJoined();
    const key = b.core.services.store.keyOf('memory:ana');
    expect((await b.core.scheduler.list()).filter((j) => j.about === key).map((j) => j.kind)).toEqual(['spiral-nudge']);
    await ana.send('/forget');
    await ana.press(/Yes|erase/i);
    expect((await b.core.scheduler.list()).filter((j) => j.about === key)).toEqual([]);
  });
});

describe('SPIRAL: where a person stood in a group', () => {
  it('a detour that replaces the questionnaire (creating a group) resumes where they last answered', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const code = await createGroup(bot, boss);
    await boss.send(`/spiral ${code}`);
    await boss.send('Friends');
    await boss.send('/done');
    await boss.send('Loneliness');
    expect(lastText(boss)).toContain('Idea 2 noted');
    await boss.send('/spiral new');
    expect(lastText(boss)).toContain('New group: step 1 of 7');
    await boss.send('/cancel');
    expect(texts(await boss.send(`/spiral ${code}`))).toContain('Welcome back');
    expect(lastText(boss)).toContain('Question 2 of 3 · ideas so far: 2');
  });
});

describe('SPIRAL: positions saved by the engine before Core v2 still resume', () => {
  it('a session at a question (old vars) takes the next idea for that question', async () => {
    const { b, code } = await anaJoined('Friends');
    const { b: after, ana: again } = await savedByOldEngine(b, (doc) => {
      doc.session = { flow: 'spiral', version: 1, step: 'q.illbeing', stepIndex: 1, history: ['q.wellbeing'], vars: oldVars(code), startedAt: doc.session!.startedAt };
    });
    expect(texts(await again.send('Loneliness'))).toContain('Idea 2 noted: “Loneliness”');
    const p = await after.participation('ana', code);
    expect(p?.criteria.map((c) => [c.question, c.text])).toEqual([
      ['wellbeing', 'Friends'],
      ['illbeing', 'Loneliness'],
    ]);
    await again.send('/back');
    expect(lastText(again)).toContain('Question 1 of 3');
  });

  it('a session at a step that became a sub-flow (the family list) resumes at the classification', async () => {
    const { b, code } = await anaJoined('Noise at night');
    const id = (await b.participation('ana', code))!.criteria[0]!.id;
    const { b: after, ana: again } = await savedByOldEngine(b, (doc) => {
      doc.session = { flow: 'spiral', version: 1, step: 'family', stepIndex: 8, history: ['q.wellbeing', 'q.illbeing', 'q.actions', 'review', 'classify'], vars: oldVars(code, { idea: id }), startedAt: doc.session!.startedAt };
    });
    await again.send('F'); // a family letter, as the classification takes it
    expect(lastText(again)).toContain('component');
    expect((await after.participation('ana', code))?.criteria[0]).toMatchObject({ family: 'F', classifiedBy: expect.any(String) });
    await again.send('/skip'); // the family alone
    expect((await after.participation('ana', code))?.criteria[0]?.family).toBe('F');
    expect(lastText(again)).toContain('Rating');
  });

  it('a group left at the edit step (an old resume point) resumes at the list of ideas', async () => {
    const { b, code } = await anaJoined('Friends');
    const id = (await b.participation('ana', code))!.criteria[0]!.id;
    const { ana: again } = await savedByOldEngine(b, (doc) => {
      delete doc.session;
      const p = (doc.flows.spiral as { groups: Record<string, Record<string, unknown>> }).groups[code]!;
      p.resume = { step: 'edit', vars: oldVars(code, { idea: id, ret: 'q.wellbeing' }), history: ['q.wellbeing', 'review', 'idea'] };
    });
    expect(texts(await again.send(`/spiral ${code}`))).toContain('Welcome back');
    expect(lastText(again)).toContain('Your ideas for');
    await again.send('/done'); // opened from the first question: back there
    expect(lastText(again)).toContain('Question 1 of 3 · ideas so far: 1');
  });
});
