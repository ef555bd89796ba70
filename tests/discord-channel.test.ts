// The Discord channel end to end: the real discord.js client and adapter on a real core, against
// the fake Discord on 127.0.0.1 (REST /api/v10 and the gateway: hello, identify, ready, heartbeats,
// resume).
import { afterEach, describe, expect, it } from 'vitest';
import { personId, type Reply } from '../src/core/types.ts';
import { DiscordStartError } from '../adapters/discord/index.ts';
import { unescapeDiscord } from '../adapters/discord/format.ts';
import { act, buttonsOf, dmMessages, startDiscord, userOf, type DiscordBot, type StartDiscordOptions } from './fakes/contract/discord-driver.ts';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord/index.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

const bots: DiscordBot[] = [];
const fakes: FakeDiscord[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop().catch(() => {});
  for (const f of fakes.splice(0)) await f.close().catch(() => {});
  while (dirs.length) removeDir(dirs.pop()!);
});

async function bot(o: StartDiscordOptions = {}): Promise<DiscordBot> {
  const dir = tempDir('together-discord-');
  dirs.push(dir);
  const b = await startDiscord(dir, o);
  bots.push(b);
  return b;
}

function person(b: DiscordBot, name: string, o: { locale?: string; dmsClosed?: boolean } = {}): { id: string; dm: string } {
  const id = userOf(name);
  b.fake.addUser({ id, username: name, locale: o.locale ?? 'en-US', ...(o.dmsClosed ? { dmsClosed: true } : {}) });
  return { id, dm: b.fake.dmOf(id) };
}

/** Polls: the fake's waitFor wakes on its state changes, which a gateway reconnect is not. */
async function until(probe: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const texts = (b: DiscordBot, dm: string) => dmMessages(b.fake, dm).map((m) => unescapeDiscord(m.content));
const doc = async (b: DiscordBot, userId: string, chatId: string) => {
  const store = b.core.services.store;
  return store.loadUser(store.keyOf(personId({ channel: 'discord', chatId, userId })));
};

/** Presses the enabled button whose label matches on the latest message that has one. */
async function press(b: DiscordBot, userId: string, dm: string, label: RegExp) {
  const message = [...dmMessages(b.fake, dm)].reverse().find((m) => buttonsOf(m).some((x) => !x.disabled && label.test(x.label ?? '')));
  const button = message && buttonsOf(message).find((x) => !x.disabled && label.test(x.label ?? ''));
  if (!message || !button?.custom_id) throw new Error(`no button ${label}\n${b.fake.describe()}`);
  const before = b.tracker.events;
  const interaction = await b.fake.pressButton(userId, message.id, button.custom_id);
  await b.tracker.reached(before + 1);
  await b.settle();
  return { message, interaction: await interaction.done };
}

describe('Discord: start and command registration', () => {
  it('logs in through the gateway found at GET /gateway/bot, with Guilds and DirectMessages only', async () => {
    const b = await bot();
    expect(b.fake.connected()).toBe(true);
    expect(b.fake.identifyCount()).toBe(1);
    expect(b.fake.calls('GET /gateway/bot').length).toBeGreaterThanOrEqual(1);
    // Guilds (1) | DirectMessages (4096): no privileged MessageContent (1 << 15), no GuildMessages.
    expect(b.channel.capabilities.maxText).toBe(2000);
  });

  it('registers the core\'s commands globally with localized descriptions and free-text options', async () => {
    const b = await bot();
    const commands = b.fake.registeredCommands();
    const names = commands.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['start', 'help', 'language', 'spiral', 'caravan', 'mydata', 'forget', 'back', 'skip', 'done', 'cancel']));
    for (const c of commands) expect(c.name).toMatch(/^[-_a-z0-9]{1,32}$/);
    const spiral = commands.find((c) => c.name === 'spiral')!;
    expect(Object.keys(spiral.description_localizations ?? {})).toEqual(expect.arrayContaining(['fr', 'es-ES', 'es-419', 'it', 'pt-BR', 'ro', 'en-US', 'en-GB']));
    expect(spiral.description_localizations!.fr).not.toBe(spiral.description);
    expect((spiral.options as { name: string; type: number }[]).map((o) => [o.name, o.type])).toEqual([['code', 3]]);
    const caravan = commands.find((c) => c.name === 'caravan')!;
    expect((caravan.options as { name: string }[]).map((o) => o.name)).toEqual(['action', 'stop']);
    expect(commands.find((c) => c.name === 'help')!.options ?? []).toEqual([]);
    expect(b.fake.registeredCommands({ guildId: b.fake.guildId })).toEqual([]);
  });

  it('registers in one server when DISCORD_GUILD_ID is set, in the default language', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 5_000 });
    fakes.push(fake);
    const b = await bot({ reuse: fake, channel: { guildId: fake.guildId }, lang: 'fr' });
    const guild = b.fake.registeredCommands({ guildId: fake.guildId });
    expect(guild.map((c) => c.name)).toContain('spiral');
    expect(guild.find((c) => c.name === 'start')!.description).toMatch(/commencer/);
    expect(b.fake.registeredCommands()).toEqual([]);
  });

  it('a refused token stops the start with a clear message', async () => {
    const fake = await startFakeDiscord();
    fakes.push(fake);
    const dir = tempDir('together-discord-');
    dirs.push(dir);
    const start = startDiscord(dir, { reuse: fake, channel: { token: 'not-the-token' } });
    await expect(start).rejects.toThrow(DiscordStartError);
    await expect(start).rejects.toThrow(/DISCORD_BOT_TOKEN was refused by Discord .*401/);
  });

  it('refused intents (close 4014) stop the start with a clear message', async () => {
    const fake = await startFakeDiscord({ allowedIntents: 1 });
    fakes.push(fake);
    const dir = tempDir('together-discord-');
    dirs.push(dir);
    await expect(startDiscord(dir, { reuse: fake })).rejects.toThrow(/4014 disallowed intents/);
  });

  it('a token refused at IDENTIFY (close 4004) stops the start too', async () => {
    const fake = await startFakeDiscord();
    fakes.push(fake);
    fake.closeNextIdentify(4004);
    const dir = tempDir('together-discord-');
    dirs.push(dir);
    await expect(startDiscord(dir, { reuse: fake })).rejects.toThrow(/DISCORD_BOT_TOKEN was refused/);
  });
});

