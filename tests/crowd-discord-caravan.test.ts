/**
 * A caravan announcement to 150 Discord and 150 Slack subscribers in one broadcast, through the
 * real Discord adapter (discord.js) and the real Slack adapter (bolt) on one core, each against
 * its fake keeping the platform's limits, with 429 storms on both (a global one on Discord, the
 * DM openings too): each subscriber gets it exactly once, on their own platform, in their DM.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Counts } from '../src/broadcast/index.ts';
import type { CaravanData } from '../flows/caravan/types.ts';
import { seenOf as slackSeen } from './fakes/contract/slack-driver.ts';
import { removeDir } from './helpers/harness.ts';
import { seedSubscribers, stopFields } from './helpers/caravan-bot.ts';
import { startDiscordAndSlack, type DiscordAndSlack } from './helpers/crowd-discord-slack.ts';

let both: DiscordAndSlack | null = null;
afterEach(async () => {
  if (!both) return;
  await both.stop();
  removeDir(both.dir);
  both = null;
});

const N = 150;
const ANNOUNCED = /A new stop of the caravan/;
const MESSAGES = 'POST /channels/{channel.id}/messages';

describe('a caravan announcement to 150 Discord and 150 Slack subscribers at once', () => {
  it('each gets it exactly once through 429 storms on both platforms; closed DMs and deactivated accounts are counted, not retried', async () => {
    both = await startDiscordAndSlack();
    const { discord, slack, core } = both;
    const { store } = core.services;
    const stop = (await both.control('caravan.add', stopFields({ date: '2027-05-12' }))) as { id: string };

    const discordIds = Array.from({ length: N }, (_, i) => String(500000000000000000n + BigInt(i)));
    const slackIds = Array.from({ length: N }, (_, i) => `U0ANN${String(i).padStart(4, '0')}`);
    for (const id of discordIds) discord.addUser({ id, username: `sub${id.slice(-3)}`, locale: 'en-US' });
    for (const id of slackIds) slack.addUser({ id, name: id, locale: 'en-US', tz: 'Europe/Bucharest' });
    await seedSubscribers(core.services, discordIds, { channel: 'discord' });
    await seedSubscribers(core.services, slackIds, { channel: 'slack' });
    // A Discord person is always met in their DM (a command in a server opens it). In Slack half
    // were met; the others are reached by their user id (the DM is opened first).
    for (const [platform, ids, dmOf] of [
      ['discord', discordIds, (id: string) => discord.dmOf(id)],
      ['slack', slackIds.slice(0, N / 2), (id: string) => slack.dmOf(id)],
    ] as const) {
      for (const id of ids) {
        const doc = (await store.loadUser(store.keyOf(`${platform}:${id}`)))!;
        await store.saveUser({ ...doc, contact: { channel: platform, userId: id, chatId: dmOf(id) } });
      }
    }
    // Two Discord subscribers closed their DMs to the bot; two Slack accounts deactivated, one met and one never met.
    const closed = [discordIds[3]!, discordIds[N - 3]!];
    for (const id of closed) discord.closeDms(id);
    const gone = [slackIds[4]!, slackIds[N - 4]!];
    for (const id of gone) slack.deactivate(id);

    // The storms: Discord refuses the next 40 messages and everything for 0.3 s (global), Slack
    // the next 40 posts and 5 DM openings, each with Retry-After.
    discord.rateLimitNext(40, 0.5, MESSAGES);
    discord.rateLimitNext(2, 0.3, undefined, { global: true });
    slack.rateLimitNext(40, 1, 'chat.postMessage');
    slack.rateLimitNext(5, 1, 'conversations.open');

    const r = (await both.control('caravan.announce', { id: stop.id })) as { status: string; counts: Counts };
    expect(r.status).toBe('done');
    expect(r.counts).toMatchObject({ total: 2 * N, sent: 2 * N - 4, blocked: 4, failed: 0, unknown: 0, pending: 0 });
    await core.outbox.drain();
    await core.engine.idle();

    for (const id of discordIds) {
      const dm = discord.dmOf(id);
      const got = discord.messages(dm).filter((m) => ANNOUNCED.test(m.content));
      expect(got, `Discord ${id}`).toHaveLength(closed.includes(id) ? 0 : 1);
      // Made once: one accepted create in the DM, not a second one behind a 429 retried.
      const creates = discord.calls().filter((c) => c.method === 'POST' && c.status === 200 && c.path.endsWith(`/channels/${dm}/messages`));
      expect(creates, `Discord ${id}`).toHaveLength(closed.includes(id) ? 0 : 1);
    }
    for (const id of slackIds) {
      const dm = slack.dmOf(id);
      expect(slack.messages(dm).filter((m) => ANNOUNCED.test(slackSeen(m).text)), `Slack ${id}`).toHaveLength(gone.includes(id) ? 0 : 1);
      expect(slack.calls('chat.postMessage').filter((c) => c.ok && c.params.channel === dm), `Slack ${id}`).toHaveLength(gone.includes(id) ? 0 : 1);
    }
    // Nothing anywhere but the subscribers' DMs: no server channel, no Slack channel.
    const discordDms = new Set(discordIds.map((id) => discord.dmOf(id)));
    expect(discord.calls().filter((c) => c.method === 'POST' && /\/channels\/\d+\/messages$/.test(c.path) && !discordDms.has(c.path.split('/').at(-2)!))).toEqual([]);
    const slackDms = new Set(slackIds.map((id) => slack.dmOf(id)));
    expect(slack.calls('chat.postMessage').filter((c) => !slackDms.has(String(c.params.channel)))).toEqual([]);

    // Every storm's 429 was met (on Discord a few more: sends already on their way when the
    // global one was answered). On Slack the posts' only 429s are the storm's; 75 DM openings at
    // once also meet conversations.open's tier (50 a minute, bursts of 50).
    expect(discord.rateLimited()).toBeGreaterThanOrEqual(42);
    expect(slack.calls('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(40);
    expect(slack.calls('conversations.open').filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(5);
    // The unreachable are marked and no longer subscribed; nobody else is.
    for (const [platform, id] of [...closed.map((id) => ['discord', id] as const), ...gone.map((id) => ['slack', id] as const)]) {
      const dead = await store.loadUser(store.keyOf(`${platform}:${id}`));
      expect(dead?.unreachable, id).toBe(true);
      expect((dead?.flows.caravan as CaravanData).sub, id).toBeUndefined();
    }
    expect(core.outbox.stats).toMatchObject({ failed: 0 });
  }, 60_000);
});
