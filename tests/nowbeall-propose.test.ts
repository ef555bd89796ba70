/**
 * `/propose` end to end on the memory channel: the guided flow with similar proposals found
 * (in English and in French) and one supported instead, edit from the preview, the record
 * stored before the confirmation, edit while pending, withdraw, bad input, /mydata and /forget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dispose } from './helpers/harness.ts';
import { startCaravanBot, type CaravanBot } from './helpers/caravan-bot.ts';
import { texts, type FakeUser } from './helpers/memory-channel.ts';
import { nowbeall } from '../flows/nowbeall/index.ts';
import { nowbeallRecords } from '../flows/nowbeall/records.ts';
import { indexProposal, similar } from '../flows/nowbeall/similar.ts';
import { follow } from '../flows/nowbeall/notify.ts';
import type { Proposal } from '../flows/nowbeall/types.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const control = (b: CaravanBot, command: string, args: Record<string, unknown> = {}) => nowbeall.control![command]!(b.services, args, () => {});

async function openCall(b: CaravanBot, fields: Record<string, unknown> = {}) {
  return control(b, 'nowbeall.call.open', { id: 'nba-2026', title: ['NOW-BE-ALL 2026', 'fr:NOW-BE-ALL 2026 (fr)'], question: 'What would make life better for all here?', themes: 'Mobility, Housing', territories: 'Iași, Brussels', ...fields });
}

/** A published proposal by someone else, indexed as the moderation flow does when it approves one. */
async function published(b: CaravanBot, id: string, lang: string, title: string, body: string, theme = 'mobility'): Promise<Proposal> {
  const p: Proposal = { id, call: 'nba-2026', theme, title, body, actor: 'authorities', lang, status: 'published', author: `p-other-${id}`, createdAt: '2026-04-01T00:00:00.000Z', updatedAt: '2026-04-01T00:00:00.000Z', supports: 0, reports: 0 };
  const r = nowbeallRecords(b.services.store);
  await r.proposals.put(p);
  await r.counters.update('proposal', (c) => ({ id: 'proposal', next: Math.max(c?.next ?? 1, Number(id) + 1) }));
  await indexProposal(p);
  return p;
}

async function consent(u: FakeUser): Promise<void> {
  await u.send('/agree');
}

const proposalsOf = async (b: CaravanBot) => (await nowbeallRecords(b.services.store).proposals.find({})).records;

