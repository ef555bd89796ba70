// Bad input through the real Slack channel, beyond tests/slack-channel.test.ts (unknown /together
// words, a shared file, truncated JSON, forged requests): empty and huge messages, buttons from
// before a restart or from a step the person has left, bodies that are not what Slack sends.
// Each gets a clear answer in the person's language or a 4xx; the bot goes on, nothing is lost.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpiralData } from '../flows/spiral/types.ts';
import type { FakeSlack, SeenSlackMessage } from './fakes/slack/index.ts';
import { buttonOf, seenOf, startSlack, type SlackBot } from './fakes/contract/slack-driver.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

const USER = 'U0BADIN01';
let dir = '';
let bot: SlackBot;
let fake: FakeSlack;
/** A second bot on the same fake and data folder (a restart), stopped before the first's fake closes. */
let again: SlackBot | null = null;
beforeEach(async () => {
  dir = tempDir('together-slack-bad-');
  bot = await startSlack(dir);
  fake = bot.fake;
  fake.addUser({ id: USER, name: 'Bea', locale: 'fr-FR', tz: 'Europe/Paris' });
});
afterEach(async () => {
  await again?.stop();
  again = null;
  await bot.stop();
  removeDir(dir);
});

const dm = () => fake.dmOf(USER);
const texts = () => fake.messages(dm()).map((m) => seenOf(m).text);
async function say(text: string, o?: Parameters<FakeSlack['sendMessage']>[2], b: SlackBot = bot): Promise<string[]> {
  const before = fake.messages(dm()).length;
  const ack = await fake.sendMessage(USER, text, o);
  expect(ack.status).toBe(200);
  await b.settle();
  return texts().slice(before);
}
async function press(message: SeenSlackMessage, label: RegExp, b: SlackBot = bot): Promise<string[]> {
  const button = buttonOf(message, label);
  if (!button) throw new Error(`no button ${label} on ${message.text}`);
  const before = fake.messages(dm()).length;
  expect((await fake.pressButton(USER, message.ts, button.actionId, { value: button.value })).status).toBe(200);
  await b.settle();
  return texts().slice(before);
}
const withButton = (label: RegExp) => [...fake.messages(dm())].reverse().find((m) => buttonOf(m, label))!;
const ideasStored = async (b: SlackBot = bot): Promise<string[]> => {
  const store = b.core.services.store;
  const doc = await store.loadUser(store.keyOf(`slack:${USER}`));
  return Object.values((doc?.flows.spiral as SpiralData | undefined)?.groups ?? {}).flatMap((g) => g.criteria.map((c) => c.text));
};

/** Consent, then SPIRAL on one's own: at question 1, where ideas are typed. */
async function atQuestionOne(): Promise<void> {
  await fake.sendCommand(USER, '/together', 'agree');
  await bot.settle();
  await fake.sendCommand(USER, '/spiral', 'alone');
  await bot.settle();
  await say('Mons');
  expect(texts().at(-1)).toMatch(/Question 1/);
}

describe('Slack: bad input', () => {
  it('an empty message and a 40,000-character one get an answer in French; nothing is stored from them', async () => {
    await atQuestionOne();
    const empty = await say('');
    expect(empty.join('\n')).toMatch(/message vide/);
    const huge = await say('é'.repeat(40_000));
    expect(huge.join('\n')).toMatch(/trop long/);
    // The answer does not echo the text back (and stays within Slack's limits).
    expect(huge.join('').length).toBeLessThan(3000);
    expect(await ideasStored()).toEqual([]);
    expect((await say('Des voisins qui se parlent')).join('\n')).toContain('Des voisins qui se parlent');
    expect(await ideasStored()).toEqual(['Des voisins qui se parlent']);
  });

  it('an image shared instead of an idea gets the "type your answer" hint and stores nothing', async () => {
    await atQuestionOne();
    const hint = await say('', { subtype: 'file_share', files: [{ id: 'F0PHOTO', name: 'photo.jpg', mimetype: 'image/jpeg' }] });
    expect(hint).toHaveLength(1);
    expect(await ideasStored()).toEqual([]);
  });

  it('a button from before a restart still works and is marked; a button of a step left behind changes nothing', async () => {
    await atQuestionOne();
    await say('Un logement digne');
    const done = withButton(/Terminé|Fini|Done/i);
    // A restart on the same data folder: the new process remembers no press of the old one.
    await bot.core.stop();
    again = await startSlack(dir, { reuse: fake });
    const next = await press(done, /Terminé|Fini|Done/i, again);
    expect(next.join('\n')).toMatch(/Question 2/);
    const marked = fake.messages(dm()).find((m) => m.ts === done.ts)!;
    expect(marked.edited).toBe(true);
    expect(seenOf(marked).rows.flat()).toEqual([]);
    // The same Done again, from a client that had not refreshed: question 1 is behind the person.
    const stale = await press(done, /Terminé|Fini|Done/i, again);
    expect(stale.join('\n')).toMatch(/expiré[\s\S]*Question 2/);
    expect(stale.join('\n')).not.toMatch(/Question 3/);
    expect(await ideasStored(again)).toEqual(['Un logement digne']);
  });

  it('/together with unknown arguments gets the localized list of commands; the conversation goes on', async () => {
    await atQuestionOne();
    const before = fake.messages(dm()).length;
    await fake.sendCommand(USER, '/together', '%%% <@U0OTHER> ??? 123');
    await fake.sendCommand(USER, '/together', 'spiral ZZZZZZ');
    await bot.settle();
    const answers = texts().slice(before).join('\n');
    expect(answers).toMatch(/\/spiral/);
    expect(answers).not.toContain('<@U0OTHER>');
    expect((await say('Avoir des amis')).join('\n')).toContain('Avoir des amis');
  });

  it('bodies that are not what Slack sends get a 4xx, change nothing, and the bot goes on', async () => {
    const signed = (body: string, type: string) => fake.sendRaw(body, { 'content-type': type, ...fake.signatureHeaders(body) });
    // Not Slack's shape at all: 4xx (400 unparsable, 404 a JSON nobody handles, at 2.5 s).
    const refused: [string, string][] = [
      ['application/json', 'not json at all'],
      ['application/json', '[]'],
      ['application/json', '{"type":"event_callback"}'],
      ['application/x-www-form-urlencoded', 'payload=%7Bnot-json'],
      ['text/plain', 'hello'],
      ['application/xml', '<event/>'],
    ];
    for (const [type, body] of refused) {
      const ack = await signed(body, type);
      expect(ack.status, `${type} ${body}`).toBeGreaterThanOrEqual(400);
      expect(ack.status, `${type} ${body}`).toBeLessThan(500);
    }
    // Slack's shape with its fields missing: taken (so Slack does not retry it) and ignored,
    // or, for a command nobody can be found for, a clear note in the answer.
    const event = await signed(JSON.stringify({ type: 'event_callback', event_id: 'Ev0NOEVENT', event: { type: 'message' } }), 'application/json');
    expect(event.status).toBe(200);
    const command = await signed('command=%2Ftogether&text=help', 'application/x-www-form-urlencoded');
    expect(command.status).toBe(200);
    expect(JSON.parse(command.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/private chat/) });
    await bot.settle();
    expect(fake.calls('chat.postMessage')).toEqual([]);
    // Still answering, in French.
    expect((await say('/start')).join('\n')).toMatch(/langue/i);
  });
});
