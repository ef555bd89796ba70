// `together start` with Discord settings, as a process: a refused token or half a configuration
// ends the start with one clear line on stderr and exit code 1 (the token never printed); a good
// configuration logs in and answers a DM.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord/index.ts';
import { togetherStarts } from './helpers/together-start.ts';

let fake: FakeDiscord | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const start = togetherStarts('together-discord-process-');

describe('together start with Discord', () => {
  it('a refused bot token: one clear line, exit code 1', async () => {
    fake = await startFakeDiscord();
    const { ended } = start({ DISCORD_BOT_TOKEN: 'revoked-discord-token', DISCORD_API_URL: fake.apiUrl });
    const { code, stderr } = await ended;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^together: the bot could not start: DISCORD_BOT_TOKEN was refused by Discord at login .*401 Unauthorized/m);
    expect(stderr).not.toContain('revoked-discord-token');
  }, 30_000);

  it('refused intents: one clear line, exit code 1', async () => {
    fake = await startFakeDiscord({ allowedIntents: 1 });
    const { ended } = start({ DISCORD_BOT_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    const { code, stderr } = await ended;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^together: the bot could not start: Discord refused the gateway intents .*4014/m);
  }, 30_000);

  it('a server id without a token is refused before anything starts', async () => {
    const { ended } = start({ DISCORD_GUILD_ID: '123456789012345678' });
    const { code, stderr } = await ended;
    expect(code).toBe(1);
    expect(stderr).toMatch(/DISCORD_GUILD_ID is set but DISCORD_BOT_TOKEN is not/);
  }, 30_000);

  it('a good configuration logs in, registers the commands in the server and answers a DM', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 5_000 });
    const f = fake;
    start({ DISCORD_BOT_TOKEN: f.token, DISCORD_API_URL: f.apiUrl, DISCORD_GUILD_ID: f.guildId });
    f.addUser({ id: '300000000000009001', username: 'proc', locale: 'it' });
    // The process needs a moment to log in; the fake's senders wait for a gateway session.
    const deadline = Date.now() + 20_000;
    while (f.registeredCommands({ guildId: f.guildId }).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const interaction = await f.slashCommand('300000000000009001', 'start');
    expect((await interaction.done).callbackType).toBe(5);
    const reply = await f.waitForMessage(f.dmOf('300000000000009001'), (m) => !m.interactionId, 10_000);
    expect(reply.content).toMatch(/lingua/i);
  }, 40_000);
});
