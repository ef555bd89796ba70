// Self-test of the fake Discord, driven by the real discord.js 14 Client (its REST queue and its
// gateway shard), so that what passes here is what an adapter built on discord.js will see.
import { once } from 'node:events';
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
