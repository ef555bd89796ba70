// Bad input through the real Discord channel, beyond tests/discord-channel.test.ts (an attachment
// alone, a component this adapter never made, a typed unknown command): a sticker alone, buttons
// from before a restart or from a step left behind, a button pressed by someone else, a slash
// command the bot no longer has, and gateway payloads discord.js does not expect. Each gets a clear
// answer in the person's language or is dropped without a word; the bot goes on, nothing is lost.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { SpiralData } from '../flows/spiral/types.ts';
import { buttonsOf, startDiscord, type DiscordBot } from './fakes/contract/discord-driver.ts';
import type { Interaction, InteractionRecord } from './fakes/discord/index.ts';
import { DiscordPerson, tokenOfButton } from './helpers/discord-person.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

let dir = '';
let bot: DiscordBot;
/** A second bot on the same fake and data folder (a restart), stopped before the first's fake closes. */
let again: DiscordBot | null = null;
/** What the adapter logged at warn and above. */
let logged: { msg?: string; type?: string }[] = [];
let bea: DiscordPerson;
beforeEach(async () => {
  dir = tempDir('together-discord-bad-');
  logged = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg?: string }) });
  bot = await startDiscord(dir, { channel: { log } });
  bea = new DiscordPerson(bot, 'bad-input-bea', { locale: 'fr' });
});
afterEach(async () => {
  await again?.stop();
  again = null;
  await bot.stop();
  removeDir(dir);
});

const ideasStored = async (b: DiscordBot = bot): Promise<string[]> => {
  const store = b.core.services.store;
  const doc = await store.loadUser(store.keyOf(`discord:${bea.id}`));
  return Object.values((doc?.flows.spiral as SpiralData | undefined)?.groups ?? {}).flatMap((g) => g.criteria.map((c) => c.text));
};