describe('Discord: conversations', () => {
  it('onboarding in a DM, in the language of the person\'s Discord locale, with a marked button', async () => {
    const b = await bot();
    const ana = person(b, 'ana', { locale: 'fr' });
    const interaction = await b.fake.slashCommand(ana.id, 'start');
    await b.tracker.reached(1);
    await b.settle();
    const record = await interaction.done;
    // Answered once, deferred (the answer is the DM itself), then the placeholder is removed.
    expect(record.callbackType).toBe(5);
    expect(record.attempts).toEqual(['ok']);
    expect(record.ackMs).toBeLessThan(3000);
    await b.fake.waitFor(() => b.fake.messages(ana.dm).every((m) => !m.interactionId), 3000, 'the placeholder removed');
    expect(texts(b, ana.dm).at(-1)).toMatch(/Quelle langue/);
    const { message, interaction: pressed } = await press(b, ana.id, ana.dm, /^Français$/);
    expect(pressed.callbackType).toBe(6);
    const marked = b.fake.messages(ana.dm).find((m) => m.id === message.id)!;
    expect(marked.edited).toBe(true);
    const buttons = buttonsOf(marked);
    expect(buttons.every((x) => x.disabled)).toBe(true);
    expect(buttons.filter((x) => x.style === 3).map((x) => x.label)).toEqual(['✓ Français']);
    expect(texts(b, ana.dm).join('\n')).toMatch(/d'accord/);
    // A DM typed later carries the locale the interactions told.
    await act(b, ana.id, 'bonjour');
    expect((await doc(b, ana.id, ana.dm))?.lang).toBe('fr');
  });

  it('a slash command in a server channel answers ephemerally and goes on in the DM', async () => {
    const b = await bot();
    const bo = person(b, 'bo', { locale: 'it' });
    const interaction = await b.fake.slashCommand(bo.id, 'help', {}, { guild: true });
    await b.tracker.reached(1);
    await b.settle();
    const record = await interaction.done;
    expect(record.callbackType).toBe(4);
    expect(record.flags! & 64).toBe(64);
    expect(unescapeDiscord(record.content ?? '')).toContain(`https://discord.com/channels/@me/${bo.dm}`);
    expect(record.content).toMatch(/privata/);
    // Nothing of the conversation in the server channel; the answer in the DM.
    expect(b.fake.messages(b.fake.generalChannelId).filter((m) => !m.to)).toEqual([]);
    expect(texts(b, bo.dm).join('\n')).toMatch(/\/mydata/);
  });

  it('closed DMs: the server note points to the privacy setting, and the person is unreachable', async () => {
    const b = await bot();
    const cy = person(b, 'cy', { dmsClosed: true });
    const interaction = await b.fake.slashCommand(cy.id, 'start', {}, { guild: true });
    await b.tracker.reached(1);
    await b.settle();
    await b.core.engine.idle();
    const record = await b.fake.waitFor(() => {
      const r = b.fake.interaction(interaction.id);
      return r?.editedOriginal ? r : undefined;
    }, 5000, 'the pointer');
    expect(record.editedOriginal!.content).toMatch(/direct messages are closed/);
    expect(record.flags! & 64).toBe(64);
    expect(b.fake.calls('POST /channels/{channel.id}/messages').some((c) => c.code === 50007)).toBe(true);
    expect((await doc(b, cy.id, cy.dm))?.unreachable).toBe(true);
  });

  it('a slash command\'s free-text option becomes the core command\'s args', async () => {
    const b = await bot();
    const di = person(b, 'di');
    await act(b, di.id, '/start');
    await press(b, di.id, di.dm, /^English$/);
    await press(b, di.id, di.dm, /I agree/);
    const before = b.tracker.events;
    await b.fake.slashCommand(di.id, 'language', { language: 'fr' });
    await b.tracker.reached(before + 1);
    await b.settle();
    expect((await doc(b, di.id, di.dm))?.lang).toBe('fr');
  });

  it('an interaction is acknowledged in time even when the core is slow: deferred, then the note', async () => {
    const b = await bot({ channel: { ackDeadlineMs: 100 } });
    const ed = person(b, 'ed');
    // The core takes longer than the adapter may wait before acknowledging.
    const engine = b.core.engine;
    const handle = engine.handle.bind(engine);
    engine.handle = async (event) => {
      await new Promise((r) => setTimeout(r, 600));
      return handle(event);
    };
    const interaction = await b.fake.slashCommand(ed.id, 'help', {}, { guild: true });
    const record = await interaction.done;
    expect(record.callbackType).toBe(5);
    expect(record.ackMs).toBeLessThan(3000);
    await b.tracker.reached(1);
    await b.settle();
    const edited = await b.fake.waitFor(() => b.fake.interaction(interaction.id)?.editedOriginal, 5000, 'the note');
    expect(edited.content).toMatch(/private chat/);
    expect(b.fake.interaction(interaction.id)!.attempts).toEqual(['ok']);
  });

  it('a first command from a server while a global 429 holds the DM opening past the deadline: deferred, then the note by an edit, handled once', async () => {
    const b = await bot();
    const ivo = person(b, 'ivo');
    // Interaction callbacks are exempt from a global 429 (on Discord, in the fake and in discord.js);
    // opening a DM is not: the REST client waits it out, past Discord's 3 s.
    b.fake.rateLimitNext(1, 3.5, 'POST /users/@me/channels', { global: true });
    const interaction = await b.fake.slashCommand(ivo.id, 'help', {}, { guild: true });
    const record = await interaction.done;
    expect({ type: record.callbackType, ephemeral: (record.flags ?? 0) & 64, attempts: record.attempts }).toEqual({ type: 5, ephemeral: 64, attempts: ['ok'] });
    await b.tracker.reached(1);
    await b.settle();
    const edited = await b.fake.waitFor(() => b.fake.interaction(interaction.id)?.editedOriginal, 5000, 'the note');
    expect(edited.content).toMatch(/private chat/);
    expect(edited.content).toContain(ivo.dm);
    expect(b.fake.calls('POST /users/@me/channels').map((c) => c.status)).toEqual([429, 200]);
    expect(b.tracker.events).toBe(1);
    expect(texts(b, ivo.dm).length).toBeGreaterThan(0);
    expect(b.fake.interaction(interaction.id)!.followUps).toEqual([]);
  });

  it('a DM opening that fails after the deadline: deferred, then the "could not open" note by an edit; nothing reaches the core', async () => {
    const b = await bot({ channel: { ackDeadlineMs: 100 } });
    const jo = person(b, 'jo');
    b.fake.rateLimitNext(1, 0.6, 'POST /users/@me/channels', { global: true });
    b.fake.failNext(1, 500, 0, 'POST /users/@me/channels');
    const interaction = await b.fake.slashCommand(jo.id, 'help', {}, { guild: true });
    const record = await interaction.done;
    expect({ type: record.callbackType, ephemeral: (record.flags ?? 0) & 64, attempts: record.attempts }).toEqual({ type: 5, ephemeral: 64, attempts: ['ok'] });
    const edited = await b.fake.waitFor(() => b.fake.interaction(interaction.id)?.editedOriginal, 5000, 'the note');
    expect(edited.content).toMatch(/could not open our private chat/);
    expect(b.fake.calls('POST /users/@me/channels').map((c) => c.status)).toEqual([429, 500]);
    expect(b.tracker.events).toBe(0);
    expect(dmMessages(b.fake, jo.dm)).toEqual([]);
  });

  it('bad input: a DM with only an attachment gets the core\'s hint, a foreign button is ignored quietly, an unknown command is answered', async () => {
    const b = await bot();
    const fa = person(b, 'fa');
    await act(b, fa.id, '/start');
    await press(b, fa.id, fa.dm, /^English$/);
    await press(b, fa.id, fa.dm, /I agree/);
    let before = b.tracker.events;
    await b.fake.sendDm(fa.id, '', { attachments: [{ filename: 'photo.png', bytes: Buffer.from('x') }] });
    await b.tracker.reached(before + 1);
    await b.settle();
    expect(texts(b, fa.dm).at(-1)).toMatch(/empty message/);
    // A component whose custom_id this adapter never made: acknowledged, nothing handed to the core.
    const last = dmMessages(b.fake, fa.dm).at(-1)!;
    before = b.tracker.events;
    const stray = await b.fake.pressButton(fa.id, last.id, 'someone-else', { force: true });
    expect((await stray.done).callbackType).toBe(6);
    expect(b.tracker.events).toBe(before);
    await act(b, fa.id, '/nosuchcommand');
    expect(texts(b, fa.dm).at(-1)).toMatch(/don't know the command/);
  });
});

describe('Discord: rendering and limits', () => {
  const notify = (b: DiscordBot, who: { id: string; dm: string }, replies: Reply[]) => b.core.services.notify({ channel: 'discord', chatId: who.dm, userId: who.id }, replies);

  it('escapes markdown and sends with mentions off: nothing typed pings or formats', async () => {
    const b = await bot();
    const gi = person(b, 'gi');
    const typed = '@everyone @here <@123456789012345678> <@&222222222222222222> **bold** __u__ ||spoiler|| `code`\n# Heading\n> quote\n- item\n1. first\n-# small [masked](https://evil.example) https://example.org/a_b_(c)';
    expect(await notify(b, gi, [{ kind: 'text', text: typed }])).toEqual(['sent']);
    const [m] = dmMessages(b.fake, gi.dm);
    expect(m!.allowedMentions).toEqual({ parse: [] });
    expect(unescapeDiscord(m!.content)).toBe(typed);
    expect(m!.content).not.toMatch(/(^|[^\\])<@/);
    for (const raw of ['**bold**', '||spoiler||', '[masked](', '\n# Heading', '\n> quote', '\n- item', '\n1. first', '\n-# small']) expect(m!.content).not.toContain(raw);
    // A link stays a link.
    expect(m!.content).toContain('https://example.org/a_b_(c)');
  });

  it('a 2,500-character text becomes two messages within 2,000, in order, the buttons on the last', async () => {
    const b = await bot();
    const hu = person(b, 'hu');
    const text = Array.from({ length: 48 }, (_, i) => `line ${String(i).padStart(2, '0')} of a text longer than one message, *starred*`).join('\n');
    expect(text.length).toBeGreaterThan(2500);
    const outcome = await notify(b, hu, [{ kind: 'text', text, buttons: [[{ label: 'OK', token: 'x:ok' }]] }]);
    expect(outcome.every((o) => o === 'sent')).toBe(true);
    const parts = dmMessages(b.fake, hu.dm);
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.content.length).toBeLessThanOrEqual(2000);
    expect(parts.map((p) => unescapeDiscord(p.content)).join('\n')).toBe(text);
    expect(buttonsOf(parts[0]!)).toEqual([]);
    expect(buttonsOf(parts[1]!).map((x) => x.label)).toEqual(['OK']);
  });

  it('buttons become action rows of at most 5, labels within 80, unique custom_ids', async () => {
    const b = await bot();
    const io = person(b, 'io');
    const row = Array.from({ length: 7 }, (_, i) => ({ label: `${'x'.repeat(90)}${i}`, token: 'same:token' }));
    expect(await notify(b, io, [{ kind: 'text', text: 'pick', buttons: [row] }])).toEqual(['sent']);
    const [m] = dmMessages(b.fake, io.dm);
    const rows = (m!.components ?? []) as { components: { label: string; custom_id: string }[] }[];
    expect(rows.map((r) => r.components.length)).toEqual([5, 2]);
    const all = rows.flatMap((r) => r.components);
    expect(all.every((x) => [...x.label].length <= 80)).toBe(true);
    expect(new Set(all.map((x) => x.custom_id)).size).toBe(7);
  });

  it('images and files are attachments', async () => {
    const b = await bot();
    const jo = person(b, 'jo');
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 0]);
    expect(await notify(b, jo, [{ kind: 'image', png, filename: 'chart.png', caption: 'Your *chart*' }, { kind: 'file', filename: 'data.csv', mime: 'text/csv', content: new TextEncoder().encode('a,b\n1,2\n') }])).toEqual(['sent', 'sent']);
    const [image, file] = dmMessages(b.fake, jo.dm);
    expect(image!.attachments.map((a) => a.filename)).toEqual(['chart.png']);
    expect(Buffer.compare(image!.attachments[0]!.bytes, Buffer.from(png))).toBe(0);
    expect(unescapeDiscord(image!.content)).toBe('Your *chart*');
    expect(file!.attachments[0]!.bytes.toString()).toBe('a,b\n1,2\n');
  });

  it('a 429 storm is waited out by the outbox: every message once, in order, no REST retry behind its back', async () => {
    const b = await bot();
    const ka = person(b, 'ka');
    b.fake.rateLimitNext(4, 0.3, 'POST /channels/{channel.id}/messages');
    const replies = Array.from({ length: 6 }, (_, i): Reply => ({ kind: 'text', text: `message ${i + 1}` }));
    expect(await notify(b, ka, replies)).toEqual(replies.map(() => 'sent'));
    expect(b.fake.rateLimited()).toBeGreaterThanOrEqual(4);
    expect(texts(b, ka.dm)).toEqual(replies.map((r) => (r as { text: string }).text));
    const posts = b.fake.calls('POST /channels/{channel.id}/messages');
    expect(posts.filter((c) => c.status === 200)).toHaveLength(6);
    expect(posts.filter((c) => c.status === 429)).toHaveLength(4);
  });

  it('a 5xx is retried by the outbox once more, and the message arrives once', async () => {
    const b = await bot();
    const li = person(b, 'li');
    b.fake.failNext(1, 502, 0, 'POST /channels/{channel.id}/messages');
    expect(await notify(b, li, [{ kind: 'text', text: 'after a 502' }])).toEqual(['sent']);
    expect(texts(b, li.dm)).toEqual(['after a 502']);
  });
});

