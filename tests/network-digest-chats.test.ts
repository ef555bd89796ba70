// `/plan digest here|off|list` typed by a manager in a Slack channel and in a Telegram group, through
// the real adapters against their fakes: the chat then receives the whole plan's digest on Monday at
// 09:00 (the bot's zone), in its language; others are refused. On Slack the command runs in the
// channel itself (so does `/together caravan channel here`), answered to the person alone.
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { allFlows } from '../flows/index.ts';
import { SlackChannel } from '../adapters/slack/index.ts';
import { TelegramChannel } from '../adapters/telegram/index.ts';
import { startFakeSlack, type FakeSlack } from './fakes/slack/index.ts';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram/index.ts';
import { FAST, seenOf } from './fakes/contract/slack-driver.ts';
import { Clock } from './helpers/caravan-bot.ts';
import { FAST_LIMITS, expectReply } from './helpers/telegram-bot.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import { planEvent, seedPlan } from './helpers/network-digest.ts';
import { caravanRecords } from '../flows/caravan/data.ts';
import { every } from '../src/engine/index.ts';

interface Chats {
  slack: FakeSlack;
  telegram: FakeTelegram;
  core: Core;
  clock: Clock;
  dir: string;
}

let chats: Chats | null = null;
afterEach(async () => {
  if (!chats) return;
  await chats.core.stop();
  await Promise.all([chats.slack.close(), chats.telegram.close()]);
  removeDir(chats.dir);
  chats = null;
});

const MANAGER = 'U0MANAGER1';
const MEMBER = 'U0MEMBER01';
const NETWORK = 'C0NETWORK1';
const TG_MANAGER = { id: 9001, language_code: 'en' };
const TG_MEMBER = { id: 9002, language_code: 'ro' };
const TG_GROUP = { id: -1007700, type: 'supergroup' as const, title: 'Rețeaua' };

async function start(): Promise<Chats> {
  const slack = await startFakeSlack({ limits: { perConversationPerSecond: 20, conversationBurst: 3, tiers: false } });
  const telegram = await startFakeTelegram({ limits: { scale: 20 }, privacyMode: false });
  const dir = tempDir('together-digest-chats-');
  const clock = new Clock(new Date('2026-06-03T10:00:00Z'));
  const slackChannel = new SlackChannel({ botToken: slack.botToken, signingSecret: slack.signingSecret, port: 0, apiUrl: slack.apiUrl, log: silentLogger(), limits: FAST });
  const telegramChannel = new TelegramChannel({ token: telegram.token, apiRoot: telegram.url, log: silentLogger(), limits: FAST_LIMITS });
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set([`slack:${MANAGER}`, `telegram:${TG_MANAGER.id}`]) },
    flows: allFlows,
    channels: [slackChannel, telegramChannel],
    log: silentLogger(),
    now: clock.now,
    outbox: { backoffMs: 20 },
  });
  await core.start();
  slack.setRequestUrl(`http://127.0.0.1:${slackChannel.httpPort}/slack/events`);
  slack.addUser({ id: MANAGER, name: 'mona', locale: 'en-US', tz: 'Europe/Brussels' });
  slack.addUser({ id: MEMBER, name: 'ion', locale: 'ro-RO', tz: 'Europe/Bucharest' });
  slack.addChannel({ id: NETWORK, name: 'network', members: [MANAGER, MEMBER] });
  for (const u of [TG_MANAGER, TG_MEMBER]) telegram.addUser(u);
  return { slack, telegram, core, clock, dir };
}

/** The answer only the person sees (the slash command's own), after the command ran in the channel. */
async function inChannel(c: Chats, user: string, command: string, text: string): Promise<string> {
  const before = c.slack.ephemerals(NETWORK, user).length;
  const ack = await c.slack.sendCommand(user, command, text, { channel: NETWORK });
  expect(ack.status).toBe(200);
  const seen = c.slack.ephemerals(NETWORK, user).slice(before);
  expect(seen).toHaveLength(1);
  return seenOf(seen[0]!).text;
}

async function walk(c: Chats, from: string, to: string): Promise<void> {
  for (let t = Date.parse(from); t < Date.parse(to); t += 30 * 60_000) {
    c.clock.set(new Date(t).toISOString());
    await c.core.scheduler.runDue();
    await c.core.broadcasts.idle();
    await c.core.outbox.drain();
  }
}

const digestsIn = (c: Chats) => ({
  slack: c.slack.messages(NETWORK).map((m) => seenOf(m).text).filter((t) => t.startsWith('📰')),
  telegram: c.telegram.messages(TG_GROUP.id).map((m) => m.text ?? '').filter((t) => t.startsWith('📰')),
});

