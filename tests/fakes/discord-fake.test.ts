// Self-test of the fake Discord, driven by the real discord.js 14 Client (its REST queue and its
// gateway shard), so that what passes here is what an adapter built on discord.js will see.
import { once } from 'node:events';
import { createInflate } from 'node:zlib';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type ChatInputCommandInteraction,
  type Interaction as DjsInteraction,
  type Message,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './discord/index.ts';

const ALICE = '111111111111111111';
const BOB = '222222222222222222';

const cleanup: (() => Promise<unknown> | unknown)[] = [];

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const discord = await startFakeDiscord(options);
  cleanup.push(() => discord.close());
  discord.addUser({ id: ALICE, username: 'alice', locale: 'fr' });
  discord.addUser({ id: BOB, username: 'bob' });
  return discord;
}

function client(discord: FakeDiscord, intents = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages]): Client {
  // Partials.Channel: discord.js only receives DMs in channels it has not cached with it.
  const c = new Client({ intents, partials: [Partials.Channel], rest: { api: discord.apiUrl } });
  cleanup.push(() => c.destroy());
  return c;
}

/** A logged-in client, once discord.js has emitted clientReady (READY and the guild's GUILD_CREATE seen). */
async function ready(discord: FakeDiscord): Promise<Client<true>> {
  const c = client(discord);
  const isReady = once(c, Events.ClientReady);
  await c.login(discord.token);
  await isReady;
  return c as Client<true>;
}

/** The next interaction of the given kind the client receives. */
function nextInteraction<T extends DjsInteraction>(c: Client, accept: (i: DjsInteraction) => i is T): Promise<T> {
  return new Promise((resolve) => {
    const on = (i: DjsInteraction): void => {
      if (!accept(i)) return;
      c.off(Events.InteractionCreate, on);
      resolve(i);
    };
    c.on(Events.InteractionCreate, on);
  });
}

const isChatInput = (i: DjsInteraction): i is ChatInputCommandInteraction => i.isChatInputCommand();

