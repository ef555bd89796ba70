// How the Discord adapter's sends meet Discord's limits and a lossy connection, end to end (real
// core, adapter and discord.js against the fake Discord): one queue sends each message (the
// outbox; neither the adapter's poster nor the discord.js REST client retries behind it), a global
// 429 holds every send of both, a 429 storm over several chats loses nothing and doubles nothing,
// and an answer lost after Discord created the message is not a second message (the nonce).
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../src/core/types.ts';
import { unescapeDiscord } from '../adapters/discord/format.ts';
import { dmMessages, startDiscord, userOf, type DiscordBot } from './fakes/contract/discord-driver.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

const bots: DiscordBot[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop().catch(() => {});
  while (dirs.length) removeDir(dirs.pop()!);
});

async function bot(): Promise<DiscordBot> {
  const dir = tempDir('together-discord-limits-');
  dirs.push(dir);
  const b = await startDiscord(dir);
  bots.push(b);
  return b;
}

function person(b: DiscordBot, name: string): { id: string; dm: string } {
  const id = userOf(name);
  b.fake.addUser({ id, username: name, locale: 'en-US' });
  return { id, dm: b.fake.dmOf(id) };
}

async function until(probe: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const notify = (b: DiscordBot, who: { id: string; dm: string }, replies: Reply[]) => b.core.services.notify({ channel: 'discord', chatId: who.dm, userId: who.id }, replies);
const texts = (b: DiscordBot, dm: string) => dmMessages(b.fake, dm).map((m) => unescapeDiscord(m.content));
const lines = (who: string, n: number): Reply[] => Array.from({ length: n }, (_, i) => ({ kind: 'text', text: `${who} ${i + 1}` }));
const POST = 'POST /channels/{channel.id}/messages';

describe('Discord sends under rate limits', () => {
  it('a global 429 holds every send, the poster\'s and the REST client\'s, until it has passed; then each message goes once', async () => {
    const b = await bot();
    const [ana, bo, cy] = [person(b, 'ana'), person(b, 'bo'), person(b, 'cy')];
    // The fake refuses every call for 1 s after a global 429: a send the bot let out meanwhile would be one more 429.
    b.fake.rateLimitNext(1, 1, `POST /channels/${ana.dm}/messages`, { global: true });
    const first = notify(b, ana, [{ kind: 'text', text: 'ana 1' }]);
    // Once the bot knows (the REST client's window shows the pause), everyone else's sends come.
    await until(() => b.channel.rest.globalRemaining <= 0 && b.channel.rest.globalReset > Date.now(), 'the global pause in the bot');
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 0]);
    const others = await Promise.all([
      notify(b, bo, lines('bo', 2)),
      // An upload goes through the discord.js REST client, which shares the poster's global window.
      notify(b, cy, [{ kind: 'image', png, filename: 'chart.png', caption: 'cy 1' }, { kind: 'text', text: 'cy 2' }]),
      notify(b, ana, [{ kind: 'text', text: 'ana 2' }]),
    ]);
    expect(await first).toEqual(['sent']);
    expect(others).toEqual([['sent', 'sent'], ['sent', 'sent'], ['sent']]);
    expect(b.fake.rateLimited()).toBe(1);
    expect(texts(b, ana.dm)).toEqual(['ana 1', 'ana 2']);
    expect(texts(b, bo.dm)).toEqual(['bo 1', 'bo 2']);
    expect(texts(b, cy.dm)).toEqual(['cy 1', 'cy 2']);
    expect(b.fake.calls(POST).filter((c) => c.status === 429)).toHaveLength(1);
  });

  it('a 429 storm over several chats, with their buckets running out: every message once, in order', async () => {
    const b = await bot();
    const people = ['dan', 'eli', 'fay'].map((n) => person(b, n));
    // Injected 429s on top of the buckets (5 messages per 5 s per chat): the 6th message of each chat waits for its bucket.
    b.fake.rateLimitNext(5, 0.2, POST);
    const outcomes = await Promise.all(people.map((p, i) => notify(b, p, lines(['dan', 'eli', 'fay'][i]!, 6))));
    expect(outcomes.flat()).toEqual(Array(18).fill('sent'));
    for (const [i, p] of people.entries()) expect(texts(b, p.dm)).toEqual((lines(['dan', 'eli', 'fay'][i]!, 6) as { text: string }[]).map((r) => r.text));
    const posts = b.fake.calls(POST);
    expect(posts.filter((c) => c.status === 200)).toHaveLength(18);
    // Each chat's sixth message waited out its bucket rather than meeting it: no 429 but the 5 injected.
    expect(posts.filter((c) => c.status === 429)).toHaveLength(5);
  });

  it('an answer lost after Discord created the message (the connection dropped) is sent again with its nonce: one message', async () => {
    const b = await bot();
    const gus = person(b, 'gus');
    b.fake.loseAnswerNext(1, `POST /channels/${gus.dm}/messages`);
    expect(await notify(b, gus, lines('gus', 2))).toEqual(['sent', 'sent']);
    expect(texts(b, gus.dm)).toEqual(['gus 1', 'gus 2']);
    const posts = b.fake.calls(`POST /channels/${gus.dm}/messages`);
    // The first message was posted twice with the same nonce; Discord made it once.
    expect(posts).toHaveLength(3);
    const nonces = posts.map((c) => (c.body as { nonce?: string; enforce_nonce?: boolean }).nonce);
    expect(nonces[0]).toBe(nonces[1]);
    expect(nonces[2]).not.toBe(nonces[0]);
    expect(posts.every((c) => (c.body as { enforce_nonce?: boolean }).enforce_nonce === true)).toBe(true);
  });

  it('an upload (multipart, through the REST client) whose answer was lost is sent again with its nonce: one message', async () => {
    const b = await bot();
    const ida = person(b, 'ida');
    const route = `POST /channels/${ida.dm}/messages`;
    b.fake.loseAnswerNext(1, route);
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 0]);
    expect(await notify(b, ida, [{ kind: 'image', png, filename: 'chart.png', caption: 'ida 1' }])).toEqual(['sent']);
    expect(texts(b, ida.dm)).toEqual(['ida 1']);
    expect(dmMessages(b.fake, ida.dm)[0]!.attachments.map((a) => a.filename)).toEqual(['chart.png']);
    const posts = b.fake.calls(route).map((c) => c.body as { nonce?: string; enforce_nonce?: boolean });
    expect(posts).toHaveLength(2);
    expect(posts[0]?.nonce).toBeTruthy();
    expect(posts[1]).toMatchObject({ nonce: posts[0]?.nonce, enforce_nonce: true });
  });
});

