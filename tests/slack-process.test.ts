// `together start` with Slack settings, as a process: a refused token or half a configuration
// ends the start with one clear line on stderr and a non-zero exit code; a good one runs and
// answers over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from './fakes/slack/index.ts';
import { freePort } from './helpers/free-port.ts';
import { togetherStarts } from './helpers/together-start.ts';

let fake: FakeSlack | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const start = togetherStarts('together-slack-process-');

describe('together start with Slack', () => {
  it('a refused bot token: one clear line, exit code 1', async () => {
    fake = await startFakeSlack();
    const { ended } = start({ SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: fake.signingSecret, SLACK_API_URL: fake.apiUrl, SLACK_PORT: String(await freePort()) });
    const { code, stderr } = await ended;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^together: the bot could not start: SLACK_BOT_TOKEN was refused by Slack at auth\.test \(invalid_auth\)/m);
    expect(stderr).not.toContain('xoxb-revoked');
  });

  it('a bot token with neither a signing secret nor an app token is refused before anything starts', async () => {
    const { ended } = start({ SLACK_BOT_TOKEN: 'xoxb-1' });
    const { code, stderr } = await ended;
    expect(code).toBe(1);
    expect(stderr).toMatch(/SLACK_BOT_TOKEN is set without SLACK_SIGNING_SECRET .* or SLACK_APP_TOKEN/);
  });

  it('a good configuration runs and answers a DM over HTTP', async () => {
    fake = await startFakeSlack({ limits: false });
    const port = await freePort();
    const { child } = start({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: fake.signingSecret, SLACK_API_URL: fake.apiUrl, SLACK_PORT: String(port) });
    fake.setRequestUrl(`http://127.0.0.1:${port}/slack/events`);
    fake.addUser({ id: 'U0PROC', locale: 'it-IT' });
    // The process needs a moment to listen: Slack itself retries an unanswered event the same way.
    const deadline = Date.now() + 20_000;
    let ack = await fake.sendMessage('U0PROC', '/start').catch(() => ({ status: 0 }));
    while (ack.status !== 200 && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
      ack = await fake.sendMessage('U0PROC', '/start', { eventId: 'Ev0PROCSTART' }).catch(() => ({ status: 0 }));
    }
    expect(ack.status).toBe(200);
    const reply = await fake.waitForMessage(fake.dmOf('U0PROC'), () => true, 10_000);
    expect(reply.text).toMatch(/lingua/i);
  }, 30_000);
});