describe('network digest in shared chats: /plan digest here', () => {
  it('a manager makes a Slack channel and a Telegram group receive the whole plan\'s digest; others are refused; off stops it', async () => {
    chats = await start();
    const c = chats;
    await seedPlan(c.core.services, {
      events: [planEvent({ id: 'coord', title: 'Mons coordination meeting', date: '2026-06-10', time: '17:00', groups: ['coord-mons'] }), planEvent({ id: 'report', kind: 'deadline', title: 'Quarter report', date: '2026-06-26' })],
      phases: [{ id: 'skills', name: { en: 'Skills extension', ro: 'Extinderea competențelor' }, quarter: 'Q2', year: 2026, from: '2026-04-01', to: '2026-06-30', asks: { dynamisors: { en: 'Train two facilitators', ro: 'Formați doi facilitatori' } } }],
    });

    // Slack: typed in the channel, run there, answered to the person alone; nothing in their DM.
    expect(await inChannel(c, MEMBER, '/together', 'plan digest here')).toBe('Doar administratorii rețelei pot alege ce conversații primesc rezumatul săptămânal.');
    expect(await inChannel(c, MANAGER, '/together', 'plan digest here')).toBe("This chat will receive the network's weekly digest on Mondays at 09:00 (Europe/Brussels), in English.");
    expect(await inChannel(c, MANAGER, '/together', 'plan digest here')).toBe('This chat already receives the weekly digest, in English.');
    expect(await inChannel(c, MANAGER, '/together', 'plan digest list')).toContain(`• slack:${NETWORK} (en), since 2026-06-03`);
    expect(c.slack.messages(NETWORK)).toEqual([]);
    expect(c.slack.messages(c.slack.dmOf(MANAGER))).toEqual([]);
    // The caravan's group command runs in the Slack channel too.
    expect(await inChannel(c, MANAGER, '/caravan', 'channel here')).toBe("✅ This chat will now receive the caravan's announcements, in English. /caravan channel off to stop.");
    expect((await every((await caravanRecords(c.core.services.store)).places)).map((p) => p.id)).toEqual([`slack:${NETWORK}`]);
    // Any other /plan typed in the channel still goes on in the person's DM.
    await c.slack.sendCommand(MANAGER, '/together', 'plan', { channel: NETWORK });
    expect(seenOf(c.slack.ephemerals(NETWORK, MANAGER).at(-1)!).text).toMatch(/^Answered in our private chat/);

    // Telegram: in the group, in Romanian for the group.
    c.telegram.sendText(TG_MEMBER, '/plan@together_test_bot digest here', { chat: TG_GROUP });
    await expectReply(c.telegram, TG_GROUP.id, /administratorii rețelei/);
    c.telegram.sendText(TG_MANAGER, '/plan@together_test_bot digest here ro', { chat: TG_GROUP });
    await expectReply(c.telegram, TG_GROUP.id, "This chat will receive the network's weekly digest on Mondays at 09:00 (Europe/Brussels), in Romanian.");

    await walk(c, '2026-06-08T06:00:00Z', '2026-06-08T08:00:00Z');
    const first = digestsIn(c);
    expect(first.slack).toHaveLength(1);
    expect(first.slack[0]).toContain("📰 The network's action plan — week of June 8, 2026");
    // The whole plan: every group's asks and events, nothing personal (no /plan footer).
    expect(first.slack[0]).toContain('• Dynamisors: Train two facilitators');
    expect(first.slack[0]).toContain('• Wed, Jun 10, 17:00 — Mons coordination meeting (meeting)');
    expect(first.slack[0]).not.toContain('What you follow');
    expect(first.telegram).toHaveLength(1);
    expect(first.telegram[0]).toContain('📰 Planul de acțiune al rețelei — săptămâna din 8 iunie 2026');
    expect(first.telegram[0]).toContain('• Dynamisors: Formați doi facilitatori');

    c.telegram.sendText(TG_MANAGER, '/plan@together_test_bot digest off', { chat: TG_GROUP });
    await expectReply(c.telegram, TG_GROUP.id, 'This chat will no longer receive the weekly digest.');
    await walk(c, '2026-06-15T06:00:00Z', '2026-06-15T08:00:00Z');
    const second = digestsIn(c);
    expect(second.slack).toHaveLength(2);
    expect(second.telegram).toHaveLength(1);
  });
});

describe('Slack: answers to a command run in a channel', () => {
  it('what the core says before the acknowledgement is its ephemeral answer; later words go to the response_url', async () => {
    const { ChannelAnswers } = await import('../adapters/slack/in-channel.ts');
    const posts: { url: string; body: unknown }[] = [];
    const fetch = async (url: string | URL, init?: { body?: unknown }) => {
      posts.push({ url: String(url), body: JSON.parse(String(init?.body)) });
      return { ok: true, status: 200 } as Awaited<ReturnType<ConstructorParameters<typeof ChannelAnswers>[0]>>;
    };
    const answers = new ChannelAnswers(fetch);
    const accepts = (name: string, args: string) => name === 'plan' && args.startsWith('digest');
    expect(answers.eventFor({ command: '/together', text: 'plan digest here', user_id: 'U1', channel_id: 'D0DM', response_url: 'http://r/1' }, accepts)).toBeNull();
    expect(answers.eventFor({ command: '/together', text: 'plan join', user_id: 'U1', channel_id: 'C0NET' }, accepts)).toBeNull();
    const event = answers.eventFor({ command: '/together', text: 'plan digest here', user_id: 'U1', channel_id: 'C0NET', trigger_id: 't1', response_url: 'http://r/1' }, accepts)!;
    expect(event).toMatchObject({ kind: 'command', name: 'plan', args: 'digest here', groupChat: true, updateId: 'c:t1', address: { channel: 'slack', chatId: 'C0NET', userId: 'U1', group: true } });
    expect(await answers.take({ ...event.address }, 'not the same address')).toBe(false);
    expect(await answers.take(event.address, 'First <answer>')).toBe(true);
    expect(answers.ack(event.address)).toEqual({ response_type: 'ephemeral', text: 'First &lt;answer&gt;' });
    expect(posts).toEqual([]);
    expect(await answers.take(event.address, 'Later')).toBe(true);
    expect(posts).toEqual([{ url: 'http://r/1', body: { response_type: 'ephemeral', text: 'Later' } }]);
  });
});