async function discordError(p: Promise<unknown>): Promise<DiscordAPIError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(e)}`);
  return e;
}

describe('login and the gateway handshake', () => {
  it('logs in: GET /gateway/bot, HELLO, IDENTIFY with the intents, READY with the session and the guild', async () => {
    const discord = await fake();
    const c = await ready(discord);
    expect(c.user.id).toBe(discord.botUserId);
    expect(c.application.id).toBe(discord.applicationId);
    expect(c.guilds.cache.get(discord.guildId)?.channels.cache.get(discord.generalChannelId)?.type).toBe(ChannelType.GuildText);
    expect(discord.connected()).toBe(true);
    expect(discord.sessionId()).toMatch(/^[0-9a-f]{32}$/);
    expect(discord.identifyCount()).toBe(1);
    expect(discord.calls('GET /gateway/bot')).toHaveLength(1);
    expect(discord.gatewayPaths()).toEqual(['/']);
  });
});

describe('interactions', () => {
  it('answers a slash command with an ephemeral reply, in a guild channel, within the time', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const received = nextInteraction(c, isChatInput);
    const sent = await discord.slashCommand(ALICE, 'spiral', { code: 'K7M2QX' }, { guild: true });
    const interaction = await received;
    expect(interaction.commandName).toBe('spiral');
    expect(interaction.options.getString('code')).toBe('K7M2QX');
    expect(interaction.inGuild()).toBe(true);
    expect(interaction.locale).toBe('fr');
    expect(interaction.guildLocale).toBe('en-US');
    await interaction.reply({ content: 'Continuing in your DMs', flags: MessageFlags.Ephemeral });
    const record = await sent.done;
    expect(record).toMatchObject({ callbackType: 4, flags: 64, content: 'Continuing in your DMs' });
    expect(record.ackMs).toBeLessThan(3000);
    expect(discord.messages(discord.generalChannelId)).toEqual([expect.objectContaining({ content: 'Continuing in your DMs', flags: 64, to: ALICE, interactionId: sent.id })]);
  });

  it('takes deferReply then editReply (the original message loses its loading state), and follow-ups', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const received = nextInteraction(c, isChatInput);
    const sent = await discord.slashCommand(BOB, 'caravan', { stop: 'Lyon', days: 3 });
    const interaction = await received;
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.channelId).toBe(discord.dmOf(BOB));
    expect(interaction.options.getInteger('days')).toBe(3);
    await interaction.deferReply();
    expect((await sent.done).callbackType).toBe(5);
    expect(discord.messages(discord.dmOf(BOB))[0]).toMatchObject({ content: '', flags: 128 });
    const edited = await interaction.editReply('Stop added: Lyon');
    expect(edited.content).toBe('Stop added: Lyon');
    await interaction.followUp({ content: 'One more thing', flags: MessageFlags.Ephemeral });
    const record = discord.interaction(sent.id);
    expect(record?.editedOriginal).toEqual({ content: 'Stop added: Lyon', components: [] });
    expect(record?.followUps).toEqual([{ content: 'One more thing', flags: 64 }]);
    expect(discord.messages(discord.dmOf(BOB)).map((m) => [m.content, m.flags, m.edited])).toEqual([
      ['Stop added: Lyon', 0, true],
      ['One more thing', 64, false],
    ]);
  });

  it('answers a button press with update (the pressed message is edited)', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const alice = await c.users.fetch(ALICE);
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('q1:yes').setLabel('Yes').setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId('q1:no').setLabel('No').setStyle(ButtonStyle.Secondary),
    );
    const question = await alice.send({ content: 'Ready?', components: [row] });
    const received = nextInteraction(c, (i): i is DjsInteraction => i.isButton());
    const sent = await discord.pressButton(ALICE, question.id, 'q1:yes');
    const press = await received;
    if (!press.isButton()) throw new Error('not a button');
    expect(press.customId).toBe('q1:yes');
    expect(press.message.id).toBe(question.id);
    const marked = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('q1:yes').setLabel('✓ Yes').setStyle(ButtonStyle.Success).setDisabled(true),
      new ButtonBuilder().setCustomId('q1:no').setLabel('No').setStyle(ButtonStyle.Secondary).setDisabled(true),
    );
    await press.update({ components: [marked] });
    expect(await sent.done).toMatchObject({ callbackType: 7 });
    const [seen] = discord.messages(discord.dmOf(ALICE));
    expect(seen).toMatchObject({ id: question.id, content: 'Ready?', edited: true });
    expect(seen?.components).toEqual([{ type: 1, components: [expect.objectContaining({ custom_id: 'q1:yes', disabled: true, style: 3 }), expect.objectContaining({ custom_id: 'q1:no', disabled: true })] }]);
    await expect(discord.pressButton(ALICE, question.id, 'q1:no')).rejects.toThrow(/no enabled component/);
  });

  it('refuses a second callback (40060) and a late one (10062), and records a timeout', async () => {
    const discord = await fake({ interactionTimeoutMs: 200 });
    const c = await ready(discord);
    const first = nextInteraction(c, isChatInput);
    const sent = await discord.slashCommand(ALICE, 'help');
    const interaction = await first;
    await interaction.reply('Hello');
    const url = `${discord.apiUrl}/v10/interactions/${sent.id}/${sent.token}/callback`;
    const again = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 4, data: { content: 'Twice' } }) });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });

    const second = nextInteraction(c, isChatInput);
    const late = await discord.slashCommand(ALICE, 'help');
    const slow = await second;
    expect(await late.done).toMatchObject({ error: 'timeout' });
    const e = await discordError(slow.reply('Too late'));
    expect([e.status, e.code]).toEqual([404, 10062]);
    expect(discord.interaction(late.id)?.attempts).toEqual(['10062']);
  });
});

describe('direct messages', () => {
  it('delivers a DM to the client without the message-content intent', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const got = new Promise<Message>((resolve) => c.on(Events.MessageCreate, (m) => void (m.author.id === ALICE && resolve(m))));
    await discord.sendDm(ALICE, 'my idea: more bike lanes');
    const message = await got;
    expect(message.content).toBe('my idea: more bike lanes');
    expect(message.channel.type).toBe(ChannelType.DM);
    expect(message.channelId).toBe(discord.dmOf(ALICE));
  });

  it('withholds guild message content without the intent, unless the bot is mentioned', async () => {
    const discord = await fake();
    const c = client(discord, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const isReady = once(c, Events.ClientReady);
    await c.login(discord.token);
    await isReady;
    const seen: string[] = [];
    c.on(Events.MessageCreate, (m) => void seen.push(m.content));
    await discord.sendGuildMessage(ALICE, discord.generalChannelId, 'hello all');
    await discord.sendGuildMessage(ALICE, discord.generalChannelId, 'hello bot', { mentionsBot: true });
    await expect.poll(() => seen).toHaveLength(2);
    expect(seen).toEqual(['', `<@${discord.botUserId}> hello bot`]);
  });

  it('sends a DM with components and an attachment (multipart payload_json + files[0])', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const bob = await c.users.fetch(BOB);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('chart:again').setLabel('Again').setStyle(ButtonStyle.Primary));
    const sent = await bob.send({ content: 'Your chart', components: [row], files: [new AttachmentBuilder(png, { name: 'chart.png' })], allowedMentions: { parse: [] } });
    expect(sent.attachments.first()?.name).toBe('chart.png');
    const [seen] = discord.messages(discord.dmOf(BOB));
    expect(seen?.content).toBe('Your chart');
    expect(seen?.attachments).toEqual([{ filename: 'chart.png', bytes: png }]);
    expect(seen?.components).toHaveLength(1);
    expect(seen?.allowedMentions).toEqual({ parse: [] });
    expect(discord.calls('POST /channels/{channel.id}/messages')[0]?.body).toMatchObject({ files: ['chart.png'] });
    expect(discord.calls('/users/@me/channels')[0]?.body).toEqual({ recipient_id: BOB });
  });

  it('answers 403 50007 when the person closed their DMs', async () => {
    const discord = await fake();
    const c = await ready(discord);
    discord.closeDms(ALICE);
    const alice = await c.users.fetch(ALICE);
    const e = await discordError(alice.send('hello'));
    expect([e.status, e.code, e.message]).toEqual([403, 50007, 'Cannot send messages to this user']);
    expect(discord.messages(discord.dmOf(ALICE))).toEqual([]);
  });
});

describe('validation', () => {
  it('answers 50035 Invalid Form Body with the field path for 2001 characters, too many buttons, long labels', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const bob = await c.users.fetch(BOB);
    const long = await discordError(bob.send('x'.repeat(2001)));
    expect([long.status, long.code]).toEqual([400, 50035]);
    expect(long.rawError).toEqual({ message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } } });
    await bob.send('x'.repeat(2000));

    const six = { type: 1, components: Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 1, custom_id: `b${i}`, label: `B${i}` })) };
    const tooMany = await discordError(bob.send({ content: 'pick', components: [six] }));
    expect(tooMany.rawError).toMatchObject({ errors: { components: { '0': { components: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } } } });
    const label = { type: 1, components: [{ type: 2, style: 1, custom_id: 'a', label: 'L'.repeat(81) }, { type: 2, style: 1, custom_id: 'a', label: 'ok' }] };
    const labelled = await discordError(bob.send({ content: 'pick', components: [label] }));
    expect(labelled.rawError).toMatchObject({
      errors: { components: { '0': { components: { '0': { label: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } }, '1': { custom_id: { _errors: [{ code: 'COMPONENT_CUSTOM_ID_DUPLICATED' }] } } } } } },
    });
    const rows = Array.from({ length: 6 }, (_, i) => ({ type: 1, components: [{ type: 2, style: 1, custom_id: `r${i}`, label: 'x' }] }));
    expect((await discordError(bob.send({ content: 'rows', components: rows }))).code).toBe(50035);
    expect(discord.messages(discord.dmOf(BOB))).toHaveLength(1);
  });

  it('answers 50006 for an empty message and checks interaction answers under data', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const bob = await c.users.fetch(BOB);
    const empty = await discordError(bob.send({ content: '  ' }));
    expect([empty.status, empty.code]).toEqual([400, 50006]);
    const received = nextInteraction(c, isChatInput);
    await discord.slashCommand(BOB, 'help');
    const interaction = await received;
    const e = await discordError(interaction.reply('y'.repeat(2001)));
    expect(e.rawError).toMatchObject({ code: 50035, errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
    await interaction.reply('short enough');
  });
});

describe('rate limits and failures', () => {
  it('puts Discord bucket headers on message creates and answers the sixth in 5 s with 429', async () => {
    const discord = await fake();
    const headers = { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' };
    const url = `${discord.apiUrl}/v10/channels/${discord.dmOf(ALICE)}/messages`;
    const answers: Response[] = [];
    for (let i = 0; i < 6; i++) answers.push(await fetch(url, { method: 'POST', headers, body: JSON.stringify({ content: `m${i}` }) }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers[0]?.headers.get('x-ratelimit-limit')).toBe('5');
    expect(answers[4]?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(answers[0]?.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
    const limited = answers[5];
    const body = (await limited?.json()) as { message: string; retry_after: number; global: boolean };
    expect(body).toMatchObject({ message: 'You are being rate limited.', global: false });
    expect(body.retry_after).toBeGreaterThan(0);
    expect(limited?.headers.get('retry-after')).toBe(String(Math.ceil(body.retry_after)));
    expect(limited?.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited?.headers.get('x-ratelimit-bucket')).toBe(answers[0]?.headers.get('x-ratelimit-bucket'));
    expect(discord.rateLimited()).toBe(1);
    // Another channel has its own bucket.
    expect((await fetch(`${discord.apiUrl}/v10/channels/${discord.dmOf(BOB)}/messages`, { method: 'POST', headers, body: JSON.stringify({ content: 'x' }) })).status).toBe(200);
  });

  it('lets the client wait out an injected 429 and send the message exactly once', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const bob = await c.users.fetch(BOB);
    const seen: { retryAfter: number; route: string }[] = [];
    c.rest.on('rateLimited', (info) => void seen.push({ retryAfter: info.retryAfter, route: info.route }));
    discord.rateLimitNext(1, 0.2, 'POST /channels/{channel.id}/messages');
    await bob.send('after the wait');
    expect(discord.rateLimited()).toBe(1);
    // discord.js waits by X-RateLimit-Reset-After when Remaining is 0, not by the whole-second Retry-After.
    expect(seen).toEqual([{ retryAfter: expect.any(Number), route: '/channels/:id/messages' }]);
    expect(seen[0]?.retryAfter).toBeLessThan(1000);
    expect(discord.calls('POST /channels/{channel.id}/messages').map((call) => call.status)).toEqual([429, 200]);
    expect(discord.messages(discord.dmOf(BOB)).map((m) => m.content)).toEqual(['after the wait']);
  });

  it('lets the client retry a 5xx, and reports an injected Discord error', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const bob = await c.users.fetch(BOB);
    discord.failNext(1, 502, 0, '/channels/*/messages');
    await bob.send('retried');
    expect(discord.calls('/channels/*/messages').map((call) => call.status)).toEqual([502, 200]);
    discord.failNext(1, 404, 10003, 'POST /channels/{channel.id}/messages');
    const e = await discordError(bob.send('lost'));
    expect([e.status, e.code, e.message]).toEqual([404, 10003, 'Unknown Channel']);
    expect(discord.messages(discord.dmOf(BOB)).map((m) => m.content)).toEqual(['retried']);
  });
});

describe('start-up failures', () => {
  it('rejects login with a bad token (REST 401 on GET /gateway/bot)', async () => {
    const discord = await fake();
    const c = client(discord);
    await expect(c.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    const raw = await fetch(`${discord.apiUrl}/v10/users/@me`, { headers: { authorization: 'Bot wrong' } });
    expect([raw.status, await raw.json()]).toEqual([401, { message: '401: Unauthorized', code: 0 }]);
  });

  it('closes the gateway with 4004 when IDENTIFY carries a refused token, and login rejects', async () => {
    const discord = await fake();
    discord.closeNextIdentify(4004);
    const c = client(discord);
    const closed = new Promise<number>((resolve) => c.on(Events.ShardDisconnect, (event) => resolve(event.code)));
    await expect(c.login(discord.token)).rejects.toThrow(/Authentication failed/);
    expect(await closed).toBe(4004);
  });

  it('closes with 4014 when the client asks for a privileged intent the app lacks', async () => {
    const discord = await fake();
    const c = client(discord, [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent]);
    const closed = new Promise<number>((resolve) => c.on(Events.ShardDisconnect, (event) => resolve(event.code)));
    await expect(c.login(discord.token)).rejects.toThrow(/disallowed intents/i);
    expect(await closed).toBe(4014);
    expect(discord.identifyCount()).toBe(0);
  });
});

describe('gateway disconnects', () => {
  it('resumes on resume_gateway_url after a disconnect and replays what was missed exactly once', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const dms: string[] = [];
    c.on(Events.MessageCreate, (m) => void (m.author.id === ALICE && dms.push(m.content)));
    await discord.sendDm(ALICE, 'before');
    await expect.poll(() => dms).toEqual(['before']);
    const session = discord.sessionId();
    const resumed = once(c.ws.shards.first()!, 'resumed');
    discord.disconnect();
    expect(discord.connected()).toBe(false);
    await discord.sendDm(ALICE, 'while away');
    const received = nextInteraction(c, isChatInput);
    const sent = await discord.slashCommand(ALICE, 'help');
    await resumed;
    const interaction = await received;
    await interaction.reply('back');
    expect((await sent.done).callbackType).toBe(4);
    await discord.sendDm(ALICE, 'after');
    await expect.poll(() => dms).toEqual(['before', 'while away', 'after']);
    expect(discord.sessionId()).toBe(session);
    expect([discord.identifyCount(), discord.resumeCount()]).toEqual([1, 1]);
    expect(discord.gatewayPaths()).toEqual(['/', '/gateway-resume']);
  });

  it('answers a RESUME of an unresumable session with INVALID_SESSION, and the client identifies again', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const first = discord.sessionId();
    discord.disconnect({ resumable: false });
    await expect.poll(() => discord.identifyCount(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => discord.connected()).toBe(true);
    expect(discord.sessionId()).not.toBe(first);
    expect(discord.resumeCount()).toBe(0);
    const received = nextInteraction(c, isChatInput);
    await discord.slashCommand(BOB, 'help');
    expect((await received).user.id).toBe(BOB);
  });

  it('acknowledges heartbeats', async () => {
    const discord = await fake({ heartbeatIntervalMs: 100 });
    const c = await ready(discord);
    await expect.poll(() => c.ws.ping).toBeGreaterThanOrEqual(0);
  });

  it('speaks zlib-stream when the URL asks for it, and closes 4003 for a payload before IDENTIFY', async () => {
    const discord = await fake();
    const ws = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    cleanup.push(() => ws.terminate());
    const inflate = createInflate();
    const hello = new Promise<{ op: number; d: { heartbeat_interval: number } }>((resolve) => inflate.once('data', (b: Buffer) => resolve(JSON.parse(b.toString('utf8')) as never)));
    ws.on('message', (data: Buffer) => inflate.write(data));
    expect(await hello).toMatchObject({ op: 10, d: { heartbeat_interval: 41_250 } });
    const closed = once(ws, 'close');
    ws.send(JSON.stringify({ op: 3, d: { status: 'online' } }));
    expect((await closed)[0]).toBe(4003);
  });
});

describe('command registration', () => {
  const commands = [
    {
      name: 'spiral',
      description: 'Join a SPIRAL questionnaire',
      name_localizations: { fr: 'spirale', 'es-ES': 'espiral', 'pt-BR': 'espiral', it: 'spirale', ro: 'spirala' },
      description_localizations: { fr: 'Rejoindre un questionnaire SPIRAL', 'en-GB': 'Join a SPIRAL questionnaire' },
      options: [{ type: 3, name: 'code', description: 'The group code', required: true, name_localizations: { fr: 'code' } }],
    },
    { name: 'help', description: 'What I can do' },
  ];

  it('registers commands globally and per guild with localizations (PUT), keeping ids across overwrites', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const global = await c.application.commands.set(commands);
    expect(global.map((cmd) => cmd.name).sort()).toEqual(['help', 'spiral']);
    expect(global.find((cmd) => cmd.name === 'spiral')?.nameLocalizations).toEqual(commands[0]?.name_localizations);
    expect(discord.registeredCommands()).toEqual([expect.objectContaining(commands[0]), expect.objectContaining(commands[1])]);
    await c.application.commands.set(commands, discord.guildId);
    expect(discord.registeredCommands({ guildId: discord.guildId }).map((cmd) => cmd.name)).toEqual(['spiral', 'help']);
    const again = await c.application.commands.set(commands);
    expect([...again.keys()].sort()).toEqual([...global.keys()].sort());
    expect(discord.calls('PUT /applications/{application.id}/commands')).toHaveLength(2);
    expect(discord.calls('PUT /applications/{application.id}/guilds/{guild.id}/commands')).toHaveLength(1);

    const received = nextInteraction(c, isChatInput);
    await discord.slashCommand(ALICE, 'spiral', { code: 'K7M2QX' }, { guild: true });
    const interaction = await received;
    expect(interaction.commandId).toBe(discord.registeredCommands({ guildId: discord.guildId })[0]?.id);
  });

  it('refuses unknown locales, upper-case names, long descriptions and optional-before-required options', async () => {
    const discord = await fake();
    const c = await ready(discord);
    const bad = await discordError(
      c.application.commands.set([
        { name: 'Spiral', description: 'd'.repeat(101), name_localizations: { 'fr-FR': 'spirale' } as never },
        { name: 'ok', description: 'fine', options: [{ type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: 'b', required: true }] },
      ]),
    );
    expect(bad.code).toBe(50035);
    expect(bad.rawError).toMatchObject({
      errors: {
        '0': { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] }, description: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] }, name_localizations: { 'fr-FR': { _errors: [{ code: 'ENUM_TYPE_COERCE' }] } } },
        '1': { options: { '1': { required: { _errors: [{ code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID_ORDER' }] } } } },
      },
    });
    expect(discord.registeredCommands()).toEqual([]);
  });
});
