import { afterEach, describe, expect, it } from 'vitest';
import { dispose } from './helpers/harness.ts';
import { startCaravanBot, textsTo, type CaravanBot } from './helpers/caravan-bot.ts';
import { texts, type FakeUser } from './helpers/memory-channel.ts';
import { together } from './helpers/together-cli.ts';
import { proposals } from '../flows/nowbeall/moderation/index.ts';
import { person, records as seeded, seedCall as seedCallAs, seedProposal as seed, type Person } from './helpers/nowbeall-seed.ts';
import { similar } from '../flows/nowbeall/similar.ts';
import type { Call, Proposal } from '../flows/nowbeall/types.ts';

let bot: CaravanBot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const records = seeded;
const seedCall = (b: CaravanBot, id = 'nba-2026', phase: Call['phase'] = 'collecting') => seedCallAs(b, id, phase, { en: 'Well-being for all 2026', fr: 'Le bien-être de tous 2026' });

/** A proposal stored as flow A stores a sent one (pending, its author following it). */
const seedProposal = (b: CaravanBot, author: Person | null, fields: Partial<Proposal> = {}) =>
  seed(b, { body: 'Free health checks for everyone.', actor: 'authorities', status: 'pending', author: author?.pseudonym ?? 'p-nobody', ...fields }, author);

/** Lets the notices' broadcasts finish. */
async function settle(b: CaravanBot): Promise<void> {
  await new Promise((r) => setTimeout(r, 20));
  await b.center().idle();
}

const last = (b: CaravanBot, id: string) => textsTo(b.channel, id).at(-1) ?? '';