describe('/propose', () => {
  it('the whole guided flow: similar found in English, edit from the preview, stored before it is confirmed', async () => {
    bot = await startCaravanBot();
    await openCall(bot);
    await published(bot, '1', 'en', 'Safe cycle lanes around schools', 'Build protected cycle lanes on the streets around every school so that children can cycle safely.');
    await published(bot, '2', 'en', 'Cheaper social housing', 'More social housing with rents people can afford.', 'housing');
    await control(bot, 'nowbeall.call.open', { id: 'bxl-2026', title: 'Brussels 2026', question: 'Q?', themes: 'Culture' });
    const ana = bot.user('ana');
    await consent(ana);
    expect(texts(await ana.send('/propose'))).toContain('Which call is your proposal for?');
    expect(ana.buttons().map((b) => b.label)).toEqual(expect.arrayContaining(['NOW-BE-ALL 2026', 'Brussels 2026']));
    // The call's question and its themes.
    const theme = texts(await ana.press('NOW-BE-ALL 2026'));
    expect(theme).toContain('What would make life better for all here?');
    expect(ana.buttons().map((b) => b.label)).toEqual(expect.arrayContaining(['Mobility', 'Housing']));
    expect(texts(await ana.press('Mobility'))).toContain('short title (at most 120 characters)');
    await ana.send('Cycle lanes near every school');
    expect(texts(await ana.send('I propose safe cycling lanes near each school, protected from cars, so children can cycle to school.'))).toContain('Who should act');
    expect(texts(await ana.press('Public authorities'))).toContain('Which territory');
    const shown = texts(await ana.press('Brussels'));
    expect(shown).toContain('look like yours');
    expect(shown).toContain('#1 Safe cycle lanes around schools');
    expect(shown).not.toContain('housing');
    const preview = texts(await ana.press('Mine is different'));
    expect(preview).toContain('before it is sent');
    expect(preview).toContain('Title: Cycle lanes near every school');
    expect(preview).toContain('Territory: Brussels');
    // Edit from the preview: pick a field, change it, back at the preview.
    expect(texts(await ana.press('Change something'))).toContain('What would you like to change?');
    expect(texts(await ana.press('Title'))).toContain('Now: Cycle lanes near every school');
    const again = texts(await ana.send('Protected cycle lanes by schools'));
    expect(again).toContain('Title: Protected cycle lanes by schools');
    // The confirmation goes out only once the record is in the store.
    const storedWhenConfirmed: (Proposal | undefined)[] = [];
    bot.channel.deliverHook = async (_chat, reply) => {
      if (reply.kind === 'text' && reply.text.includes('is saved')) storedWhenConfirmed.push((await proposalsOf(bot!)).find((p) => p.author !== '' && !p.author.startsWith('p-other')));
    };
    const sent = texts(await ana.press('Send it'));
    expect(sent).toContain('Your proposal #3 “Protected cycle lanes by schools” is saved');
    expect(storedWhenConfirmed).toEqual([expect.objectContaining({ id: '3', status: 'pending' })]);
    const r = nowbeallRecords(bot.services.store);
    const p = await r.proposals.get('3');
    expect(p).toMatchObject({ call: 'nba-2026', theme: 'mobility', actor: 'authorities', territory: 'Brussels', lang: 'en', status: 'pending', supports: 0 });
    expect(await r.followers.find({ where: { proposal: '3' } })).toMatchObject({ records: [expect.objectContaining({ role: 'author', by: p!.author })] });
    // Pending proposals are never offered as similar.
    expect((await similar('protected cycle lanes schools', 'en', 'nba-2026', 3)).map((h) => h.id)).toEqual(['1']);
  }, 60_000);

  it('a French proposal finds the French one and supports it instead (nothing stored twice)', async () => {
    bot = await startCaravanBot();
    await openCall(bot);
    await published(bot, '1', 'fr', 'Des pistes cyclables sécurisées autour des écoles', 'Créer des pistes cyclables protégées dans les rues autour de chaque école.');
    await published(bot, '2', 'en', 'Safe cycle lanes around schools', 'Protected cycle lanes around every school.');
    const louis = bot.user('louis', 'fr');
    await consent(louis);
    await louis.send('/propose');
    await louis.press('Mobility');
    await louis.send('Piste cyclable devant l’école');
    await louis.send('Je propose une piste cyclable protégée devant chaque école du quartier.');
    await louis.press('Les citoyens');
    const shown = texts(await louis.press('Passer'));
    expect(shown).toContain('ressemblent à la vôtre');
    expect(shown).toContain('#1 Des pistes cyclables sécurisées');
    expect(shown).not.toContain('#2');
    expect(texts(await louis.press('Soutenir la n° 1'))).toContain('vous soutenez désormais la proposition n° 1');
    const r = nowbeallRecords(bot.services.store);
    expect(await r.proposals.get('1')).toMatchObject({ supports: 1 });
    expect(await r.supports.count({ proposal: '1' })).toBe(1);
    expect(await r.followers.count({ proposal: '1' })).toBe(1);
    // Nothing of Louis' own draft was stored.
    expect((await proposalsOf(bot)).map((p) => p.id).sort()).toEqual(['1', '2']);
  }, 60_000);

  it('bad input: empty, too long, markup kept as typed, a language the call does not take, a call that stopped collecting, a stale button', async () => {
    bot = await startCaravanBot();
    await openCall(bot, { territories: undefined });
    const ana = bot.user('ana');
    await consent(ana);
    await ana.send('/propose');
    await ana.press('Housing');
    expect(texts(await ana.send('x'.repeat(121)))).toContain('The title has 121 characters; at most 120 fit');
    expect(texts(await ana.send('   '))).toMatch(/empty|short title/i);
    await ana.send('<b>@everyone</b> *cheap* [rent](http://x)');
    expect(texts(await ana.send('y'.repeat(10_000)))).toContain('Your proposal has 10000 characters; at most 2000 fit');
    expect(texts(await ana.send('\u200b\u200b'))).toMatch(/empty[\s\S]*at most 2000 characters/);
    await ana.send('Rents capped at a third of income.');
    // A button of an earlier step no longer counts.
    const old = bot.channel.sent.filter((s) => s.chatId === 'ana' && s.reply.kind === 'text' && s.reply.buttons?.flat().some((b) => b.label === 'Mobility')).at(-1);
    const oldToken = old?.reply.kind === 'text' ? old.reply.buttons!.flat().find((b) => b.label === 'Mobility')!.token : '';
    expect(texts(await ana.pressToken(oldToken))).toContain('expired');
    await ana.press('Associations');
    // The call moves on before the person sends: refused clearly, nothing stored.
    await control(bot, 'nowbeall.call.phase', { id: 'nba-2026', phase: 'analysis' });
    expect(texts(await ana.press('Send it'))).toContain('The call “nba-2026” is not taking proposals any more');
    expect(await proposalsOf(bot)).toEqual([]);
    await ana.send('/cancel');
    expect(texts(await ana.send('/propose'))).toContain('No NOW-BE-ALL call is taking proposals right now');
    // A call in French and Romanian only, for someone writing in English.
    await control(bot, 'nowbeall.call.open', { id: 'nba-ro', title: 'Iași 2026', question: 'Ce ar face viața mai bună?', themes: 'Mobilitate', languages: 'fr,ro' });
    const lang = texts(await ana.send('/propose'));
    expect(lang).toContain('takes proposals in French, Romanian');
    expect(lang).toContain('/language');
    // Markup and mentions in a title are stored as typed (the adapters escape them on display).
    await control(bot, 'nowbeall.call.open', { id: 'nba-en', title: 'English call', question: 'Q?', themes: 'Mobility' });
    // The French-and-Romanian call is not offered: the one left opens at its themes.
    await ana.send('/propose');
    await ana.press('Mobility');
    await ana.send('<b>@everyone</b> *cheap* [rent](http://x)');
    await ana.send('Rents capped at a third of income.');
    await ana.press('Associations');
    await ana.press('Send it');
    expect((await proposalsOf(bot))[0]).toMatchObject({ call: 'nba-en', title: '<b>@everyone</b> *cheap* [rent](http://x)' });
  }, 60_000);

  it('my proposals: edit while pending (not after), withdraw with confirmation, out of the similar ones, followers told', async () => {
    bot = await startCaravanBot();
    await openCall(bot);
    const ana = bot.user('ana');
    await consent(ana);
    await ana.send('/propose');
    await ana.press('Mobility');
    await ana.send('Night buses on weekends');
    await ana.send('Buses every 30 minutes on Friday and Saturday nights.');
    await ana.press('Public authorities');
    await ana.press('Skip');
    await ana.press('Send it');
    const menu = texts(await ana.send('/propose'));
    expect(menu).toContain('proposals you sent so far: 1');
    const mine = texts(await ana.press('My proposals'));
    expect(mine).toContain('#1 “Night buses on weekends” — waiting for moderation');
    expect(texts(await ana.press('Change #1'))).toContain('What would you like to change?');
    await ana.press('Proposal');
    const preview = texts(await ana.send('Buses every 20 minutes on Friday and Saturday nights.'));
    expect(preview).toContain('Your proposal #1 with your changes');
    expect(texts(await ana.press('Save the changes'))).toContain('Your changes to proposal #1');
    const r = nowbeallRecords(bot.services.store);
    expect(await r.proposals.get('1')).toMatchObject({ body: 'Buses every 20 minutes on Friday and Saturday nights.', status: 'pending' });
    // Published by a moderator: no longer editable, still withdrawable.
    const approved = (await r.proposals.update('1', (p) => (p ? { ...p, status: 'published' } : p)))!;
    await indexProposal(approved);
    expect((await similar('night buses weekends', 'en', 'nba-2026', 3)).map((h) => h.id)).toEqual(['1']);
    await ana.send('/propose mine');
    expect(ana.findButton('Change #1')).toBeUndefined();
    expect(texts(await ana.send('/propose mine'))).toContain('— published');
    const ask = texts(await ana.press('Withdraw #1'));
    expect(ask).toContain('Withdraw your proposal #1');
    const stale = ana.findButton('Yes, withdraw it')!.token;
    expect(texts(await ana.press('No, keep it'))).toContain('Your proposal stays');
    expect((await r.proposals.get('1'))?.status).toBe('published');
    // Bob follows it as a supporter.
    const bob = bot.user('bob');
    await consent(bob);
    const bobDoc = (await bot.services.store.loadUser(bot.services.store.keyOf('memory:bob')))!;
    await follow(bot.services, '1', { pseudonym: bobDoc.pseudonym, key: bobDoc.key }, 'supporter');
    // The confirmation of an older message is not enough for what cannot be undone.
    await ana.send('/propose mine');
    expect(texts(await ana.pressToken(stale))).toContain('This confirmation has expired');
    expect((await r.proposals.get('1'))?.status).toBe('published');
    await ana.press('Withdraw #1');
    expect(texts(await ana.press('Yes, withdraw it'))).toContain('Your proposal #1 “Night buses on weekends” is withdrawn');
    expect((await r.proposals.get('1'))?.status).toBe('withdrawn');
    expect(await similar('night buses weekends', 'en', 'nba-2026', 3)).toEqual([]);
    // Its followers are told through the notices' broadcast; the author, who did it, is not.
    await expect.poll(() => bob.transcript(), { timeout: 10_000 }).toContain('Proposal #1 “Night buses on weekends” was withdrawn by its author');
    expect(ana.transcript()).not.toContain('was withdrawn by its author');
    expect(texts(await ana.send('/propose mine'))).toContain('— withdrawn');
  }, 60_000);

  it('offers the person\'s own SPIRAL criteria (read-only) and records the one chosen', async () => {
    bot = await startCaravanBot();
    await openCall(bot, { territories: undefined });
    const ana = bot.user('ana');
    await consent(ana);
    const criteria = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, question: 'illbeing', text: `Criterion ${i}`, lang: 'en', createdAt: `2026-04-${String(10 + i).padStart(2, '0')}T00:00:00.000Z`, ...(i === 9 ? {} : { family: 'B' }) }));
    await bot.services.updateUser('memory:ana', (doc) => void (doc.flows.spiral = { groups: { K7M2QX: { group: 'K7M2QX', criteria, ratings: {} } }, nudges: true }));
    const before = JSON.stringify((await bot.services.store.loadUser(bot.services.store.keyOf('memory:ana')))!.flows.spiral);
    await ana.send('/propose');
    await ana.press('Housing');
    await ana.send('Quieter streets at night');
    await ana.send('Limit heavy traffic in housing areas at night.');
    expect(texts(await ana.press('Citizens'))).toContain('Does it answer one of your own SPIRAL criteria?');
    // Newest first (the engine pages them as the channel needs); one without a family is not offered.
    const offered = ana.buttons().map((b) => b.label).filter((l) => l.startsWith('B · '));
    expect(offered.slice(0, 3)).toEqual(['B · Criterion 8', 'B · Criterion 7', 'B · Criterion 6']);
    expect(ana.transcript()).not.toContain('Criterion 9');
    expect(texts(await ana.press('B · Criterion 7'))).toContain('Answers my SPIRAL criterion (family B)');
    await ana.press('Send it');
    expect((await proposalsOf(bot))[0]).toMatchObject({ spiral: { family: 'B', criterion: 'c7' } });
    expect(JSON.stringify((await bot.services.store.loadUser(bot.services.store.keyOf('memory:ana')))!.flows.spiral)).toBe(before);
  }, 60_000);

  it('/mydata lists the proposals; /forget deletes the pending ones and leaves the published ones anonymous', async () => {
    bot = await startCaravanBot();
    await openCall(bot);
    const ana = bot.user('ana');
    await consent(ana);
    for (const title of ['First idea about mobility', 'Second idea about mobility']) {
      await ana.send('/propose');
      if (ana.findButton('A new proposal')) await ana.press('A new proposal');
      await ana.press('Mobility');
      await ana.send(title);
      await ana.send(`${title}, in detail.`);
      await ana.press('Citizens');
      await ana.press('Skip');
      if (ana.findButton('Mine is different')) await ana.press('Mine is different');
      await ana.press('Send it');
    }
    const r = nowbeallRecords(bot.services.store);
    await r.proposals.update('1', (p) => (p ? { ...p, status: 'published' } : p));
    const mydata = texts(await ana.send('/mydata'));
    expect(mydata).toContain('NOW-BE-ALL proposals you wrote: 2');
    expect(mydata).toContain('#2 “Second idea about mobility” — waiting for moderation');
    await ana.send('/forget');
    await ana.press(/Yes/);
    expect(await r.proposals.get('2')).toBeUndefined();
    expect(await r.proposals.get('1')).toMatchObject({ author: '', title: 'First idea about mobility', status: 'published' });
    expect(await r.followers.count()).toBe(0);
  }, 60_000);
});
