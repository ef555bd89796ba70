/**
 * NOW-BE-ALL theme groups and official answers (issue #12, items 5, 6, 8, 9): a group formed
 * from approved proposals, invitations, joining, comments and amendments one per message, the
 * elaborated version, support and objection until the deadline, official answers, the notices
 * of each, the proposals export (pseudonyms only), the figures, the seminar dossier in Markdown
 * and /mydata and /forget.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allFlows } from '../flows/index.ts';
import { nbgroups } from '../flows/nowbeall/groups/index.ts';
import { follow } from '../flows/nowbeall/notify.ts';
import { nowbeallRecords, every } from '../flows/nowbeall/records.ts';
import type { Call, Proposal } from '../flows/nowbeall/types.ts';
import { exportData } from '../src/cli/export.ts';
import { collectStats } from '../src/cli/stats.ts';
import { pressEarlier, startCaravanBot, textsTo, type CaravanBot } from './helpers/caravan-bot.ts';
import { dispose } from './helpers/harness.ts';
import { texts, type FakeUser } from './helpers/memory-channel.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const AT = '2026-04-20T10:00:00.000Z';
/** Platform ids unlike any word of the texts, so the export can be searched for them. */
const IDS = { ana: 'u9041ana', ben: 'u9042ben', cy: 'u9043cy', fac: 'u9044fac', boss: 'boss' };
const NASTY = 'Bus | lanes # now *free* <b>x</b> [link](http://e.vil)';

const call = (fields: Partial<Call> = {}): Call => ({
  id: 'nba-2026',
  title: { en: 'Well-being for all 2026' },
  question: { en: 'What would make life better here?' },
  themes: [{ id: 'health', label: { en: 'Health' } }, { id: 'mobility', label: { en: 'Mobility' } }],
  territories: [],
  languages: [],
  phase: 'analysis',
  createdAt: AT,
  createdBy: 'p-boss',
  phases: [],
  ...fields,
});

const proposal = (id: string, fields: Partial<Proposal> = {}): Proposal => ({
  id, call: 'nba-2026', theme: 'health', title: `Proposal ${id}`, body: `The text of proposal ${id}.`, actor: 'authorities', lang: 'en',
  status: 'published', author: '', createdAt: AT, updatedAt: AT, supports: 0, reports: 0, ...fields,
});

interface World {
  bot: CaravanBot;
  users: Record<keyof typeof IDS, FakeUser>;
  pseudonym: Record<keyof typeof IDS, string>;
  key: Record<keyof typeof IDS, string>;
}

/** A call in its analysis phase with approved proposals, their authors and supporters, as moderation left them. */
async function world(): Promise<World> {
  bot = await startCaravanBot({ managers: [`memory:${IDS.boss}`] });
  const { store } = bot.services;
  const users = {} as World['users'];
  const pseudonym = {} as World['pseudonym'];
  const key = {} as World['key'];
  for (const [name, id] of Object.entries(IDS) as [keyof typeof IDS, string][]) {
    users[name] = bot.user(id);
    await users[name].send('/agree');
    key[name] = store.keyOf(`memory:${id}`);
    pseudonym[name] = (await store.loadUser(key[name]))!.pseudonym;
  }
  const r = nowbeallRecords(store);
  await r.calls.put(call());
  await r.calls.put(call({ id: 'other-2026', title: { en: 'Another call' } }));
  await r.proposals.put(proposal('3', { author: pseudonym.ana, supports: 2, title: 'Nurses in every school', spiral: { family: 'B' } }));
  await r.proposals.put(proposal('7', { author: pseudonym.ben, supports: 1, title: 'Healthy canteens' }));
  await r.proposals.put(proposal('12', { title: NASTY, body: 'Line one\n# not a heading\n- not a list' }));
  await r.proposals.put(proposal('14', { status: 'merged', mergedInto: '3', title: 'School nurses (duplicate)', author: pseudonym.cy }));
  await r.proposals.put(proposal('20', { status: 'pending', title: 'Still waiting' }));
  await r.proposals.put(proposal('21', { theme: 'mobility', title: 'Safe bike paths' }));
  await r.proposals.put(proposal('99', { call: 'other-2026', title: 'Elsewhere' }));
  await follow(bot.services, '3', { pseudonym: pseudonym.ana, key: key.ana }, 'author');
  await follow(bot.services, '3', { pseudonym: pseudonym.ben, key: key.ben }, 'supporter');
  await follow(bot.services, '7', { pseudonym: pseudonym.ben, key: key.ben }, 'author');
  return { bot, users, pseudonym, key };
}