describe('NOW-BE-ALL moderation: the queue, approve, reject, merge', () => {
  it('a moderator approves from the queue; the author hears it in their language; the act is logged', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const ana = await person(bot, 'ana', 'fr');
    const p = await seedProposal(bot, ana, { title: 'Des bilans de santé gratuits' });
    const boss = await person(bot, 'boss');

    const queue = texts(await boss.user.send('/moderate'));
    expect(queue).toContain('Waiting: 1 to moderate, 0 hidden by reports.');
    expect(queue).toContain(`#${p.id} · Des bilans de santé gratuits`);
    const card = texts(await boss.user.press(`#${p.id}`));
    expect(card).toContain('Status: waiting for moderation');
    expect(card).toContain(`author ${ana.pseudonym}`);
    expect(texts(await boss.user.press('Approve'))).toContain(`#${p.id} is published; its author is told.`);
    await settle(bot);

    expect((await records(bot).proposals.get(p.id))?.status).toBe('published');
    expect(last(bot, 'ana')).toContain(`La proposition #${p.id} « Des bilans de santé gratuits » est publiée`);
    const log = await proposals.control!['nowbeall.moderate.log']!(bot.services, { id: p.id }, () => {});
    expect(log).toEqual([expect.objectContaining({ act: 'approve', by: boss.pseudonym, proposal: p.id, at: '2026-05-01T08:00:00.000Z' })]);
    // Approving twice is refused clearly, nothing changes.
    expect(texts(await boss.user.send(`/moderate approve ${p.id}`))).toContain(`Proposal #${p.id} is published: this cannot be done now.`);
  });

  it('refuses every moderator command to someone who is not a moderator', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const p = await seedProposal(bot, null);
    const eve = await person(bot, 'eve');
    for (const command of ['/moderate', `/moderate approve ${p.id}`, `/moderate reject ${p.id} abusive`, `/moderate merge ${p.id} 1`, '/moderate moderators']) {
      expect(texts(await eve.user.send(command))).toContain('Only moderators can do this.');
    }
    expect(texts(await eve.user.send('/moderate moderators add p-123'))).toContain('Only managers can name or remove moderators.');
    // A pending proposal is not shown to others: the same answer as a number that does not exist.
    expect(texts(await eve.user.send(`/proposals ${p.id}`))).toContain(`There is no proposal #${p.id} that you can see.`);
    expect((await records(bot).proposals.get(p.id))?.status).toBe('pending');
    expect(await records(bot).log.count()).toBe(0);
  });

  it('rejects with a localized reason template and a note; the author is told in their language', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const ana = await person(bot, 'ana', 'ro');
    const p = await seedProposal(bot, ana, { title: 'Parcuri' });
    const boss = await person(bot, 'boss');
    await boss.user.send(`/moderate show ${p.id}`);
    const ask = texts(await boss.user.press('Reject'));
    expect(ask).toContain(`Why is #${p.id} not published?`);
    expect(boss.user.buttons().map((b) => b.label)).toEqual(expect.arrayContaining(['it repeats a proposal already there', 'it is outside the question of the call', 'it is not a public policy proposal', 'it is abusive or offensive', 'it is not clear enough to be understood']));
    expect(texts(await boss.user.press('outside the question'))).toContain('A note for the author');
    expect(texts(await boss.user.send('x'.repeat(501)))).toContain('at most 500 characters');
    expect(texts(await boss.user.send('The call is about well-being, <b>not</b> parking.'))).toContain(`#${p.id} is rejected (it is outside the question of the call)`);
    await settle(bot);
    const stored = await records(bot).proposals.get(p.id);
    expect(stored).toMatchObject({ status: 'rejected', rejection: { reason: 'offTopic', text: 'The call is about well-being, <b>not</b> parking.' } });
    expect(last(bot, 'ana')).toContain('Motiv: iese din întrebarea apelului.');
    expect(last(bot, 'ana')).toContain('“The call is about well-being, <b>not</b> parking.”');
    // Typed in one line, with a reason that is not a template: refused with the list.
    const q = await seedProposal(bot, null);
    expect(texts(await boss.user.send(`/moderate reject ${q.id} boring`))).toContain('Please choose one of these reasons: duplicate, offTopic, notPolicy, abusive, unclear.');
    expect(texts(await boss.user.send(`/moderate reject ${q.id} duplicate`))).toContain('is rejected');
  });

  it('merges a duplicate: supports move over once, the target author is not counted, both authors are told', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const ana = await person(bot, 'ana');
    const ben = await person(bot, 'ben', 'it');
    const [s1, s2, s3] = [await person(bot, 's1'), await person(bot, 's2'), await person(bot, 's3')];
    const target = await seedProposal(bot, ana, { title: 'Free bikes', status: 'published' });
    const dup = await seedProposal(bot, ben, { title: 'Bici gratis', status: 'published' });
    for (const s of [s1, s2]) await s.user.send(`/proposals ${target.id}`).then(() => s.user.press('Support'));
    for (const s of [s2, s3]) await s.user.send(`/proposals ${dup.id}`).then(() => s.user.press('Support'));
    // The target's own author supported the duplicate: moved over, that support would be a support of her own.
    await ana.user.send(`/proposals ${dup.id}`);
    await ana.user.press('Support');
    expect((await records(bot).proposals.get(dup.id))?.supports).toBe(3);
    const boss = await person(bot, 'boss');

    expect(texts(await boss.user.send(`/moderate merge ${dup.id} ${dup.id}`))).toContain(`A proposal cannot be merged into itself (#${dup.id}).`);
    const rejected = await seedProposal(bot, null, { status: 'rejected' });
    expect(texts(await boss.user.send(`/moderate merge ${dup.id} ${rejected.id}`))).toContain(`Proposal #${rejected.id} is not published: nothing can be merged into it.`);
    expect(texts(await boss.user.send(`/moderate merge ${dup.id} 999`))).toContain('There is no proposal #999');

    await boss.user.send(`/moderate show ${dup.id}`);
    expect(texts(await boss.user.press('Merge into'))).toContain(`Into which proposal does #${dup.id} go?`);
    expect(texts(await boss.user.send('soon'))).toContain('“soon” is not a proposal number.');
    expect(texts(await boss.user.send(`#${target.id}`))).toContain(`#${dup.id} is merged into #${target.id}, which now has 3 supports; both authors are told.`);
    await settle(bot);

    const r = records(bot);
    expect(await r.proposals.get(dup.id)).toMatchObject({ status: 'merged', mergedInto: target.id, supports: 0 });
    expect((await r.proposals.get(target.id))?.supports).toBe(3);
    const supporters = (await r.supports.find({ where: { proposal: target.id } })).records.map((s) => s.by).sort();
    expect(supporters).toEqual([s1.pseudonym, s2.pseudonym, s3.pseudonym].sort());
    expect(await r.supports.count({ proposal: dup.id })).toBe(0);
    expect(last(bot, 'ben')).toContain(`La proposta #${dup.id} «Bici gratis» diceva la stessa cosa di #${target.id} «Free bikes»`);
    expect(last(bot, 'ana')).toContain(`Proposal #${dup.id} “Bici gratis” said the same as #${target.id} “Free bikes”: it is merged into #${target.id}`);
    // s2 and ana followed both: one message about the merge each, not two.
    for (const id of ['s2', 'ana', 's1', 's3']) expect(textsTo(bot.channel, id).filter((t) => t.includes('merged')), id).toHaveLength(1);
    expect(last(bot, 's3')).toContain('they are merged into');
    // The duplicate's people follow the target from now on.
    expect(await r.followers.get(`${target.id}:${ben.pseudonym}`)).toBeDefined();
    // Anyone opening the duplicate is pointed to where it went.
    expect(texts(await s3.user.send(`/proposals ${dup.id}`))).toContain(`It continues as #${target.id}.`);
    const log = await r.log.find({ where: { proposal: dup.id } });
    expect(log.records).toEqual([expect.objectContaining({ act: 'merge', by: boss.pseudonym, detail: `into ${target.id}` })]);
  });
});

