import { afterEach, describe, expect, it } from 'vitest';
import { dispose, startBot, type Bot } from './helpers/harness.ts';
import { texts } from './helpers/memory-channel.ts';
import { sampleFlow } from './helpers/sample-flow.ts';
import { seedSubscribers } from './helpers/caravan-bot.ts';
import { allFlows } from '../flows/index.ts';
import type { CaravanData } from '../flows/caravan/types.ts';

let bot: Bot | null = null;
afterEach(async () => {
  await dispose(bot);
  bot = null;
});

const GROUP = 'group-42';

async function startWithSample(): Promise<Bot> {
  const b = await startBot({ flows: [...allFlows, sampleFlow()] });
  b.channel.linkBase = 'https://chat.example/together_bot';
  return b;
}

/** Everything the group chat received, as one text (files and images by kind). */
function groupSaw(b: Bot): string {
  return b.channel.sent
    .filter((s) => s.chatId === GROUP)
    .map((s) => (s.reply.kind === 'text' ? `${s.reply.text} ${(s.reply.buttons ?? []).flat().map((x) => x.label).join(' ')}` : `[${s.reply.kind}]`))
    .join('\n');
}

async function load(b: Bot, id: string) {
  const { store } = b.core.services;
  return store.loadUser(store.keyOf(`memory:${id}`));
}

describe('group chats: private by default', () => {
  it('/mydata in a group shows only a pointer with a link: no name, no pseudonym, no answer', async () => {
    bot = await startWithSample();
    const ana = bot.user('ana', 'en', 'Ana Lovelace');
    await ana.send('/agree');
    await ana.send('/sample');
    await ana.send('Ada Byron');
    await ana.send('Free public transport');
    const doc = await load(bot, 'ana');
    expect(doc?.pseudonym).toBeTruthy();
    const privateBefore = bot.channel.sent.filter((s) => s.chatId === 'ana').length;

    const inGroup = ana.inGroup(GROUP);
    const replies = await inGroup.send('/mydata');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.kind).toBe('text');
    const seen = groupSaw(bot);
    expect(seen).toContain('https://chat.example/together_bot');
    for (const secret of ['Ana Lovelace', 'Ada Byron', 'Free public transport', doc!.pseudonym, 'ana', '"userId"']) expect(seen).not.toContain(secret);
    // Nothing was sent to the private chat on the group's behalf either.
    expect(bot.channel.sent.filter((s) => s.chatId === 'ana').length).toBe(privateBefore);

    // /forget, /help and /start in the group get the same pointer, never a confirmation or a list.
    for (const command of ['/forget', '/help', '/start', '/spiral', '/caravan']) {
      const r = texts(await inGroup.send(command));
      expect(r).toContain('https://chat.example/together_bot');
      expect(r).not.toContain('/mydata —');
    }
    expect(groupSaw(bot)).not.toMatch(/erase|Ada Byron|Lovelace/i);
    // A deep link typed in a group opens the same place in the private chat.
    expect(texts(await inGroup.send('/start g_K7M2QX'))).toContain('https://chat.example/together_bot?start=g_K7M2QX');
    // A payload the platform would not accept is not put in a link.
    expect(texts(await inGroup.send('/start a b <script>'))).not.toContain('?start=');
  });

  it('without a link the pointer still says where to go, and a group button press gets it too', async () => {
    bot = await startBot({ flows: [...allFlows, sampleFlow()] });
    const ana = bot.user('ana', 'en');
    await ana.send('/agree');
    await ana.send('/sample');
    const token = ana.buttons().find((b) => b.label.includes('Cancel'))!.token;
    const r = texts(await ana.inGroup(GROUP).pressToken(token));
    expect(r).toMatch(/private chat/i);
    expect((await load(bot, 'ana'))?.session?.step).toBe('name');
  });

  it('text typed in a group while a questionnaire is open is ignored and not stored', async () => {
    bot = await startWithSample();
    const ana = bot.user('ana', 'en');
    await ana.send('/agree');
    await ana.send('/sample');
    const before = await load(bot, 'ana');
    expect(before?.session?.step).toBe('name');

    expect(await ana.inGroup(GROUP).send('Group banter that is not an answer')).toEqual([]);
    expect(groupSaw(bot)).toBe('');
    const after = await load(bot, 'ana');
    expect(after?.session?.step).toBe('name');
    expect(JSON.stringify(after?.flows)).not.toContain('Group banter');
    expect(after?.contact.chatId).toBe('ana');

    // The private chat still answers the question.
    await ana.send('Ada');
    expect((await load(bot, 'ana'))?.session?.step).toBe('ideas');
  });

  it('someone the bot has never met privately leaves no document from a group', async () => {
    bot = await startWithSample();
    const zoe = bot.user('zoe', 'fr', 'Zoé').inGroup(GROUP);
    await zoe.send('bonjour tout le monde');
    expect(texts(await zoe.send('/start'))).toMatch(/conversation privée/);
    await zoe.membership('joined');
    expect(await load(bot, 'zoe')).toBeNull();
  });

  it('removing the bot from a group keeps the person reachable and subscribed', async () => {
    bot = await startWithSample();
    await seedSubscribers(bot.core.services, ['ana']);
    const ana = bot.user('ana', 'en');

    await ana.inGroup(GROUP).membership('left');
    const kept = await load(bot, 'ana');
    expect(kept?.unreachable ?? false).toBe(false);
    expect((kept?.flows.caravan as CaravanData).sub?.regions).toEqual(['ro']);

    // The outbox hearing "blocked" from a group chat is a group's state as well.
    const groupAddress = { channel: 'memory', chatId: GROUP, userId: 'ana' };
    await (await bot.core.engine.handle({ kind: 'left', address: groupAddress })).delivered;
    expect((await load(bot, 'ana'))?.unreachable ?? false).toBe(false);

    // Control: the private chat's own "left" does count.
    await ana.membership('left');
    expect((await load(bot, 'ana'))?.unreachable).toBe(true);
  });
});
