// Announcement places on Discord, end to end: the real core and Discord adapter against the fake
// Discord. A manager types `/caravan channel here` in a server channel; later announcements reach
// that channel once, in the server's language, besides every subscriber's DM.
import { afterEach, describe, expect, it } from 'vitest';
import { personId } from '../src/core/types.ts';
import type { UserDoc } from '../src/store/types.ts';
import { unescapeDiscord } from '../adapters/discord/format.ts';
import { dmMessages, startDiscord, userOf, type DiscordBot } from './fakes/contract/discord-driver.ts';
import type { SeenDiscordMessage } from './fakes/discord/index.ts';
import { caravanRecords, indexSubscription } from '../flows/caravan/data.ts';
import { announceId, createStop } from '../flows/caravan/ops.ts';
import { addPlace } from '../flows/caravan/places.ts';
import type { CaravanData, Stop } from '../flows/caravan/types.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

const bots: DiscordBot[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop().catch(() => {});
  while (dirs.length) removeDir(dirs.pop()!);
});

const MANAGER = 'mona';

async function bot(o: { guildLocale?: string } = {}): Promise<DiscordBot> {
  const dir = tempDir('together-discord-announce-');
  dirs.push(dir);
  const b = await startDiscord(dir, { fake: { guildLocale: o.guildLocale ?? 'fr' }, managers: [`discord:${userOf(MANAGER)}`] });
  bots.push(b);
  return b;
}

function person(b: DiscordBot, name: string, locale = 'en-US'): { id: string; dm: string } {
  const id = userOf(name);
  b.fake.addUser({ id, username: name, locale });
  return { id, dm: b.fake.dmOf(id) };
}