describe('NOW-BE-ALL moderation: reports and moderators', () => {
  it('hides a proposal at three reports until a moderator restores it; one report per person', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const ana = await person(bot, 'ana');
    const p = await seedProposal(bot, ana, { status: 'published' });
    const reporters = [await person(bot, 'r1'), await person(bot, 'r2'), await person(bot, 'r3')];
    expect(texts(await ana.user.send(`/proposals ${p.id}`))).not.toContain('Report');
    for (const [i, r] of reporters.entries()) {
      await r.user.send(`/proposals ${p.id}`);
      expect(texts(await r.user.press('Report'))).toContain(`Report proposal #${p.id}`);
      expect(texts(await r.user.press('Yes, report it'))).toContain(`your report on #${p.id} is recorded`);
      if (i === 0) expect(texts(await r.user.press('Yes, report it'))).toContain(`You already reported #${p.id}`);
    }
    expect(await records(bot).proposals.get(p.id)).toMatchObject({ status: 'hidden', reports: 3 });
    expect(texts(await (await person(bot, 'x')).user.send(`/proposals ${p.id}`))).toContain(`There is no proposal #${p.id} that you can see.`);
    const boss = await person(bot, 'boss');
    expect(texts(await boss.user.send('/moderate'))).toContain(`#${p.id} · Proposal ${p.id} · ⚠ 3`);
    await boss.user.send(`/moderate show ${p.id}`);
    expect(texts(await boss.user.press('Restore'))).toContain(`#${p.id} is visible again`);
    expect(await records(bot).proposals.get(p.id)).toMatchObject({ status: 'published', reports: 0 });
    expect((await records(bot).reports.find({ where: { proposal: p.id } })).records.map((r) => r.state)).toEqual(['dismissed', 'dismissed', 'dismissed']);
    expect((await records(bot).log.find({ where: { proposal: p.id } })).records.map((e) => e.act).sort()).toEqual(['hide', 'restore']);
  });

  it('a manager names a moderator, who can then moderate, and removes them again (chat and CLI)', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const p = await seedProposal(bot, null);
    const mia = await person(bot, 'mia');
    const boss = await person(bot, 'boss');
    expect(texts(await boss.user.send('/moderate moderators add nobody'))).toContain('“nobody” is not a pseudonym');
    expect(texts(await boss.user.send(`/moderate moderators add ${mia.pseudonym}`))).toContain(`${mia.pseudonym} is a moderator now.`);
    expect(texts(await boss.user.send('/moderate moderators'))).toContain(`· ${mia.pseudonym}`);
    expect(texts(await mia.user.send(`/moderate approve ${p.id}`))).toContain(`#${p.id} is published`);
    expect(texts(await mia.user.send('/mydata'))).toContain('You are a moderator of proposals.');
    const control = proposals.control!;
    expect(await control['nowbeall.moderators.remove']!(bot.services, { pseudonym: mia.pseudonym }, () => {})).toEqual({ removed: true });
    expect(texts(await mia.user.send('/moderate'))).toContain('Only moderators can do this.');
    expect(await control['nowbeall.moderators.add']!(bot.services, { pseudonym: mia.pseudonym }, () => {})).toEqual({ added: true });
    const acts = (await records(bot).log.find({ where: { by: 'cli' } })).records.map((e) => e.act).sort();
    expect(acts).toEqual(['name-moderator', 'remove-moderator']);
    await expect(control['nowbeall.moderate.merge']!(bot.services, { id: p.id, into: p.id }, () => {})).rejects.toThrow(`A proposal cannot be merged into itself (#${p.id}).`);
    await expect(control['nowbeall.moderate.approve']!(bot.services, { id: 'abc' }, () => {})).rejects.toThrow('“abc” is not a proposal number.');
  });
});