describe('the fake Discord keeps Discord\'s nonce rules', () => {
  const post = (b: DiscordBot, path: string, body: Record<string, unknown>, auth = true) =>
    fetch(`${b.fake.apiUrl}/v10${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bot ${b.fake.token}` } : {}) }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string; channel_id: string } }));

  it('enforce_nonce returns the author\'s message made with that nonce (in any channel); without it, or through an interaction webhook, each call makes a message', async () => {
    const b = await bot();
    const [jo, kai] = [person(b, 'jo'), person(b, 'kai')];
    const first = await post(b, `/channels/${jo.dm}/messages`, { content: 'one', nonce: 'n-1', enforce_nonce: true });
    const again = await post(b, `/channels/${jo.dm}/messages`, { content: 'one', nonce: 'n-1', enforce_nonce: true });
    expect(first.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    // Discord's docs scope the check to the author, not the channel.
    const elsewhere = await post(b, `/channels/${kai.dm}/messages`, { content: 'one', nonce: 'n-1', enforce_nonce: true });
    expect(elsewhere.body).toMatchObject({ id: first.body.id, channel_id: jo.dm });
    const plain = await post(b, `/channels/${jo.dm}/messages`, { content: 'one', nonce: 'n-1' });
    expect(plain.body.id).not.toBe(first.body.id);
    expect(texts(b, jo.dm)).toEqual(['one', 'one']);
    expect(texts(b, kai.dm)).toEqual([]);

    // A follow-up (Execute Webhook) has no nonce parameter: sent along, it is ignored.
    const i = await b.fake.slashCommand(jo.id, 'help');
    await i.done;
    const webhook = `/webhooks/${b.fake.applicationId}/${i.token}`;
    const f1 = await post(b, webhook, { content: 'more', nonce: 'n-2', enforce_nonce: true }, false);
    const f2 = await post(b, webhook, { content: 'more', nonce: 'n-2', enforce_nonce: true }, false);
    expect([f1.status, f2.status]).toEqual([200, 200]);
    expect(f2.body.id).not.toBe(f1.body.id);
    expect(b.fake.interaction(i.id)?.followUps).toHaveLength(2);
  });
});