const control = (b: CaravanBot, command: string, args: Record<string, unknown>) => nbgroups.control![command]!(b.services, args, () => {});

/** Waits until the person received a text containing `part` (notices go out in the background). */
async function received(b: CaravanBot, id: string, part: string): Promise<void> {
  await vi.waitFor(() => expect(textsTo(b.channel, id).join('\n')).toContain(part), { timeout: 5000, interval: 20 });
}

describe('NOW-BE-ALL theme groups', () => {
  it('forms a group from approved proposals only, with clear refusals', async () => {
    const w = await world();
    const r = nowbeallRecords(w.bot.services.store);
    expect(texts(await w.users.cy.send('/nbgroup create nba-2026 health 3,7,12'))).toContain('Only managers can do this.');
    const refused = async (args: Record<string, unknown>, message: string) =>
      expect(control(w.bot, 'nbgroups.create', { call: 'nba-2026', theme: 'health', proposals: '3,7', ...args })).rejects.toThrow(message);
    await refused({ proposals: '3,20' }, 'Proposal 20 is not an approved (published) proposal.');
    await refused({ proposals: '3,21' }, 'Proposal 21 belongs to the theme “mobility”');
    await refused({ proposals: '3,99' }, 'Proposal 99 is not a proposal of the call nba-2026.');
    await refused({ proposals: '3,3' }, 'Proposal 3 is listed twice.');
    await refused({ proposals: '3,x' }, '“x” is not a proposal number');
    await refused({ call: 'nope' }, 'There is no call “nope”.');
    await refused({ theme: 'culture' }, 'This call has no theme “culture”. Its themes: health, mobility.');
    await refused({ deadline: '2026-04-01' }, '2026-04-01 is already past');
    await refused({ deadline: '20/05/2026' }, '“20/05/2026” is not a date');
    await r.calls.update('nba-2026', (c) => (c ? { ...c, phase: 'collecting' } : c));
    await refused({}, 'the call nba-2026 is in the “collecting proposals” phase');
    expect(await r.groups.count()).toBe(0);
    expect((await r.proposals.get('3'))?.status).toBe('published');
  });

  it('runs the whole path: group, invitation, join, comments and amendments, elaborated version, stances, official answers', async () => {
    const w = await world();
    const { users, pseudonym } = w;
    const b = w.bot;
    const r = nowbeallRecords(b.services.store);

    // Item 5: the manager forms the group in chat; followers get the status notice and an invitation.
    const created = texts(await users.boss.send('/nbgroup create nba-2026 health 3,7,12 2026-05-20 Health at school'));
    expect(created).toContain('Group g1 “Health at school” is formed with proposals 3, 7, 12. Notices to their authors and supporters: 3; invitations to join: 2.');
    for (const id of ['3', '7', '12']) expect(await r.proposals.get(id)).toMatchObject({ status: 'grouped', group: 'g1' });
    expect((await every(r.log, { where: { call: 'nba-2026' } })).map((e) => [e.act, e.by, e.detail])).toEqual([['group', pseudonym.boss, 'g1: 3,7,12']]);
    await received(b, IDS.ana, 'Proposal #3 “Nurses in every school” goes into the theme group “g1 Health at school”');
    await received(b, IDS.ana, 'You are invited to join the theme group g1 “Health at school”');
    await received(b, IDS.ben, 'You are invited to join the theme group g1');
    expect(textsTo(b.channel, IDS.ben).filter((t) => t.includes('You are invited'))).toHaveLength(1);
    expect(textsTo(b.channel, IDS.cy).join('\n')).not.toMatch(/goes into the theme group|You are invited/);

    expect(texts(await users.boss.send(`/nbgroup facilitator g1 ${pseudonym.fac}`))).toContain(`Facilitators of g1: ${pseudonym.fac}.`);

    // Joining from the invitation's button; then each proposal in turn.
    expect(texts(await pressEarlier(users.ana, 'Join the group'))).toContain('Welcome to group g1 “Health at school”');
    expect(await r.members.get(`g1:${pseudonym.ana}`)).toMatchObject({ group: 'g1', by: pseudonym.ana, key: w.key.ana });
    expect((await r.followers.get(`3:${pseudonym.ana}`))?.role).toBe('author');
    expect((await r.followers.get(`12:${pseudonym.ana}`))?.role).toBe('member');
    const first = texts(await users.ana.press('Start'));
    expect(first).toContain('Group g1 · proposal 1 of 3');
    expect(first).toContain('#3 Nurses in every school');
    expect(texts(await users.ana.send('We need more nurses, not fewer.'))).toContain('💬 Comment 1 saved: “We need more nurses, not fewer.”');
    expect(texts(await users.ana.press('Amendment'))).toContain('Send your amendments, one per message');
    expect(texts(await users.ana.send('Say “health staff” instead of “nurses”.'))).toContain('✏️ Amendment 2 saved');
    expect(texts(await users.ana.send('x'))).toContain('That is too short');
    expect(texts(await users.ana.send('y'.repeat(2001)))).toContain('That is too long (2001 characters)');
    const second = texts(await users.ana.send('/done'));
    expect(second).toContain('Group g1 · proposal 2 of 3');
    expect(second).toContain('#7 Healthy canteens');

    // Someone not invited may join too; a stance needs an elaborated version first.
    expect(texts(await users.cy.send('/nbgroup g1'))).toContain('Join it to comment');
    expect(texts(await users.cy.send('/nbgroup join g1'))).toContain('Welcome to group g1');
    expect(texts(await users.cy.send('/nbgroup join g1'))).toContain('You are already a member of group g1');
    await users.cy.send('/nbgroup g1');
    expect(texts(await users.cy.send('Dentists too.'))).toContain('💬 Comment 1 saved');
    expect(texts(await users.cy.send('/cancel'))).not.toContain('Error');
    expect(texts(await users.cy.send('/nbgroup support 3'))).toContain('Proposal 3 has no elaborated version yet.');
    expect(texts(await users.cy.send('/nbgroup g7'))).toContain('There is no theme group “g7”.');
    expect(texts(await users.cy.send('/nbgroup elaborate 3'))).toContain('Only the facilitators of group g1 and managers can do this.');

    // The facilitator reads the contributions and publishes the elaborated version.
    const read = texts(await users.fac.send('/nbgroup read 3'));
    expect(read).toContain('#3 Nurses in every school: contributions 3 (amendments: 1)');
    expect(read).toContain(`✏️ ${pseudonym.ana}: Say “health staff” instead of “nurses”.`);
    expect(read).toContain(`💬 ${pseudonym.cy}: Dentists too.`);
    expect(texts(await users.fac.press('Write the elaborated version'))).toContain('Write the elaborated version of proposal #3');
    expect(texts(await users.fac.send('Every school has a health professional on site, at least half-time.'))).toContain('The elaborated version of #3');
    expect(texts(await users.fac.press('Publish'))).toContain('Published: the elaborated version of #3. Notices to its followers: 3.');
    expect(await r.proposals.get('3')).toMatchObject({ status: 'elaborated' });
    expect(await r.elaborated.get('3')).toMatchObject({ group: 'g1', by: pseudonym.fac, text: 'Every school has a health professional on site, at least half-time.' });
    await received(b, IDS.cy, 'The theme group published its elaborated version of proposal #3');

    // Members support or object, one stance each (changeable), until the deadline.
    expect(texts(await users.cy.send('/nbgroup support 3'))).toContain('👍 You support the elaborated version of proposal 3.');
    expect(texts(await users.cy.send('/nbgroup support 3'))).toContain('You already support');
    expect(texts(await users.cy.send('/nbgroup object 3'))).toContain('👎 You object to the elaborated version of proposal 3.');
    expect(texts(await users.ben.send('/nbgroup support 3'))).toContain('Join group g1 first: /nbgroup join g1');
    const onScreen = texts(await users.ana.send('/nbgroup g1'));
    expect(onScreen).toContain("The group's elaborated version:\nEvery school has a health professional");
    expect(onScreen).toContain('You can support or object until 2026-05-20.');
    expect(texts(await users.ana.press('Support'))).toContain('👍 You support the elaborated version of proposal 3.');
    expect((await every(r.stances, { where: { proposal: '3' } })).map((s) => [s.by, s.stance]).sort()).toEqual([[pseudonym.ana, 'support'], [pseudonym.cy, 'object']].sort());
    b.clock.set('2026-05-20T21:59:00Z');
    expect(texts(await users.cy.send('/nbgroup support 3'))).toContain('You support');
    b.clock.set('2026-05-20T22:00:00Z');
    expect(texts(await users.ana.send('/nbgroup object 3'))).toContain('Supporting and objecting to proposal 3 closed (2026-05-20): your stance was not recorded.');
    expect((await r.stances.get(`3:${pseudonym.ana}`))?.stance).toBe('support');
    // Out of the notices' quiet hours (22:00–08:00 Brussels) for what follows.
    b.clock.set('2026-05-21T08:00:00Z');

    // Item 6: official answers in the dialogue phase only.
    const answer = { proposal: '3', kind: 'accepted', text: 'The city adopts it from September.', authority: 'City of Namur' };
    await expect(control(b, 'nbgroups.answer', answer)).rejects.toThrow('Official answers are recorded in the dialogue phase; the call nba-2026 is in the “analysis” phase.');
    await r.calls.update('nba-2026', (c) => (c ? { ...c, phase: 'dialogue' } : c));
    await expect(control(b, 'nbgroups.answer', { ...answer, proposal: '20' })).rejects.toThrow('Proposal 20 was not approved');
    await expect(control(b, 'nbgroups.answer', { ...answer, kind: 'maybe' })).rejects.toThrow('“maybe” is not an answer kind');
    await expect(control(b, 'nbgroups.answer', { ...answer, text: ' ' })).rejects.toThrow('That is too short');
    expect(await control(b, 'nbgroups.answer', answer)).toMatchObject({ proposal: '3', status: 'answered', notified: 3, answer: { kind: 'accepted', authority: 'City of Namur', by: 'cli' } });
    expect((await every(r.log, { where: { proposal: '3' } })).map((e) => [e.act, e.detail])).toEqual([['answer', 'accepted']]);
    await received(b, IDS.ben, 'The public authorities answered proposal #3 “Nurses in every school”: accepted.');
    expect(texts(await users.cy.send('/nbanswer 7'))).toContain('Only managers can do this.');
    expect(texts(await users.boss.send('/nbanswer 7'))).toContain('The public authorities\' answer to proposal #7 “Healthy canteens”');
    await users.boss.press('Under study');
    expect(texts(await users.boss.send('The region studies school canteens this year.'))).toContain('Which authority answered?');
    expect(texts(await users.boss.send('/skip'))).toContain('The official answer to proposal #7 is recorded. Notices to its followers: 3.');
    expect((await r.proposals.get('7'))?.answer).toMatchObject({ kind: 'study', text: 'The region studies school canteens this year.', by: pseudonym.boss });
    expect(texts(await users.boss.send('/nbanswer 12 not-retained Out of the city\'s competence.'))).toContain('The official answer to proposal #12 is recorded.');
    await received(b, IDS.ben, 'The public authorities answered proposal #7 “Healthy canteens”: under study.');

    // Item 8: figures.
    const stats = await collectStats(allFlows, b.services, () => {});
    expect(stats).toMatchObject({
      'nbgroups.calls': 2, 'nbgroups.calls.dialogue': 1, 'nbgroups.groups': 1, 'nbgroups.members': 2, 'nbgroups.contributions': 3,
      'nbgroups.elaborated': 1, 'nbgroups.stances': 2, 'nbgroups.answers': 3, 'nbgroups.answers.accepted': 1, 'nbgroups.answers.study': 1,
      'nbgroups.answers.not-retained': 1, 'nbgroups.proposals.merged': 1, 'nbgroups.proposals.pending': 1, 'nbgroups.proposals.answered': 3,
    });

    // Item 8: exports with pseudonyms only.
    const csv = await exportData(allFlows, b.services, 'proposals', 'csv', { call: 'nba-2026' });
    const json = await exportData(allFlows, b.services, 'proposals', 'json', { call: 'nba-2026' });
    for (const out of [csv, json]) {
      for (const [name, id] of Object.entries(IDS)) {
        if (name !== 'boss') expect(out).not.toContain(id);
        expect(out).not.toContain(w.key[name as keyof typeof IDS]);
      }
      expect(out).not.toContain('memory:');
      expect(out).not.toContain('Elsewhere');
    }
    expect(csv.split('\r\n')[0]).toBe('\uFEFFid,call,theme,title,status,supports,group,answerKind,answerText,answerAuthority,answeredAt,spiralFamily,author,createdAt,updatedAt,mergedInto,actor,territory,language,body,elaborated,elaboratedSupports,elaboratedObjections');
    const rows = JSON.parse(json) as Record<string, unknown>[];
    expect(rows.map((x) => x.id)).toEqual(['3', '7', '12', '14', '20', '21']);
    expect(rows[0]).toMatchObject({ id: '3', theme: 'health', status: 'answered', supports: 2, group: 'g1', answerKind: 'accepted', answerText: 'The city adopts it from September.', spiralFamily: 'B', author: pseudonym.ana, elaboratedSupports: 2, elaboratedObjections: 0 });
    expect(rows[3]).toMatchObject({ id: '14', status: 'merged', mergedInto: '3', author: pseudonym.cy });
    expect(JSON.parse(await exportData(allFlows, b.services, 'proposals', 'json', {})).map((x: { id: string }) => x.id)).toContain('99');
    await expect(exportData(allFlows, b.services, 'proposals', 'json', { call: 'nope' })).rejects.toThrow('Unknown call: nope');

    // Item 8: the seminar's dossier, a nasty title escaped.
    const { markdown } = (await control(b, 'nbgroups.report', { call: 'nba-2026' })) as { markdown: string };
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# Well-being for all 2026 — seminar dossier');
    expect(markdown).toContain('## Health (3)');
    expect(markdown).toContain('## Mobility (1)');
    const row = lines.find((l) => l.startsWith('| 12 |'))!;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(8);
    expect(row).toContain('Bus \\| lanes \\# now \\*free\\* \\<b\\>x\\</b\\> \\[link\\](http://e.vil)');
    expect(lines.filter((l) => l.startsWith('| 3 |'))).toEqual(['| 3 | Nurses in every school | 2 | answered | g1 | Accepted |']);
    expect(markdown).not.toContain('<b>');
    expect(lines.filter((l) => /^#+ /.test(l) && l.includes('Bus'))).toEqual(['#### \\#12 Bus \\| lanes \\# now \\*free\\* \\<b\\>x\\</b\\> \\[link\\](http://e.vil)']);
    expect(markdown).toContain('- #14 School nurses (duplicate) → #3');
    expect(markdown).toContain('Not listed (awaiting moderation, rejected, withdrawn or hidden): 1');
    expect(markdown).toContain('### Group g1: Health at school');
    expect(markdown).toContain('> Every school has a health professional on site, at least half-time.');
    expect(markdown).toContain('Supports: 2 · objections: 0');
    expect(markdown).toContain('Official answer: Accepted (City of Namur): The city adopts it from September.');
    expect(markdown).toContain('Comments and amendments: 3 (amendments: 1)');
  });

  it('/mydata shows memberships, contributions and stances; /forget erases them and leaves the texts anonymous', async () => {
    const w = await world();
    const { users, pseudonym } = w;
    const b = w.bot;
    const r = nowbeallRecords(b.services.store);
    await control(b, 'nbgroups.create', { call: 'nba-2026', theme: 'health', proposals: '3,7', facilitator: pseudonym.fac });
    await users.cy.send('/nbgroup join g1');
    await users.cy.send('/nbgroup g1');
    await users.cy.send('Dentists too.');
    await users.cy.send('/cancel');
    await control(b, 'nbgroups.elaborate', { proposal: '3', text: 'Nurses and dentists in every school.' });
    await users.fac.send('/nbgroup elaborate 7');
    await users.fac.send('Fresh food in every canteen.');
    await users.fac.press('Publish');
    await users.cy.send('/nbgroup object 3');

    const mine = await users.cy.send('/mydata');
    const text = texts(mine);
    expect(text).toContain('NOW-BE-ALL theme groups:');
    expect(text).toContain('• Member of: g1');
    expect(text).toContain('• Comments and amendments: 1');
    expect(text).toContain('• Supports and objections to elaborated versions: 1');
    const file = mine.find((x) => x.kind === 'file');
    const record = JSON.parse(new TextDecoder().decode(file?.kind === 'file' ? (file.content as Uint8Array) : new Uint8Array()));
    expect(record.elsewhere.nbgroups).toMatchObject({ memberships: [{ group: 'g1' }], contributions: [{ proposal: '3', kind: 'comment', text: 'Dentists too.' }], stances: [{ proposal: '3', stance: 'object' }] });
    expect(texts(await users.fac.send('/mydata'))).toContain('• Facilitator of: g1');

    for (const u of [users.cy, users.fac]) {
      await u.send('/forget');
      await u.press(/Yes|erase/i);
    }
    expect(await r.members.count({ by: pseudonym.cy })).toBe(0);
    expect(await r.stances.count({ by: pseudonym.cy })).toBe(0);
    expect(await r.contributions.count({ by: pseudonym.cy })).toBe(0);
    expect((await every(r.contributions, { where: { proposal: '3' } })).map((c) => [c.by, c.text])).toEqual([['', 'Dentists too.']]);
    expect(await r.elaborated.get('7')).toMatchObject({ by: '', text: 'Fresh food in every canteen.' });
    expect((await r.groups.get('g1'))?.facilitators).toEqual([]);
    const everything = JSON.stringify(await Promise.all([every(r.members), every(r.stances), every(r.contributions), every(r.elaborated), every(r.groups), every(r.followers)]));
    for (const who of [pseudonym.cy, pseudonym.fac]) expect(everything).not.toContain(who);
  });
});
