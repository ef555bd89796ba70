import { afterEach, describe, expect, it } from 'vitest';
import { jobsAbout } from '../src/scheduler/person-jobs.ts';
import { cleanup, citizen, createGroup, files, lastText, pressValue, startSpiralBot, texts, type SpiralBot } from './helpers/spiral-harness.ts';
import { allFileText } from './helpers/data-folder.ts';

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});


const NAME = 'Zenobia Quaglietti';
const ID = 'zen-90417';

/** Zenobia: a named person who answers in one group, co-facilitates another, invites and reviews. */
async function zenobia(b: SpiralBot) {
  const boss = await citizen(b, 'boss');
  const answered = await createGroup(b, boss, { name: 'Parents of Jambes' });
  const facilitated = await createGroup(b, boss, { name: 'Elders of Salzinnes' });
  const other = await citizen(b, 'other');
  await other.send(`/spiral ${facilitated}`);
  await other.send('Visits from family');
  await other.send('Walks by the river');
  await boss.send(`/spiral facilitator ${facilitated}`);
  const invitation = /\b(F[A-Z0-9]{7})\b/.exec(lastText(boss))![1]!;
  const z = b.user(ID, 'en');
  // The platform tells the person's display name with each message, as Telegram does.
  const named = async (text: string) => {
    const m = /^\/(\w+)\s*(.*)$/.exec(text);
    const address = b.channel.address(ID);
    const event = m ? { kind: 'command' as const, name: m[1]!, args: m[2]!, address, userName: NAME } : { kind: 'text' as const, text, address, userName: NAME };
    const handled = await b.channel.sink!({ ...event, updateId: b.channel.nextUpdateId() });
    await handled.delivered;
  };
  await named('/agree');
  await named(`/spiral ${answered}`);
  await named('Time with my children');
  await named(`/spiral ${invitation}`);
  await named(`/spiral facilitator ${facilitated}`);
  await named(`/spiral classify ${facilitated} 1 D01`);
  await named(`/spiral classify ${facilitated} 2 B`);
  const store = b.core.services.store;
  const key = store.keyOf(`memory:${ID}`);
  const doc = await store.loadUser(key);
  return { z, boss, answered, facilitated, key, pseudonym: doc!.pseudonym };
}

describe('/mydata shows what shared files hold about the person (item 7)', () => {
  it('lists groups answered and facilitated, invitations created, reviews done and scheduled jobs', async () => {
    bot = await startSpiralBot();
    const { z, answered, facilitated, key } = await zenobia(bot);
    expect(await jobsAbout(bot.core.services.store, key)).toHaveLength(1);
    const r = await z.send('/mydata');
    const text = texts(r);
    expect(text).toContain(`Parents of Jambes (${answered}): in progress`);
    expect(text).toContain(`you facilitate: ${facilitated}`);
    expect(text).toContain('facilitator invitations you created: 1');
    expect(text).toContain('classifications you reviewed as a facilitator: 2');
    expect(text).toContain('Scheduled messages about you: 1');
    const record = JSON.parse(new TextDecoder().decode(files(r)[0]!.content));
    expect(record.scheduled).toMatchObject([{ kind: 'spiral-nudge', payload: { group: answered } }]);
    expect(record.elsewhere.spiral).toMatchObject({
      memberOf: [answered],
      facilitatorOf: [facilitated],
      invitationsCreated: [{ group: facilitated, usedAt: null }],
      reviewsDone: [{ group: facilitated, family: 'D', component: 'D01' }, { group: facilitated, family: 'B' }],
    });
  });
});

describe('/forget leaves no trace in any data file (item 7)', () => {
  it('erases the file key, the pseudonym, the platform id and the name everywhere, shared files and jobs included', async () => {
    bot = await startSpiralBot();
    const { z, boss, facilitated, key, pseudonym } = await zenobia(bot);
    await bot.core.stop();
    const before = allFileText(bot.dir);
    for (const trace of [key, pseudonym, ID, NAME]) expect(before).toContain(trace);
    bot = await startSpiralBot({ dir: bot.dir });
    const again = bot.user(z.id, 'en');
    await again.send('/forget');
    expect(texts(await again.press(/Yes, erase/))).toContain('erased');
    await bot.core.stop();
    const after = allFileText(bot.dir);
    for (const trace of [key, pseudonym, ID, NAME]) expect(after, trace).not.toContain(trace);
    // The group keeps its work: the other member's ideas and the reviews, with nobody's name on them.
    bot = await startSpiralBot({ dir: bot.dir });
    const g = await bot.group(facilitated);
    expect(Object.values(g!.reviews).map((r) => [r.family, r.by])).toEqual([['D', ''], ['B', '']]);
    expect(g!.facilitators).toHaveLength(1);
    expect(texts(await bot.user(boss.id, 'en').send(`/spiral criteria ${facilitated}`))).toContain('Visits from family');
  });

  it('a reminder about a forgotten person never runs, even one already registered in the running scheduler', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const group = await createGroup(bot, boss);
    const u = await citizen(bot, 'gone');
    await u.send(`/spiral ${group}`);
    await u.send('Friends');
    await u.send('/forget');
    await pressValue(u, /forget:yes/);
    expect(await jobsAbout(bot.core.services.store, bot.core.services.store.keyOf('memory:gone'))).toEqual([]);
    expect((await bot.core.scheduler.list()).filter((j) => j.kind === 'spiral-nudge')).toEqual([]);
    await bot.advance(30 * 60 * 60 * 1000);
    expect(bot.channel.sent.filter((s) => s.chatId === 'gone' && s.reply.kind === 'text' && s.reply.text.includes('not finished yet'))).toEqual([]);
  });
});
