// kill -9 of the bot process in the middle of a SPIRAL questionnaire in Slack: restarted on the
// same data folder, the person goes on where they were; every idea Slack saw acknowledged is
// kept, every idea gets its one answer, none is counted or answered twice.
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type Ack, type FakeSlack } from './fakes/slack/index.ts';
import { buttonOf, seenOf } from './fakes/contract/slack-driver.ts';
import { killHard, startBotProcess } from './helpers/bot-process.ts';
import { freePort } from './helpers/free-port.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { spiralOnDisk } from './helpers/spiral-on-disk.ts';

let fake: FakeSlack | null = null;
let child: ChildProcess | null = null;
let dir = '';
afterEach(async () => {
  await killHard(child);
  child = null;
  await fake?.close();
  fake = null;
  removeDir(dir);
});

/** Starts the bot process on the data folder; resolves once it listens. */
async function startBot(slack: FakeSlack, port: number): Promise<ChildProcess> {
  return startBotProcess('tests/helpers/slack-bot-child.ts', [dir, slack.apiUrl, String(port), slack.signingSecret, slack.botToken]);
}

const USER = 'U0CRASH01';
const texts = (slack: FakeSlack) => slack.messages(slack.dmOf(USER)).map((m) => seenOf(m).text);

describe('kill -9 in the middle of a Slack questionnaire', () => {
  it('restarts on the same data folder: the person goes on where they were, nothing lost or doubled', async () => {
    dir = tempDir('together-slack-crash-');
    const slack = (fake = await startFakeSlack({ limits: false }));
    slack.addUser({ id: USER, name: 'Ana', locale: 'en-US', tz: 'Europe/Brussels' });
    const port = await freePort();
    slack.setRequestUrl(`http://127.0.0.1:${port}/slack/events`);
    child = await startBot(slack, port);
    const dm = slack.dmOf(USER);
    /** Sends and waits until the bot's answers to it have arrived (`answers` more messages). */
    const converse = async (send: () => Promise<Ack>, answers = 1): Promise<Ack> => {
      const before = slack.messages(dm).length;
      const ack = await send();
      expect(ack.status).toBe(200);
      await slack.waitFor(() => (slack.messages(dm).length >= before + answers ? true : undefined), 10_000);
      return ack;
    };

    await converse(() => slack.sendCommand(USER, '/together', 'agree'));
    await converse(() => slack.sendCommand(USER, '/spiral', 'alone'));
    await converse(() => slack.sendMessage(USER, 'Mons'));
    expect(texts(slack).at(-1)).toMatch(/Question 1 of 3/);
    const ideas = Array.from({ length: 9 }, (_, i) => `idea ${i} about good neighbours`);
    for (const idea of ideas.slice(0, 5)) await converse(() => slack.sendMessage(USER, idea));

    // Slack holds the answers back for a while (429, Retry-After 2 s): ideas 5 and 6 are
    // acknowledged, so stored, their answers still waiting in the outbox; idea 7 is on its way
    // when the process dies (Slack saw a 200 for it, or not).
    slack.rateLimitNext(2, 2, 'chat.postMessage');
    expect((await slack.sendMessage(USER, ideas[5]!)).status).toBe(200);
    await slack.waitForCall('chat.postMessage', (c) => c.status === 429);
    expect((await slack.sendMessage(USER, ideas[6]!)).status).toBe(200);
    const inFlight = slack.sendMessage(USER, ideas[7]!);
    await new Promise((r) => setTimeout(r, 5));
    await killHard(child);
    const seventh = await inFlight;
    const noted = (idea: string) => texts(slack).filter((t) => t.includes(`“${idea}”`)).length;
    expect(noted(ideas[5]!) + noted(ideas[6]!)).toBe(0);

    child = await startBot(slack, port);
    // Slack retries an event it saw no 200 for; the retry of one it did see is harmless too.
    expect((await slack.resend(seventh)).status).toBe(200);
    await slack.waitFor(() => (ideas.slice(5, 8).every((idea) => noted(idea) >= 1) ? true : undefined), 10_000);

    // Where they were: the next idea is the 9th of question 1, and Done leads to question 2.
    await converse(() => slack.sendMessage(USER, ideas[8]!));
    expect(texts(slack).at(-1)).toMatch(/Idea 9 noted/);
    const last = [...slack.messages(dm)].reverse().find((m) => buttonOf(m, /Done/))!;
    await converse(() => slack.pressButton(USER, last.ts, buttonOf(last, /Done/)!.actionId));
    expect(texts(slack).at(-1)).toMatch(/Question 2 of 3/);

    // Every idea answered once, none lost; what is stored is each idea once, in order.
    for (const idea of ideas) expect(noted(idea), idea).toBe(1);
    await killHard(child);
    const groups = await spiralOnDisk(dir, `slack:${USER}`);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.criteria.map((c) => c.text)).toEqual(ideas);
  }, 60_000);
});
