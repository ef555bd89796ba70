import { afterEach, describe, expect, it } from 'vitest';
import { groupsDoc } from '../flows/spiral/groups.ts';
import { spiralGroupExists } from '../flows/spiral/index.ts';
import { pseudonymExists } from '../flows/spiral/people.ts';
import { citizen, cleanup, startSpiralBot, texts, type SpiralBot } from './helpers/spiral-harness.ts';

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

const NOW = '2026-03-01T09:00:00.000Z';
const LATER = '2026-12-31T09:00:00.000Z';

/** An installation from before records: everything in shared/spiral-groups.json. */
async function oldInstallation(b: SpiralBot, members: string[], facilitator: string) {
  const doc = await groupsDoc(b.core.services);
  await doc.update((d) => {
    d.groups.K7M2QX = {
      code: 'K7M2QX', kind: 'group', name: 'Old group', territory: 'Namur', profile: 'young', lang: 'en', cycle: '2025', questionSet: 'spiral3',
      rating: 'criteria', createdAt: NOW, expiresAt: LATER, maxMembers: 3, members, facilitators: [facilitator],
      reviews: { abc123: { family: 'D', by: facilitator, at: NOW } },
    };
    d.cycles['2025'] = { id: '2025', questionSet: 'spiral3', createdAt: NOW };
    d.currentCycle = '2025';
    d.facilitators[facilitator] = { since: NOW };
    d.invitations.FBCDFGHJ = { code: 'FBCDFGHJ', createdBy: facilitator, createdAt: NOW, expiresAt: LATER };
  });
}

describe('SPIRAL records: the one-time move of the older shared document', () => {
  it('moves groups, members, roles, reviews, cycles and invitations into records once, then empties the document', async () => {
    bot = await startSpiralBot();
    const store = bot.core.services.store;
    const ana = await citizen(bot, 'ana');
    const anaDoc = (await store.loadUser(store.keyOf('memory:ana')))!;
    await oldInstallation(bot, [anaDoc.key, 'k2'], 'p-fac0001');
    // The first opening moves everything.
    const g = await bot.group('K7M2QX');
    expect(g).toMatchObject({ name: 'Old group', memberCount: 2, maxMembers: 3, members: [anaDoc.key, 'k2'].sort(), facilitators: ['p-fac0001'] });
    expect(g?.reviews).toEqual({ abc123: { family: 'D', by: 'p-fac0001', at: NOW } });
    expect(await bot.generalFacilitators()).toEqual(['p-fac0001']);
    expect((await bot.cycles()).map((c) => c.id)).toEqual(['2025']);
    expect(await spiralGroupExists(store, 'K7M2QX')).toBe(true);
    // People known before the move can be named by pseudonym.
    expect(await pseudonymExists(store, anaDoc.pseudonym)).toBe(true);
    const after = (await groupsDoc(bot.core.services)).data;
    expect(after.groups).toEqual({});
    expect(after.facilitators).toEqual({});
    // The moved data works: the invitation is spent once, the limit counts the moved members.
    expect(texts(await ana.send('/spiral FBCDFGHJ'))).toContain('You are now a facilitator');
    expect(texts(await (await citizen(bot, 'bo')).send('/spiral FBCDFGHJ'))).toContain('already used or expired');
    expect(texts(await (await citizen(bot, 'cy')).send('/spiral K7M2QX'))).toContain('Welcome to');
    expect(texts(await (await citizen(bot, 'di')).send('/spiral K7M2QX'))).toContain('is full (3 participants)');
    // Nothing is moved twice: a restart finds an empty document and keeps the records.
    bot = await bot.restart();
    expect((await bot.group('K7M2QX'))?.memberCount).toBe(3);
  });

  it('a new group is found by another flow through spiralGroupExists; an unknown code is not', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    await boss.send('/spiral new');
    for (const answer of ['Group of Mons', 'Mons', 'Neighbours', 'en', '2026']) await boss.send(answer);
    await boss.pressToken(boss.buttons()[0]!.token);
    await boss.pressToken(boss.buttons()[0]!.token);
    const [g] = await bot.groups();
    expect(await spiralGroupExists(bot.core.services.store, g!.code)).toBe(true);
    expect(await spiralGroupExists(bot.core.services.store, 'ZZZZZZ')).toBe(false);
  });

  it('/forget removes the pseudonym from the index: it cannot be named any more', async () => {
    bot = await startSpiralBot();
    const store = bot.core.services.store;
    const ana = await citizen(bot, 'ana');
    await ana.send('/mydata');
    const pseudonym = (await store.loadUser(store.keyOf('memory:ana')))!.pseudonym;
    expect(await pseudonymExists(store, pseudonym)).toBe(true);
    await ana.send('/forget');
    await ana.press(/Yes|erase/i);
    expect(await pseudonymExists(store, pseudonym)).toBe(false);
  });
});