async function until(probe: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `/caravan action:… stop:…` typed by `userId`, in a server channel (`channelId`) or the DM; resolves once answered. */
async function caravan(b: DiscordBot, userId: string, action: string, stop: string | undefined, where: { channelId?: string } = {}) {
  const before = b.tracker.events;
  const interaction = await b.fake.slashCommand(userId, 'caravan', { action, ...(stop ? { stop } : {}) }, where.channelId ? { channelId: where.channelId } : {});
  await b.tracker.reached(before + 1);
  await b.settle();
  await interaction.done;
  return b.fake.interaction(interaction.id)!;
}

/** What the interaction finally showed the person who typed it (deferred, then edited). */
const answerOf = (r: { editedOriginal?: { content?: string }; content?: string }) => unescapeDiscord(r.editedOriginal?.content ?? r.content ?? '');
/** Messages the bot posted in a channel for everyone (interaction answers left out). */
const posted = (b: DiscordBot, channelId: string): SeenDiscordMessage[] => b.fake.messages(channelId).filter((m) => !m.interactionId);
const texts = (b: DiscordBot, dm: string) => dmMessages(b.fake, dm).map((m) => unescapeDiscord(m.content));

/** A stop a month ahead whose zone is at midday now, so the quiet hours (22:00–08:00) hold nothing back. */
async function stop(b: DiscordBot): Promise<Stop> {
  const now = new Date();
  const offset = 12 - now.getUTCHours();
  const tz = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const date = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  return createStop(b.core.services, { town: 'Iași', country: 'RO', venue: 'Casa de Cultură', date, time: '18:30', tz, languages: 'ro,en' });
}

/** People who follow the caravan (as if each had confirmed), writing to the bot from their DM. */
async function subscribers(b: DiscordBot, names: string[]): Promise<{ id: string; dm: string }[]> {
  const { store } = b.core.services;
  const out = [];
  for (const name of names) {
    const p = person(b, name);
    const data: CaravanData = { sub: { all: true, regions: [], since: '2026-01-01T00:00:00.000Z' }, rsvp: {} };
    const doc: UserDoc = {
      schema: 1,
      key: store.keyOf(personId({ channel: 'discord', chatId: p.dm, userId: p.id })),
      pseudonym: `p-${name}`,
      contact: { channel: 'discord', userId: p.id, chatId: p.dm },
      lang: 'en',
      consentAt: '2026-01-01T00:00:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
      seq: 0,
      seen: [],
      flows: { caravan: data },
    };
    await store.saveUser(doc);
    await indexSubscription(await caravanRecords(store), { key: doc.key, channel: 'discord' }, data.sub);
    out.push(p);
  }
  return out;
}

/** The manager, who has written to the bot before (a document with a pseudonym). */
async function manager(b: DiscordBot): Promise<{ id: string; dm: string; key: string }> {
  const p = person(b, MANAGER);
  const { store } = b.core.services;
  const key = store.keyOf(personId({ channel: 'discord', chatId: p.dm, userId: p.id }));
  await store.saveUser({ schema: 1, key, pseudonym: 'p-manager-mona', contact: { channel: 'discord', userId: p.id, chatId: p.dm }, lang: 'en', consentAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', seq: 0, seen: [], flows: {} });
  return { ...p, key };
}

const places = async (b: DiscordBot) => (await caravanRecords(b.core.services.store)).places.find({ limit: 100 }).then((p) => p.records);
const ANNOUNCED_FR = /Une nouvelle étape de la caravane/;

/** What a timeout shows: the fake's calls since `from` (ms after it, route, status), the outbox's counters, what the manager got. */
function timeline(b: DiscordBot, from: number, got: string[]): string {
  const calls = b.fake.calls().filter((c) => c.at >= from).map((c) => `  +${c.at - from} ms ${c.method} ${c.path} → ${c.status}`);
  return ['calls since the command:', ...calls, `outbox: ${JSON.stringify(b.core.outbox.stats)}`, 'the manager got:', ...got.map((t) => `  ${JSON.stringify(t.slice(0, 160))}`)].join('\n');
}

/**
 * The manager announces from their DM; resolves with the report they get when it is done, once
 * the bot has finished the announcement. The report shows on Discord a moment before the bot has
 * Discord's answer to it; a command typed in that moment waits for that answer (see "while the
 * report … is still on its way" below; it was once refused as "already being announced").
 */
async function announce(b: DiscordBot, m: { id: string; dm: string }, stopId: string): Promise<string> {
  const before = texts(b, m.dm).length;
  const from = Date.now();
  await caravan(b, m.id, 'announce', stopId);
  let report = '';
  await until(() => {
    report = texts(b, m.dm).slice(before).find((t) => /Announcement of|Everyone following|Nobody follows/.test(t)) ?? '';
    return report !== '';
  }, 'the announcement report').catch((e: Error) => {
    throw new Error(`${e.message}\n${timeline(b, from, texts(b, m.dm).slice(before))}`);
  });
  await b.core.broadcasts.idle();
  await b.settle();
  return report;
}

describe('Discord announcement channels: /caravan channel here', () => {
  it('a manager makes a server channel receive the announcements, in the server language; asking again changes nothing', async () => {
    const b = await bot({ guildLocale: 'fr' });
    const m = await manager(b);
    const general = b.fake.generalChannelId;

    const first = await caravan(b, m.id, 'channel', 'here', { channelId: general });
    // The answer is the interaction's own, seen by the manager alone, in their language; the server's language is the announcements'.
    expect(answerOf(first)).toMatch(/will now receive the caravan's announcements, in French/);
    expect(first.flags! & 64).toBe(64);
    expect(posted(b, general)).toEqual([]);
    const [kept, ...more] = await places(b);
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ channel: 'discord', chatId: general, lang: 'fr', by: 'p-manager-mona' });
    // The record names the manager by pseudonym only.
    expect(JSON.stringify(kept)).not.toContain(m.id);
    expect(JSON.stringify(kept)).not.toContain(m.dm);

    const again = await caravan(b, m.id, 'channel', 'here', { channelId: general });
    expect(answerOf(again)).toMatch(/already receives/);
    expect(await places(b)).toEqual([kept]);

    const listed = await caravan(b, m.id, 'channel', 'list', { channelId: general });
    expect(answerOf(listed)).toContain(`discord:${general} (fr)`);
    // Nothing of it went to the manager's DM: the command ran in the channel.
    expect(texts(b, m.dm)).toEqual([]);

    const off = await caravan(b, m.id, 'channel', 'off', { channelId: general });
    expect(answerOf(off)).toMatch(/will no longer receive/);
    expect(await places(b)).toEqual([]);
    const offAgain = await caravan(b, m.id, 'channel', 'off', { channelId: general });
    expect(answerOf(offAgain)).toMatch(/does not receive/);
  });

  it('anyone else is refused in their own language, and nothing is kept', async () => {
    const b = await bot();
    const general = b.fake.generalChannelId;
    const eve = person(b, 'eve', 'fr');
    const refused = await caravan(b, eve.id, 'channel', 'here', { channelId: general });
    expect(answerOf(refused)).toMatch(/Seuls les responsables de la caravane/);
    expect(await places(b)).toEqual([]);
    expect(posted(b, general)).toEqual([]);
    // No document was made for the person who tried.
    const { store } = b.core.services;
    expect(await store.loadUser(store.keyOf(`discord:${eve.id}`))).toBeNull();
  });

  it('every other /caravan command typed in a server still goes on in the DM, and "here" in the DM keeps nothing', async () => {
    const b = await bot();
    const m = await manager(b);
    const general = b.fake.generalChannelId;
    const server = await caravan(b, m.id, 'list', undefined, { channelId: general });
    expect(answerOf(server)).toMatch(/Answered in our private chat/);
    expect(texts(b, m.dm).join('\n')).toMatch(/No stop is planned|Upcoming stops/);
    expect(posted(b, general)).toEqual([]);

    await caravan(b, m.id, 'channel', 'here');
    expect(texts(b, m.dm).at(-1)).toMatch(/in the group chat or server channel itself/);
    expect(await places(b)).toEqual([]);
  });
});

describe('Discord announcement channels: announcements', () => {
  it('an announcement reaches the channel once, in French, and each subscriber\'s DM once, through 429s; the report counts the channel apart', async () => {
    const b = await bot({ guildLocale: 'fr' });
    const m = await manager(b);
    const general = b.fake.generalChannelId;
    await caravan(b, m.id, 'channel', 'here', { channelId: general });
    const people = await subscribers(b, ['ana', 'bogdan', 'chloe']);
    const s = await stop(b);

    // Discord says 429 to the first sends to the channel: the outbox waits and sends each once.
    b.fake.rateLimitNext(2, 0.05, `POST /channels/${general}/messages`);
    const report = await announce(b, m, s.id);
    expect(b.fake.rateLimited()).toBeGreaterThanOrEqual(1);
    expect(report).toMatch(/Announcement of Iași finished: 3 sent/);
    expect(report).toMatch(/Group chats and channels: 1 posted, 0 failed, 0 gone \(dropped\).* of 1/);

    const inChannel = posted(b, general);
    expect(inChannel).toHaveLength(1);
    const text = unescapeDiscord(inChannel[0]!.content);
    expect(text).toMatch(ANNOUNCED_FR);
    expect(text).toContain(`/caravan join ${s.id}`);
    // Nothing personal and nothing that acts for whoever presses it.
    expect(inChannel[0]!.components ?? []).toEqual([]);
    expect(inChannel[0]!.allowedMentions).toEqual({ parse: [] });
    for (const p of people) {
      const got = texts(b, p.dm).filter((t) => /A new stop of the caravan/.test(t));
      expect(got).toHaveLength(1);
      expect(dmMessages(b.fake, p.dm).some((msg) => (msg.components ?? []).length > 0)).toBe(true);
    }

    // Announcing again doubles nothing: not in the channel, not in a DM.
    const second = await announce(b, m, s.id);
    expect(second).toMatch(/Everyone following/);
    expect(posted(b, general)).toHaveLength(1);
    for (const p of people) expect(texts(b, p.dm).filter((t) => /A new stop of the caravan/.test(t))).toHaveLength(1);
  });

  it('the report shows before Discord\'s answer to it reaches the bot: the announcement is over only then, and announcing again doubles nothing', async () => {
    const b = await bot({ guildLocale: 'fr' });
    const m = await manager(b);
    const general = b.fake.generalChannelId;
    await caravan(b, m.id, 'channel', 'here', { channelId: general });
    const people = await subscribers(b, ['flora', 'gil']);
    const s = await stop(b);

    // Discord shows both messages to the manager (the acknowledgement, then the report) at once but answers the bot 1 s later.
    b.fake.answerLate(2, 1_000, `POST /channels/${m.dm}/messages`);
    const report = await announce(b, m, s.id);
    expect(report).toMatch(/Announcement of Iași finished: 2 sent/);
    const second = await announce(b, m, s.id);
    expect(second).toMatch(/Everyone following/);
    expect(texts(b, m.dm).filter((t) => /already being announced/.test(t))).toEqual([]);
    expect(posted(b, general)).toHaveLength(1);
    for (const p of people) expect(texts(b, p.dm).filter((t) => /A new stop of the caravan/.test(t))).toHaveLength(1);
    // Each message was posted once: the late answers were waited for, not taken for lost.
    const toManager = b.fake.calls(`POST /channels/${m.dm}/messages`);
    expect(toManager).toHaveLength(texts(b, m.dm).length);
  });

  it('announcing again while the report of a finished announcement is still on its way gets the answer for a completed one, not "already being announced"', async () => {
    const b = await bot({ guildLocale: 'fr' });
    const m = await manager(b);
    const people = await subscribers(b, ['hugo', 'iris', 'jon']);
    const s = await stop(b);

    // Every recipient is handled; Discord shows the report at once but answers the bot 1.5 s later (the acknowledgement too).
    b.fake.answerLate(2, 1_500, `POST /channels/${m.dm}/messages`);
    await caravan(b, m.id, 'announce', s.id);
    await until(() => texts(b, m.dm).some((t) => /Announcement of Iași finished: 3 sent/.test(t)), 'the report');
    expect((await b.core.broadcasts.get(announceId(s.id)))?.status).toBe('done');
    const seen = texts(b, m.dm).length;
    // Typed at once, while the bot still waits for Discord's answer to the report.
    await caravan(b, m.id, 'announce', s.id);
    const answer = texts(b, m.dm).slice(seen);
    expect(answer.join('\n')).not.toMatch(/already being announced/);
    expect(answer).toEqual([expect.stringMatching(/Everyone following .* has already received this announcement \(3 people\)/)]);
    for (const p of people) expect(texts(b, p.dm).filter((t) => /A new stop of the caravan/.test(t))).toHaveLength(1);
    // One report: nothing was announced a second time.
    await b.core.broadcasts.idle();
    expect(texts(b, m.dm).filter((t) => /Announcement of Iași finished/.test(t))).toHaveLength(1);
  });

  it('someone who followed while the report was on its way is reached by the next announce, and only they', async () => {
    const b = await bot({ guildLocale: 'fr' });
    const m = await manager(b);
    const people = await subscribers(b, ['kim', 'lea']);
    const s = await stop(b);
    b.fake.answerLate(2, 1_500, `POST /channels/${m.dm}/messages`);
    await caravan(b, m.id, 'announce', s.id);
    await until(() => texts(b, m.dm).some((t) => /Announcement of Iași finished: 2 sent/.test(t)), 'the report');
    const [max] = await subscribers(b, ['max']);
    const seen = texts(b, m.dm).length;
    await caravan(b, m.id, 'announce', s.id);
    expect(texts(b, m.dm).slice(seen)).toEqual([expect.stringMatching(/Announcing the stop in Iași to 1 subscribers/)]);
    await b.core.broadcasts.idle();
    await until(() => texts(b, m.dm).filter((t) => /Announcement of Iași finished/.test(t)).length === 2, 'the second report');
    for (const p of [...people, max!]) expect(texts(b, p.dm).filter((t) => /A new stop of the caravan/.test(t))).toHaveLength(1);
  });

  it('a channel the bot can no longer post in (10003) is dropped with a log line; nobody is marked unreachable', async () => {
    const b = await bot();
    const m = await manager(b);
    const general = b.fake.generalChannelId;
    await caravan(b, m.id, 'channel', 'here', { channelId: general });
    const people = await subscribers(b, ['dora']);
    const s = await stop(b);

    b.fake.failNext(5, 404, 10003, `POST /channels/${general}/messages`);
    const report = await announce(b, m, s.id);
    expect(report).toMatch(/1 sent/);
    expect(report).toMatch(/0 posted, 0 failed, 1 gone \(dropped\)/);
    await until(async () => (await places(b)).length === 0, 'the channel dropped');
    expect(posted(b, general)).toEqual([]);

    const { store } = b.core.services;
    const dora = await store.loadUser(store.keyOf(`discord:${people[0]!.id}`));
    expect(dora?.unreachable).toBeFalsy();
    expect((dora?.flows.caravan as CaravanData).sub).toBeDefined();
    const mona = await store.loadUser(m.key);
    expect(mona?.unreachable).toBeFalsy();
    expect(texts(b, people[0]!.dm).filter((t) => /A new stop of the caravan/.test(t))).toHaveLength(1);
  });

  it('/forget of the manager who added the channel leaves it announcing, with nobody named', async () => {
    const b = await bot({ guildLocale: 'fr' });
    const m = await manager(b);
    const general = b.fake.generalChannelId;
    await caravan(b, m.id, 'channel', 'here', { channelId: general });
    expect((await places(b))[0]?.by).toBe('p-manager-mona');

    const before = b.tracker.events;
    await b.fake.slashCommand(m.id, 'forget');
    await b.tracker.reached(before + 1);
    await b.settle();
    const confirm = dmMessages(b.fake, m.dm).flatMap((msg) => ((msg.components ?? []) as { components?: { label?: string; custom_id?: string }[] }[]).flatMap((r) => r.components ?? []).map((x) => ({ msg, x }))).find(({ x }) => /Yes, erase/.test(x.label ?? ''));
    if (!confirm) throw new Error(`no erase button\n${b.fake.describe()}`);
    const pressed = b.tracker.events;
    await b.fake.pressButton(m.id, confirm.msg.id, confirm.x.custom_id!);
    await b.tracker.reached(pressed + 1);
    await b.settle();
    expect(texts(b, m.dm).at(-1)).toMatch(/everything stored about you has been erased/);

    const [kept] = await places(b);
    expect(kept).toMatchObject({ chatId: general, lang: 'fr' });
    expect(kept?.by).toBeUndefined();

    // The channel still gets the next announcement (started from the command line, no manager to report to).
    await subscribers(b, ['emil']);
    const s = await stop(b);
    const { announce: start } = await import('../flows/caravan/ops.ts');
    const a = await start(b.core.services, s.id);
    const done = await a.done;
    expect(done.places).toMatchObject({ sent: 1, total: 1 });
    expect(posted(b, general)).toHaveLength(1);
    expect(unescapeDiscord(posted(b, general)[0]!.content)).toMatch(ANNOUNCED_FR);
  });
});

describe('Discord answers in a server channel when Discord\'s answer is lost', () => {
  const WEBHOOK_POST = 'POST /webhooks/{application.id}/{interaction.token}';
  const WEBHOOK_EDIT = 'PATCH /webhooks/{application.id}/{interaction.token}/messages/{message.id}';
  /** The answers the manager sees in the channel: the interaction's reply and its follow-ups, all ephemeral. */
  const answers = (b: DiscordBot, channelId: string, userId: string) => b.fake.messages(channelId).filter((m) => m.interactionId && m.to === userId);

  it('the answer (an edit of the interaction\'s reply) is made again after a lost answer: one answer, right text', async () => {
    const b = await bot({ guildLocale: 'fr' });
    const m = await manager(b);
    const general = b.fake.generalChannelId;
    b.fake.loseAnswerNext(1, WEBHOOK_EDIT);
    const first = await caravan(b, m.id, 'channel', 'here', { channelId: general });
    expect(answerOf(first)).toMatch(/will now receive the caravan's announcements, in French/);
    // Edited twice (the first answer lost), shown once.
    expect(b.fake.calls(WEBHOOK_EDIT).map((c) => c.body)).toEqual([expect.objectContaining({ content: expect.stringMatching(/will now receive/) }), expect.objectContaining({ content: expect.stringMatching(/will now receive/) })]);
    expect(answers(b, general, m.id)).toHaveLength(1);
    expect(b.fake.calls(WEBHOOK_POST)).toEqual([]);
  });

  it('a list too long for one message: the follow-up whose answer was lost is not posted again (a webhook takes no nonce), so it shows once', async () => {
    const b = await bot({ guildLocale: 'fr' });
    const m = await manager(b);
    const general = b.fake.generalChannelId;
    // 60 places of ~50 characters: the list is cut into two messages of at most 2,000.
    const { store } = b.core.services;
    for (let n = 0; n < 60; n++) await addPlace(store, { channel: 'discord', chatId: String(400000000000000000n + BigInt(n)), userId: '' }, 'fr', undefined, new Date());
    b.fake.loseAnswerNext(1, WEBHOOK_POST);
    const listed = await caravan(b, m.id, 'channel', 'list', { channelId: general });
    await b.settle();
    const shown = answers(b, general, m.id);
    // The reply (the first part) and exactly one follow-up (the rest): Discord made the follow-up, its answer was lost.
    expect(shown).toHaveLength(2);
    expect(b.fake.calls(WEBHOOK_POST)).toHaveLength(1);
    expect(listed.followUps).toHaveLength(1);
    const text = shown.map((s) => unescapeDiscord(s.content)).join('\n');
    for (let n = 0; n < 60; n++) expect(text).toContain(`discord:${400000000000000000n + BigInt(n)} (fr)`);
    // The bot counted that part as failed (its fate unknown to it), not as sent twice.
    expect(b.core.outbox.stats.failed).toBe(1);
  });

  it('an announcement posted to a server channel whose answer was lost is sent again with its nonce: one message there', async () => {
    const b = await bot({ guildLocale: 'fr' });
    const m = await manager(b);
    const general = b.fake.generalChannelId;
    await caravan(b, m.id, 'channel', 'here', { channelId: general });
    await subscribers(b, ['hana']);
    const s = await stop(b);
    b.fake.loseAnswerNext(1, `POST /channels/${general}/messages`);
    const report = await announce(b, m, s.id);
    expect(report).toMatch(/1 posted, 0 failed/);
    expect(posted(b, general)).toHaveLength(1);
    const posts = b.fake.calls(`POST /channels/${general}/messages`);
    expect(posts).toHaveLength(2);
    const [a, c] = posts.map((p) => p.body as { nonce?: string; enforce_nonce?: boolean });
    expect(a?.nonce).toBeTruthy();
    expect(c).toMatchObject({ nonce: a?.nonce, enforce_nonce: true });
  });
});