describe('NOW-BE-ALL moderation keeps the similar-proposal index in step', () => {
  it('offers an approved proposal as similar, and no longer once hidden by reports, rejected or merged', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const boss = await person(bot, 'boss');
    const a = await seedProposal(bot, null, { title: 'Free bicycles in every town', body: 'Municipal bicycles free for everyone.' });
    const b = await seedProposal(bot, null, { title: 'Free bicycles for students', body: 'Bicycles free for students in every town.' });
    const found = async () => (await similar('free bicycles in town', 'en', 'nba-2026', 5)).map((h) => h.id).sort();
    expect(await found()).toEqual([]);
    await boss.user.send(`/moderate approve ${a.id}`);
    await boss.user.send(`/moderate approve ${b.id}`);
    expect(await found()).toEqual([a.id, b.id].sort());
    for (const id of ['r1', 'r2', 'r3']) {
      const r = await person(bot, id);
      await r.user.send(`/proposals ${a.id}`);
      await r.user.press('Report');
      await r.user.press('Yes, report it');
    }
    expect(await found()).toEqual([b.id]);
    await boss.user.send(`/moderate restore ${a.id}`);
    expect(await found()).toEqual([a.id, b.id].sort());
    await boss.user.send(`/moderate merge ${b.id} ${a.id}`);
    expect(await found()).toEqual([a.id]);
    await boss.user.send(`/moderate reject ${a.id} duplicate`);
    expect(await found()).toEqual([]);
  });
});

describe('NOW-BE-ALL notices', () => {
  it('wait for the end of quiet hours in the person zone, and are not sent to someone who turned them off', async () => {
    bot = await startCaravanBot({ now: '2026-05-01T21:30:00Z' }); // 23:30 in Brussels
    await seedCall(bot);
    const ana = await person(bot, 'ana');
    const ben = await person(bot, 'ben');
    const a = await seedProposal(bot, ana);
    const b = await seedProposal(bot, ben);
    expect(texts(await ben.user.send('/proposals notices off'))).toContain('You will get no more messages about proposals.');
    const boss = await person(bot, 'boss');
    await boss.user.send(`/moderate approve ${a.id}`);
    await boss.user.send(`/moderate approve ${b.id}`);
    await settle(bot);
    expect(last(bot, 'ana')).not.toContain('is published');
    const held = (await bot.center().list()).filter((m) => m.kind === 'nowbeall.notice');
    expect(held.map((m) => m.status)).toEqual(['held']);
    // 08:00 in Brussels: the wake job the center planned runs.
    bot.clock.set('2026-05-02T06:00:00Z');
    await bot.core.scheduler.runDue();
    await settle(bot);
    expect(last(bot, 'ana')).toContain(`Proposal #${a.id} “Proposal ${a.id}” is published`);
    expect(textsTo(bot.channel, 'ben').some((t) => t.includes('is published'))).toBe(false);
    // The off button under a notice works like the command.
    expect(texts(await ana.user.press('Stop these messages'))).toContain('You will get no more messages about proposals.');
    expect(texts(await ana.user.press('Turn them back on'))).toContain('You will hear when a proposal');
  });

  it('a notice queued before a restart goes out after it, once', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const ana = await person(bot, 'ana');
    const p = await seedProposal(bot, ana);
    await bot.center().stop();
    await proposals.control!['nowbeall.moderate.approve']!(bot.services, { id: p.id }, () => {});
    expect(textsTo(bot.channel, 'ana').some((t) => t.includes('is published'))).toBe(false);
    bot = await bot.restart();
    await settle(bot);
    await bot.core.scheduler.runDue();
    await settle(bot);
    expect(textsTo(bot.channel, 'ana').filter((t) => t.includes('is published'))).toHaveLength(1);
  });
});

