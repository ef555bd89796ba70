/**
 * A whole working group answering its check-in at the same moment (issue #13 under load): 50
 * members of the web team, June's round. Most answer both questions at once; at the same moment
 * one presses a question twice, one presses "Skip this check-in" twice, one's answer reaches the
 * bot twice (the platform's redelivery), and two use May's round: a button of May's letter, and
 * May's question opened on the last evening of May and answered in June.
 */
import { afterEach, expect, it } from 'vitest';
import type { Reply } from '../src/core/types.ts';
import { every } from '../src/engine/index.ts';
import { lastCheckin } from '../flows/network/checkins/latest.ts';
import { checkinRecords } from '../flows/network/checkins/records.ts';
import { networkRecords } from '../flows/network/records.ts';
import { texts } from './helpers/memory-channel.ts';
import { activity, disposeCheckinBot, join, letters, member, startCheckinBot, textsTo, type CheckinBot } from './network-checkin-bot.ts';

let cb: CheckinBot | null = null;
afterEach(async () => {
  await disposeCheckinBot(cb);
  cb = null;
});

const GROUP = 50;
const ids = Array.from({ length: GROUP }, (_, i) => `w${String(i).padStart(2, '0')}`);
/** Everyone but the last five answers both questions, at the same moment as the others. */
const [TWICE_Q, TWICE_SKIP, REDELIVERED, MAY_BUTTON, MAY_OPEN] = ids.slice(-5) as [string, string, string, string, string];
const answering = ids.slice(0, -5);

/** Presses `label` on the latest letter of `month` this person received. */
function pressOnLetter(b: CheckinBot, id: string, month: string, label: string): Promise<Reply[]> {
  const letter = b.bot.channel.sent.filter((s) => s.chatId === id && s.reply.kind === 'text' && s.reply.text.startsWith(`📋 Check-in — ${month}`)).at(-1)?.reply;
  const button = letter?.kind === 'text' ? (letter.buttons ?? []).flat().find((x) => x.label.includes(label)) : undefined;
  if (!button) throw new Error(`no ${label} on ${id}'s letter of ${month}`);
  return b.user(id).pressToken(button.token);
}

const count = (id: string, text: string) => textsTo(cb!, id).filter((t) => t.includes(text)).length;