/** Consent, then SPIRAL on one's own: at question 1, where ideas are typed. */
async function atQuestionOne(): Promise<void> {
  await bea.command('start');
  await bea.pressLabel(/^Français$/);
  await bea.pressLabel(/^J'accepte$/);
  await bea.command('spiral', { code: 'alone' });
  expect(await bea.say('Mons')).toMatch(/Question 1 sur 3/);
}

const doneButton = () => bea.find((b) => /^!done/.test(tokenOfButton(b)));

describe('Discord: bad input', () => {
  it('a sticker alone gets the "write your answer" hint in French; nothing is stored from it', async () => {
    await atQuestionOne();
    const hint = await bea.say('', { stickers: ['wave'] });
    expect(hint).toMatch(/message vide/);
    expect(hint).toMatch(/Question 1 sur 3/);
    expect(await ideasStored()).toEqual([]);
    expect(await bea.say('Des voisins qui se parlent')).toContain('Des voisins qui se parlent');
    expect(await ideasStored()).toEqual(['Des voisins qui se parlent']);
  });

  it('a button from before a restart works and is marked; pressed again once the step moved on, it changes nothing', async () => {
    await atQuestionOne();
    await bea.say('Un logement digne');
    const { message, button } = doneButton();
    // A restart on the same data folder: the new process remembers no button of the old one.
    await bot.core.stop();
    again = await startDiscord(dir, { reuse: bot.fake });
    const restarted = new DiscordPerson(again, 'bad-input-bea', { locale: 'fr' });
    const next = await restarted.pressOn(message, button.custom_id!);
    expect(next.record.callbackType).toBe(6);
    expect(next.said).toMatch(/Question 2 sur 3/);
    const marked = restarted.messages().find((m) => m.id === message.id)!;
    expect(marked.edited).toBe(true);
    expect(buttonsOf(marked).every((b) => b.disabled)).toBe(true);
    expect(buttonsOf(marked).filter((b) => b.style === 3).map((b) => b.label)).toEqual([expect.stringMatching(/^✓ .*Terminé$/)]);
    // The same Done again, from a client that had not refreshed: question 1 is behind her.
    const stale = await restarted.pressOn(marked, button.custom_id!, { force: true });
    expect(stale.record.attempts).toEqual(['ok']);
    expect(stale.said).toMatch(/expiré[\s\S]*Question 2 sur 3/);
    expect(stale.said).not.toMatch(/Question 3/);
    expect(await ideasStored(again)).toEqual(['Un logement digne']);
  });

  it('a button in someone else\'s DM is acknowledged without a word: nothing reaches the core, nobody gets a message', async () => {
    await atQuestionOne();
    await bea.say('Un logement digne');
    const bo = new DiscordPerson(bot, 'bad-input-bo', { locale: 'en-US' });
    const { message, button } = doneButton();
    const before = { events: bot.tracker.events, bea: bea.messages().length };
    // Discord shows a DM to its two ends only; a payload that says otherwise is not Bo's to use.
    const press = await bot.fake.pressButton(bo.id, message.id, button.custom_id!, { force: true });
    const record = await press.done;
    expect(record.callbackType).toBe(6);
    expect(record.attempts).toEqual(['ok']);
    await bot.settle();
    expect(bea.messages()).toHaveLength(before.bea);
    expect(bo.messages()).toEqual([]);
    // Bea's own press is the next event the core gets, and moves her on.
    expect(await bea.press(/^!done/)).toMatch(/Question 2 sur 3/);
    expect(bot.tracker.events).toBe(before.events + 1);
    expect(await ideasStored()).toEqual(['Un logement digne']);
  });

  it('a slash command the bot no longer has is answered in French, in the DM and from a server; the conversation goes on', async () => {
    await atQuestionOne();
    const inDm = await bea.command('vieillecommande');
    expect(inDm.record.attempts).toEqual(['ok']);
    expect(inDm.said).toMatch(/Je ne connais pas la commande \/vieillecommande[\s\S]*Question 1 sur 3/);
    const fromServer = await bea.command('vieillecommande', { texte: 'x' }, { guild: true });
    expect(fromServer.record.attempts).toEqual(['ok']);
    expect(fromServer.record.flags! & 64).toBe(64);
    expect(fromServer.said).toMatch(/Je ne connais pas la commande/);
    expect(await bea.say('Avoir des amis')).toContain('Avoir des amis');
    expect(await ideasStored()).toEqual(['Avoir des amis']);
  });

  it('gateway payloads discord.js does not expect are acknowledged or dropped; the bot stays connected and goes on', async () => {
    await atQuestionOne();
    const { fake } = bot;
    const unhandled: unknown[] = [];
    const onRejection = (e: unknown) => void unhandled.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      const before = { events: bot.tracker.events, bea: bea.messages().length, identify: fake.identifyCount() };
      const lastId = bea.messages().at(-1)!.id;
      // A dispatch type and an opcode that do not exist (yet), a message type the bot does not handle.
      expect(fake.dispatchRaw('FUTURE_THING_CREATE', { id: '1', anything: true })).toBe(true);
      fake.sendGatewayFrame({ op: 42, d: { surprise: 1 }, s: null, t: null });
      fake.dispatchRaw('MESSAGE_CREATE', { id: '2', channel_id: bea.dm, channel_type: 1, type: 99, content: 'hello', author: { id: bea.id, username: 'bea', discriminator: '0' }, attachments: [], embeds: [], mentions: [], mention_roles: [], timestamp: new Date().toISOString() });
      fake.dispatchRaw('MESSAGE_CREATE', { id: '3', channel_id: bea.dm, channel_type: 1, type: 0, content: 'no author' });
      fake.dispatchRaw('MESSAGE_CREATE', null);
      fake.dispatchRaw('INTERACTION_CREATE', null);
      // Interactions of kinds this bot never registers: acknowledged without a word.
      const quiet: Promise<Interaction>[] = [
        fake.rawInteraction(bea.id, 4, { id: '4', name: 'spiral', type: 1, options: [{ name: 'code', type: 3, value: 'K7', focused: true }] }),
        fake.rawInteraction(bea.id, 5, { custom_id: 'a-form', components: [] }),
        fake.rawInteraction(bea.id, 3, { custom_id: '00|pick', component_type: 3, values: ['a'] }, { messageId: lastId }),
        fake.rawInteraction(bea.id, 3, { component_type: 2 }, { messageId: lastId }),
        fake.rawInteraction(bea.id, 2, { id: '5', name: 'help', type: 1 }, { patch: ({ channel: _c, channel_id: _id, ...rest }) => rest }),
      ];
      // Interactions discord.js cannot build (no data, options that are not a list, a button
      // without its message, no user, a type that does not exist): dropped, nothing answered.
      const dropped: Promise<Interaction>[] = [
        fake.rawInteraction(bea.id, 2, undefined, { patch: ({ data: _d, ...rest }) => rest }),
        fake.rawInteraction(bea.id, 2, { id: '6', name: 'spiral', type: 1, options: 'code=K7' }),
        fake.rawInteraction(bea.id, 3, { custom_id: '00|x', component_type: 2 }),
        fake.rawInteraction(bea.id, 2, { id: '7', name: 'help', type: 1 }, { patch: ({ user: _u, ...rest }) => rest }),
        fake.rawInteraction(bea.id, 99, { id: '8', name: 'help' }),
      ];
      const records = async (list: Promise<Interaction>[]): Promise<InteractionRecord[]> => Promise.all((await Promise.all(list)).map((i) => i.done));
      const acked = await records(quiet);
      expect(acked.map((r) => r.attempts)).toEqual(acked.map(() => ['ok']));
      expect(acked.map((r) => r.callbackType)).toEqual([8, 5, 6, 6, 5]);
      const ignored = await records(dropped);
      expect(ignored.map((r) => r.attempts)).toEqual(ignored.map(() => []));
      expect(logged.filter((l) => l.msg === 'discord dispatch not understood: dropped').length).toBeGreaterThanOrEqual(5);

      await bot.settle();
      expect(unhandled).toEqual([]);
      expect(fake.connected()).toBe(true);
      expect(fake.identifyCount()).toBe(before.identify);
      expect(bot.tracker.events).toBe(before.events);
      expect(bea.messages()).toHaveLength(before.bea);
      // The quiet answers left nothing behind in the DM (no "thinking…" placeholder).
      expect(fake.messages(bea.dm).filter((m) => m.interactionId)).toEqual([]);
      expect(await bea.say('Un air propre')).toMatch(/Un air propre/);
      expect(await ideasStored()).toEqual(['Un air propre']);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