describe('NOW-BE-ALL moderation: /mydata and /forget', () => {
  it('shows supports, reports and followed proposals, and erases them (counts follow; the log keeps the act, not the person)', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const ana = await person(bot, 'ana');
    const p = await seedProposal(bot, ana, { status: 'published' });
    const q = await seedProposal(bot, ana, { status: 'published' });
    const zoe = await person(bot, 'zoe');
    await zoe.user.send(`/proposals ${p.id}`);
    await zoe.user.press('Support');
    await zoe.user.send(`/proposals ${q.id}`);
    await zoe.user.press('Report');
    await zoe.user.press('Yes, report it');
    const mine = texts(await zoe.user.send('/mydata'));
    expect(mine).toContain(`Proposals you support: 1 (#${p.id})`);
    expect(mine).toContain('Proposals you reported: 1');
    expect(mine).toContain('Proposals you hear about: 1');
    const file = zoe.user.channel.sent.filter((s) => s.chatId === 'zoe' && s.reply.kind === 'file').at(-1)?.reply;
    const json = JSON.parse(new TextDecoder().decode(file?.kind === 'file' ? file.content : new Uint8Array())) as { elsewhere: Record<string, unknown> };
    expect(json.elsewhere.proposals).toMatchObject({ supports: [{ proposal: p.id }], reports: [{ proposal: q.id, state: 'open' }], following: [{ proposal: p.id, role: 'supporter' }] });

    const boss = await person(bot, 'boss');
    await boss.user.send(`/moderate moderators add ${zoe.pseudonym}`);
    await zoe.user.send(`/moderate reject ${q.id} abusive`);
    await zoe.user.send('/forget');
    await zoe.user.press('Yes');
    const r = records(bot);
    expect(await r.supports.count({ by: zoe.pseudonym })).toBe(0);
    expect(await r.reports.count({ by: zoe.pseudonym })).toBe(0);
    expect(await r.followers.count({ by: zoe.pseudonym })).toBe(0);
    expect(await r.moderators.get(zoe.pseudonym)).toBeUndefined();
    expect(await r.log.count({ by: zoe.pseudonym })).toBe(0);
    expect((await r.log.find({ where: { proposal: q.id } })).records).toEqual([expect.objectContaining({ act: 'reject', by: '' })]);
    expect((await r.proposals.get(p.id))?.supports).toBe(0);
  });
});

describe('together nowbeall moderate … (through the running bot)', () => {
  it('queue, approve, reject, merge refused into itself, moderators add, log', async () => {
    bot = await startCaravanBot();
    await seedCall(bot);
    const ana = await person(bot, 'ana');
    const a = await seedProposal(bot, ana, { title: 'Clean rivers' });
    const b = await seedProposal(bot, null);
    const queue = await together(bot.dir, 'nowbeall', 'moderate', 'queue');
    expect(queue.stderr).toBe('');
    expect(queue.stdout).toContain(`#${a.id} [pending] nba-2026/health · 0 supports · 0 reports — Clean rivers`);
    expect((await together(bot.dir, 'nowbeall', 'moderate', 'approve', a.id)).stdout).toContain(`approved #${a.id} [published]`);
    const rejected = await together(bot.dir, 'nowbeall', 'moderate', 'reject', b.id, '--reason', 'notPolicy', '--text', 'A wish, not a policy.');
    expect(rejected.stdout).toContain(`rejected #${b.id} [rejected]`);
    const self = await together(bot.dir, 'nowbeall', 'moderate', 'merge', a.id, a.id);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain(`A proposal cannot be merged into itself (#${a.id}).`);
    expect((await together(bot.dir, 'nowbeall', 'moderate', 'moderators', 'add', ana.pseudonym)).stdout).toContain(`${ana.pseudonym} is a moderator`);
    expect(await records(bot).moderators.get(ana.pseudonym)).toMatchObject({ by: 'cli' });
    const log = await together(bot.dir, 'nowbeall', 'moderate', 'log', b.id);
    expect(log.stdout).toContain('reject by cli — notPolicy: A wish, not a policy.');
    await settle(bot);
    expect(last(bot, 'ana')).toContain(`Proposal #${a.id} “Clean rivers” is published`);
  }, 120_000);
});