it('50 members answer at once; a question or a skip pressed twice, an answer delivered twice, and May\'s round used in June change nothing twice', async () => {
  cb = await startCheckinBot({ now: '2026-04-30T20:00:00Z' });
  const n = networkRecords(cb.services.store);
  await n.axes.put({ id: 'basic', name: 'Basic functions' });
  await n.groups.put({ id: 'web-team', name: 'Web team', kind: 'thematic' });
  await activity(cb, { id: 'website', title: 'Website', owner: 'web-team' });
  const keys = new Map<string, string>();
  for (const id of ids) {
    keys.set(id, await member(cb, id));
    await join(cb, keys.get(id)!, 'web-team');
  }

  // May's round (Friday 1 May, 10:00 in Brussels); one opens May's question on its last evening and leaves it there.
  await cb.at('2026-05-01T08:00:30Z');
  for (const id of ids) expect(letters(cb, id)).toEqual([expect.stringContaining('📋 1/1 · “Website” — Web team · May 2026')]);
  // The daily job of the month's first week ran (a bot that runs all along); its next run is 1 June.
  await cb.at('2026-05-07T08:00:30Z');
  cb.clock.set('2026-05-31T21:59:00Z');
  expect(texts(await pressOnLetter(cb, MAY_OPEN, 'May 2026', 'What progressed'))).toContain('check-in of May 2026: what progressed?');

  // June's round (Monday 1 June).
  await cb.at('2026-06-01T08:00:30Z');
  for (const id of ids) expect(letters(cb, id)).toHaveLength(2);

  const person = async (id: string): Promise<void> => {
    const u = cb!.user(id);
    if (answering.includes(id)) {
      await pressOnLetter(cb!, id, 'June 2026', 'What progressed');
      expect(texts(await u.send(`Pages of ${id} online.`))).toContain('what is blocked?');
      expect(texts(await u.send(`Photos missing for ${id}.`))).toContain('Thank you — your check-in on “Website” is complete.');
    } else if (id === TWICE_Q) {
      const [first, second] = await Promise.all([pressOnLetter(cb!, id, 'June 2026', 'What progressed'), pressOnLetter(cb!, id, 'June 2026', 'What progressed')]);
      expect([texts(first), texts(second)].every((t) => t.includes('what progressed?'))).toBe(true);
      expect(texts(await u.send('One answer.'))).toContain('✅ Saved: what progressed.');
      expect(texts(await u.press(/^Skip$/))).toContain('complete');
    } else if (id === TWICE_SKIP) {
      const both = (await Promise.all([pressOnLetter(cb!, id, 'June 2026', 'Skip this check-in'), pressOnLetter(cb!, id, 'June 2026', 'Skip this check-in')])).map(texts).sort();
      expect(both).toEqual([expect.stringContaining('Check-in on “Website” skipped.'), expect.stringContaining('The check-in on “Website” is already finished.')].sort());
    } else if (id === REDELIVERED) {
      await pressOnLetter(cb!, id, 'June 2026', 'What is blocked');
      const update = `redelivered-${id}`;
      await Promise.all([u.send('Hosting contract unsigned.', update), u.send('Hosting contract unsigned.', update)]);
      await u.press(/^Skip$/);
    } else if (id === MAY_BUTTON) {
      expect(texts(await pressOnLetter(cb!, id, 'May 2026', 'What progressed'))).toContain('The check-in of May 2026 on “Website” is closed');
    } else if (id === MAY_OPEN) {
      expect(texts(await u.send('Late words for May.'))).toContain('The check-in of May 2026 on “Website” is closed');
    }
  };
  await Promise.all(ids.map(person));

  const { answers, rounds } = checkinRecords(cb.services.store);
  const june = new Map((await every(answers, { where: { round: 'website@2026-06' } })).map((a) => [a.key, a]));
  const may = await every(answers, { where: { round: 'website@2026-05' } });
  expect([june.size, may.length, await rounds.count()]).toEqual([GROUP, GROUP, 2]);
  for (const id of answering) expect(june.get(keys.get(id)!)).toMatchObject({ status: 'done', progress: `Pages of ${id} online.`, blocked: `Photos missing for ${id}.` });
  expect(june.get(keys.get(TWICE_Q)!)).toMatchObject({ status: 'done', progress: 'One answer.', skipped: ['blocked'] });
  expect(june.get(keys.get(TWICE_SKIP)!)).toMatchObject({ status: 'skipped', skipped: ['progress', 'blocked'] });
  expect(june.get(keys.get(REDELIVERED)!)).toMatchObject({ status: 'done', blocked: 'Hosting contract unsigned.', skipped: ['progress'] });
  for (const id of [MAY_BUTTON, MAY_OPEN]) expect(june.get(keys.get(id)!)?.status).toBe('open');
  // Nothing was written into May's closed round.
  expect(may.every((a) => a.status === 'open' && a.progress === undefined && a.blocked === undefined)).toBe(true);
  // Each said once: a saved answer, the end of a check-in, a skip.
  for (const id of answering) expect([count(id, 'Saved: what progressed'), count(id, 'Saved: what is blocked'), count(id, 'is complete')]).toEqual([1, 1, 1]);
  expect(count(REDELIVERED, 'Saved: what is blocked')).toBe(1);
  expect(count(TWICE_SKIP, 'skipped.')).toBe(1);
  // The digest's line and the report count the same people.
  expect(await lastCheckin(cb.services.store, 'web-team')).toMatchObject({ period: '2026-06', answered: answering.length + 2, asked: GROUP });
  const report = (await cb.control('checkin.report', { quarter: 'Q2', year: 2026 })) as { text: string };
  expect(report.text).toContain(`June 2026: ${answering.length + 2} of ${GROUP} answered`);
  expect(report.text).toContain(`May 2026: 0 of ${GROUP} answered`);
  // The stale ones are shown what waits now.
  for (const id of [MAY_BUTTON, MAY_OPEN]) expect(textsTo(cb, id).at(-1)).toContain('📋 1/1 · “Website” — Web team · June 2026');
}, 120_000);