describe('Discord: gateway disconnect and resume', () => {
  it('resumes the session after a disconnect; what was said meanwhile is handled once, nothing lost', async () => {
    const b = await bot();
    const mo = person(b, 'mo');
    await act(b, mo.id, '/start');
    await press(b, mo.id, mo.dm, /^English$/);
    await press(b, mo.id, mo.dm, /I agree/);
    const session = b.fake.sessionId();
    const before = b.tracker.events;
    b.fake.disconnect({ resumable: true });
    // Said while the bot is away: the fake replays it after RESUME.
    await b.fake.sendDm(mo.id, '/help');
    const interaction = await b.fake.slashCommand(mo.id, 'mydata');
    await until(() => b.fake.resumeCount() >= 1 && b.fake.connected(), 'a resume');
    await b.tracker.reached(before + 2);
    await b.settle();
    expect(b.fake.sessionId()).toBe(session);
    expect(b.fake.identifyCount()).toBe(1);
    expect(texts(b, mo.dm).filter((t) => /^What you can do/.test(t))).toHaveLength(1);
    expect(texts(b, mo.dm).filter((t) => /^Everything stored about you/.test(t))).toHaveLength(1);
    const record = await interaction.done;
    expect(record.attempts[0]).toBe('ok');
    // A second disconnect replays nothing already handled.
    const count = b.tracker.events;
    b.fake.disconnect({ resumable: true });
    await until(() => b.fake.resumeCount() >= 2 && b.fake.connected(), 'a second resume');
    expect(b.fake.identifyCount()).toBe(1);
    await act(b, mo.id, 'still here');
    expect(b.tracker.events).toBe(count + 1);
  });
});
