// End to end: the real bolt app, the Slack adapter and the real core against the fake Slack.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personId, type InboundEvent } from '../src/core/types.ts';
import type { ChannelInfo, EventSink } from '../src/channels/channel.ts';
import { readSettings, SettingsError } from '../src/config.ts';
import { silentLogger } from '../src/log/logger.ts';
import { SlackChannel, SlackStartError, linkFor } from '../adapters/slack/index.ts';
import { startFakeSlack, type FakeSlack } from './fakes/slack/index.ts';
import { buttonOf, seenOf, startSlack, userOf, type SlackBot } from './fakes/contract/slack-driver.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

const CHANNEL = 'C0SQUARE';

describe('Slack channel (HTTP mode)', () => {
  let dir = '';
  let bot: SlackBot;
  let fake: FakeSlack;
  beforeEach(async () => {
    dir = tempDir('together-slack-');
    bot = await startSlack(dir);
    fake = bot.fake;
    fake.addChannel({ id: CHANNEL, name: 'square' });
  });
  afterEach(async () => {
    await bot.stop();
    removeDir(dir);
  });

  const meet = (name: string, locale = 'en-US', tz = 'Europe/Brussels') => {
    const id = userOf(name);
    fake.addUser({ id, name, locale, tz });
    return id;
  };
  const dm = (name: string) => fake.dmOf(userOf(name));
  const seen = (name: string) => fake.messages(dm(name)).map(seenOf);
  const doc = async (name: string) => {
    const store = bot.core.services.store;
    return store.loadUser(store.keyOf(personId({ channel: 'slack', chatId: dm(name), userId: userOf(name) })));
  };
  const say = async (name: string, text: string) => {
    const ack = await fake.sendMessage(userOf(name), text);
    await bot.settle();
    return ack;
  };
  const press = async (name: string, label: RegExp) => {
    const message = [...fake.messages(dm(name))].reverse().find((m) => buttonOf(m, label));
    if (!message) throw new Error(`no button ${label}:\n${fake.describe()}`);
    const ack = await fake.pressButton(userOf(name), message.ts, buttonOf(message, label)!.actionId);
    await bot.settle();
    return ack;
  };

  it('onboards in the DM: the Slack locale picks French, the time zone is stored, buttons are marked', async () => {
    meet('lea', 'fr-FR', 'Europe/Paris');
    // Her first words in the DM are answered as /start is on Telegram: no start button on Slack.
    const ack = await say('lea', 'bonjour');
    expect(ack.status).toBe(200);
    const language = seen('lea').at(-1)!;
    expect(seen('lea').map((m) => m.text).join('\n')).toMatch(/Bonjour/);
    expect(language.text).toMatch(/Quelle langue/);
    expect(language.rows.flat().map((b) => b.label)).toEqual(expect.arrayContaining(['English', 'Français']));
    await press('lea', /^Français$/);
    // The pressed button's message: its buttons replaced by the choice.
    const marked = fake.messages(dm('lea')).find((m) => /Quelle langue/.test(m.text))!;
    expect(marked.edited).toBe(true);
    expect(seenOf(marked).rows).toEqual([]);
    expect(seenOf(marked).text).toMatch(/✓ Français/);
    expect(fake.calls('chat.update').filter((c) => c.ok)).toHaveLength(1);
    const pressAck = await press('lea', /J'accepte|accepte/);
    expect(pressAck.status).toBe(200);
    const person = await doc('lea');
    expect(person?.lang).toBe('fr');
    expect(person?.tz).toBe('Europe/Paris');
    expect(person?.consentAt).toBeTruthy();
    // users.info is asked once per person, not at every message.
    expect(fake.calls('users.info').filter((c) => c.params.user === userOf('lea'))).toHaveLength(1);
  });

  it('acknowledges a press only once the answer it carries is stored', async () => {
    meet('ana');
    await say('ana', '/start');
    await press('ana', /^English$/);
    const message = [...fake.messages(dm('ana'))].reverse().find((m) => buttonOf(m, /I agree/))!;
    const ack = await fake.pressButton(userOf('ana'), message.ts, buttonOf(message, /I agree/)!.actionId);
    // Read before the replies are delivered: the consent is on disk when Slack hears "200".
    expect(ack.status).toBe(200);
    expect((await doc('ana'))?.consentAt).toBeTruthy();
    await bot.settle();
  });

  it('/together spiral CODE from a channel: a note only the person sees there, the conversation in the DM', async () => {
    meet('bo');
    const ack = await fake.sendCommand(userOf('bo'), '/together', 'spiral K7M2QX', { channel: CHANNEL });
    await bot.settle();
    expect(ack.status).toBe(200);
    const notes = fake.ephemerals(CHANNEL, userOf('bo'));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toMatch(/private chat/);
    // The app's DM link, from the app id bots.info gives.
    expect(notes[0]!.text).toContain('https://slack.com/app_redirect?app=A0FAKEAPP&amp;team=T0FAKETEAM');
    // Nothing public in the channel; the answer (consent first) is in the DM.
    expect(fake.messages(CHANNEL)).toEqual([]);
    expect(seen('bo').at(-1)!.text).toMatch(/agree/i);
    // Once consent is given, the same command from the channel goes on in the DM.
    await press('bo', /I agree/);
    const before = seen('bo').length;
    await fake.sendCommand(userOf('bo'), '/together', 'spiral K7M2QX', { channel: CHANNEL });
    await bot.settle();
    expect(seen('bo').slice(before).map((m) => m.text).join('\n')).toMatch(/K7M2QX/);
    expect(fake.ephemerals(CHANNEL, userOf('bo'))).toHaveLength(2);
    expect(fake.messages(CHANNEL)).toEqual([]);
  });

  it('/spiral, /caravan and /propose are commands of their own; /together alone is help', async () => {
    meet('cy');
    await fake.sendCommand(userOf('cy'), '/together', '', { channel: CHANNEL });
    await bot.settle();
    expect(seen('cy').at(-1)!.text).toMatch(/\/together mydata/);
    await fake.sendCommand(userOf('cy'), '/together', 'help', { channel: dm('cy') });
    await bot.settle();
    expect(seen('cy').filter((m) => /\/together mydata/.test(m.text))).toHaveLength(2);
    // Typed in the DM itself: no note, the answer is right there.
    expect(fake.ephemerals(dm('cy'))).toEqual([]);
    await fake.sendCommand(userOf('cy'), '/caravan', '', { channel: CHANNEL });
    await bot.settle();
    expect(seen('cy').at(-1)!.text).toMatch(/Caravan of co-responsibility/);
    await fake.sendCommand(userOf('cy'), '/spiral', '', { channel: CHANNEL });
    await bot.settle();
    expect(seen('cy').at(-1)!.text).toMatch(/agree/i);
  });

  it('a slash command with an unknown word gets the core\'s localized answer in the DM', async () => {
    meet('fi', 'es-ES');
    const ack = await fake.sendCommand(userOf('fi'), '/together', 'fly me to the moon', { channel: CHANNEL });
    await bot.settle();
    expect(ack.status).toBe(200);
    expect(seen('fi').at(-1)!.text).toContain('/fly');
    // The note in the channel is in the person's Slack language.
    expect(fake.ephemerals(CHANNEL, userOf('fi'))[0]!.text).toMatch(/chat privado/);
  });

  it('a mention in a channel gets a short pointer to the DM, seen by that person only', async () => {
    meet('di');
    const ack = await fake.sendMention(userOf('di'), CHANNEL, 'what is SPIRAL?');
    expect(ack.status).toBe(200);
    const notes = fake.ephemerals(CHANNEL);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.to).toBe(userOf('di'));
    expect(notes[0]!.text).toMatch(/private chat/);
    expect(fake.messages(CHANNEL)).toEqual([]);
    // The same event delivered again is answered once.
    await fake.resend(ack);
    expect(fake.ephemerals(CHANNEL)).toHaveLength(1);
    expect(await doc('di')).toBeNull();
  });

  it('ignores bot messages, edits and other subtypes; a shared file gets the "type your answer" hint', async () => {
    meet('ed');
    await say('ed', '/start');
    const before = seen('ed').length;
    await fake.sendMessage(userOf('ed'), 'I am a bot', { botId: 'B0OTHER' });
    await fake.sendMessage(userOf('ed'), 'edited', { subtype: 'message_changed' });
    await fake.sendMessage(userOf('ed'), 'gone', { subtype: 'message_deleted' });
    await fake.sendMessage(userOf('ed'), 'joined', { subtype: 'channel_join' });
    await bot.settle();
    expect(seen('ed')).toHaveLength(before);
    await fake.sendMessage(userOf('ed'), '', { subtype: 'file_share', files: [{ id: 'F1', name: 'photo.jpg' }] });
    await bot.settle();
    expect(seen('ed')).toHaveLength(before + 1);
  });

  it('forged and stale requests get 401 and change nothing', async () => {
    const id = meet('fa');
    const event = {
      token: 'x',
      team_id: fake.teamId,
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: 'Ev0FORGED',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'message', channel_type: 'im', channel: dm('fa'), user: id, text: '/start', ts: '1.000001' },
    };
    const body = JSON.stringify(event);
    const forged = await fake.sendRaw(body, { 'content-type': 'application/json', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=' + '0'.repeat(64) });
    expect(forged.status).toBe(401);
    const stale = await fake.sendRaw(body, { 'content-type': 'application/json', ...fake.signatureHeaders(body, Math.floor(Date.now() / 1000) - 6 * 60) });
    expect(stale.status).toBe(401);
    const unsigned = await fake.sendRaw(body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    await bot.settle();
    expect(fake.messages(dm('fa'))).toEqual([]);
    expect(await doc('fa')).toBeNull();
    // The same body, signed now, is taken.
    const signed = await fake.sendRaw(body, { 'content-type': 'application/json', ...fake.signatureHeaders(body) });
    await bot.settle();
    expect(signed.status).toBe(200);
    expect(fake.messages(dm('fa'))).toHaveLength(1);
  });

  it('a body that is not what Slack sends gets a 4xx and changes nothing', async () => {
    const body = '{"type": "event_callback", "event": ';
    const ack = await fake.sendRaw(body, { 'content-type': 'application/json', ...fake.signatureHeaders(body) });
    expect(ack.status).toBeGreaterThanOrEqual(400);
    expect(ack.status).toBeLessThan(500);
  });

  it('a retried event (same event_id, X-Slack-Retry-Num) is processed once', async () => {
    meet('gu');
    const first = await fake.sendMessage(userOf('gu'), '/help');
    const again = await fake.resend(first);
    const third = await fake.resend(again);
    await bot.settle();
    expect([first.status, again.status, third.status]).toEqual([200, 200, 200]);
    expect(seen('gu').filter((m) => /\/together mydata/.test(m.text))).toHaveLength(1);
  });

  it('a retried slash command and a press delivered twice are processed once', async () => {
    meet('ha');
    const command = await fake.sendCommand(userOf('ha'), '/together', 'help', { channel: CHANNEL });
    await fake.resend(command);
    await bot.settle();
    expect(seen('ha').filter((m) => /\/together mydata/.test(m.text))).toHaveLength(1);
  });

  it('a 429 is waited out (Retry-After) by the outbox: nothing lost, nothing doubled', async () => {
    meet('io');
    fake.rateLimitNext(2, 1, 'chat.postMessage');
    const outcome = await bot.core.services.notify({ channel: 'slack', chatId: dm('io'), userId: userOf('io') }, [1, 2, 3].map((n) => ({ kind: 'text' as const, text: `message ${n}` })));
    expect(outcome).toEqual(['sent', 'sent', 'sent']);
    expect(seen('io').map((m) => m.text)).toEqual(['message 1', 'message 2', 'message 3']);
    const posts = fake.calls('chat.postMessage');
    const limited = posts.filter((c) => c.status === 429);
    expect(limited).toHaveLength(2);
    // The send after a 429 came no sooner than Retry-After (1 s) later: the client did not retry on its own.
    const firstOk = posts.find((c) => c.ok)!;
    expect(firstOk.at - limited[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('reaches a person outside a conversation by their user id (conversations.open); a deactivated one is unreachable', async () => {
    meet('jo');
    await say('jo', '/start');
    const out = await bot.core.services.notify({ channel: 'slack', chatId: userOf('jo'), userId: userOf('jo') }, [{ kind: 'text', text: 'The caravan stops in Iași on 12 May.' }]);
    expect(out).toEqual(['sent']);
    expect(seen('jo').at(-1)!.text).toMatch(/Iași/);
    fake.deactivate(userOf('jo'));
    const gone = await bot.core.services.notify({ channel: 'slack', chatId: dm('jo'), userId: userOf('jo') }, [{ kind: 'text', text: 'still there?' }]);
    expect(gone).toEqual(['blocked']);
    await bot.core.engine.idle();
    expect((await doc('jo'))?.unreachable).toBe(true);
  });

  it('escapes what was typed: <!channel> and <https://x|y> reach others as text', async () => {
    meet('ka');
    await bot.core.services.notify({ channel: 'slack', chatId: dm('ka'), userId: userOf('ka') }, [{ kind: 'text', text: 'Idea: <!channel> & <https://evil.example|click>' }]);
    const sent = fake.calls('chat.postMessage').find((c) => c.ok)!;
    const section = (sent.params.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'section')!;
    expect(section.text!.text).toBe('Idea: &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(seen('ka')[0]!.text).toBe('Idea: <!channel> & <https://evil.example|click>');
  });

  it('uploads an image into the DM with the current upload API', async () => {
    meet('li');
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 0]);
    const out = await bot.core.services.notify({ channel: 'slack', chatId: dm('li'), userId: userOf('li') }, [{ kind: 'image', png, filename: 'chart.png', caption: 'Your chart' }]);
    expect(out).toEqual(['sent']);
    const uploads = fake.uploads(dm('li'));
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.filename).toBe('chart.png');
    expect(uploads[0]!.initialComment).toBe('Your chart');
    expect(Buffer.compare(uploads[0]!.bytes, Buffer.from(png))).toBe(0);
    expect(fake.calls('files.completeUploadExternal').some((c) => c.ok)).toBe(true);
  });

  it('the Home tab greets someone new in their Slack language, with a Start button, and stores nothing', async () => {
    meet('mo', 'fr-FR');
    const ack = await fake.openHome(userOf('mo'));
    expect(ack.status).toBe(200);
    const view = fake.homeView(userOf('mo')) as { type: string; blocks: { type: string; text?: { text: string }; elements?: { value?: string; text?: { text?: string } }[] }[] };
    expect(view.type).toBe('home');
    const text = view.blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(text).toMatch(/Bonjour/);
    expect(view.blocks.flatMap((b) => b.elements ?? []).map((e) => e.value)).toEqual(['/start']);
    expect(await doc('mo')).toBeNull();
  });

  it('declares no link for a payload (Slack cannot carry one), and the offline builder agrees', () => {
    expect(bot.channel.link('g_K7M2QX')).toBeUndefined();
    expect(linkFor('g_K7M2QX', { botName: 'A0123ABCD@T0456EFGH' })).toBeUndefined();
    expect(linkFor(undefined, { botName: 'A0123ABCD@T0456EFGH' })).toBe('https://slack.com/app_redirect?app=A0123ABCD&team=T0456EFGH');
    expect(linkFor(undefined, {})).toBeUndefined();
  });
});

describe('Slack channel (Socket Mode)', () => {
  it('starts over the fake\'s WebSocket and answers a DM; the ack comes after the event is stored', async () => {
    const dir = tempDir('together-slack-socket-');
    const bot = await startSlack(dir, { mode: 'socket' });
    try {
      expect(bot.fake.socketConnected()).toBe(true);
      const id = userOf('nu');
      bot.fake.addUser({ id, name: 'nu', locale: 'en-GB' });
      const ack = await bot.fake.sendMessage(id, '/start');
      expect(ack.status).toBe('acked');
      await bot.settle();
      expect(bot.fake.messages(bot.fake.dmOf(id)).at(-1)!.text).toMatch(/language/i);
      const message = bot.fake.messages(bot.fake.dmOf(id)).at(-1)!;
      const press = await bot.fake.pressButton(id, message.ts, buttonOf(message, /^English$/)!.actionId);
      expect(press.status).toBe('acked');
      // Acknowledged once stored: the chosen language is on disk before the replies go out.
      const store = bot.core.services.store;
      expect((await store.loadUser(store.keyOf(`slack:${id}`)))?.lang).toBe('en');
      await bot.settle();
      expect(seenOf(bot.fake.messages(bot.fake.dmOf(id))[0]!).text).toMatch(/✓ English/);
      // A slash command's note travels in the envelope's ack.
      bot.fake.addChannel({ id: 'C0SOCKET', name: 'socket' });
      const command = await bot.fake.sendCommand(id, '/together', 'help', { channel: 'C0SOCKET' });
      expect(command.status).toBe('acked');
      await bot.settle();
      expect(bot.fake.ephemerals('C0SOCKET', id).map((m) => m.text).join('\n')).toMatch(/private chat/);
      expect(bot.fake.messages(bot.fake.dmOf(id)).at(-1)!.text).toMatch(/mydata/);
    } finally {
      await bot.stop();
      removeDir(dir);
    }
  });
});

describe('Slack channel (Socket Mode) after the connection drops', () => {
  it('reconnects by itself and goes on answering', async () => {
    const dir = tempDir('together-slack-socket-drop-');
    const bot = await startSlack(dir, { mode: 'socket' });
    try {
      const id = userOf('xe');
      bot.fake.addUser({ id, locale: 'en-US' });
      bot.fake.dropSocket();
      await bot.fake.waitFor(() => (bot.fake.socketConnected() ? true : undefined), 10_000, 'a new Socket Mode connection');
      expect((await bot.fake.sendMessage(id, '/help')).status).toBe('acked');
      await bot.settle();
      expect(bot.fake.messages(bot.fake.dmOf(id)).at(-1)!.text).toMatch(/mydata/);
    } finally {
      await bot.stop();
      removeDir(dir);
    }
  }, 20_000);
});

describe('Slack channel with a stand-in core', () => {
  const info = (extra: Partial<ChannelInfo> = {}): ChannelInfo => ({ languages: ['en'], defaultLanguage: 'en', commands: () => [], greeting: () => 'Hello!', translate: (_l, key) => key, ...extra });

  it('acknowledges at 2.5 s when the core is slow, and the event is still handed over once', async () => {
    // Slack gives up on an answer after 3 s (and retries): the fake does the same.
    const fake = await startFakeSlack({ limits: false, deliveryTimeoutMs: 3000 });
    const events: InboundEvent[] = [];
    let release: () => void = () => {};
    const slow: EventSink = (event) => {
      events.push(event);
      return new Promise((resolve) => (release = () => resolve({ delivered: Promise.resolve() })));
    };
    const channel = new SlackChannel({ botToken: fake.botToken, signingSecret: fake.signingSecret, apiUrl: fake.apiUrl, port: 0, log: silentLogger() });
    try {
      await channel.start(slow, info());
      fake.setRequestUrl(`http://127.0.0.1:${channel.httpPort}/slack/events`);
      fake.addUser({ id: 'U0SLOW', locale: 'en-US' });
      const ack = await fake.sendMessage('U0SLOW', 'an idea');
      expect(ack.status).toBe(200);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'text', text: 'an idea', locale: 'en-US', address: { channel: 'slack', userId: 'U0SLOW', chatId: fake.dmOf('U0SLOW') } });
      release();
      // A slash command too: acknowledged in time, with its note, though the core has not answered.
      fake.addChannel({ id: 'C0SLOW', name: 'slow' });
      const command = await fake.sendCommand('U0SLOW', '/together', 'help', { channel: 'C0SLOW' });
      expect(command.status).toBe(200);
      expect(fake.ephemerals('C0SLOW', 'U0SLOW').map((m) => m.text)).toEqual(['slack:command.continued']);
      expect(events.map((e) => e.kind)).toEqual(['text', 'command']);
      release();
    } finally {
      await channel.stop();
      await fake.close();
    }
  });

  it('renders the core\'s home screen (views.publish) and its buttons come back as choices and commands', async () => {
    const fake = await startFakeSlack({ limits: false });
    const events: InboundEvent[] = [];
    const sink: EventSink = async (event) => (events.push(event), { delivered: Promise.resolve() });
    const home: ChannelInfo['home'] = async (address, locale) => ({
      title: `Hello ${address.userId} (${locale})`,
      sections: [
        { text: 'Your group <K7M2QX>: question 2 of 3', buttons: [{ label: 'Go on', token: 'tok|abc|1|1' }] },
        { text: 'Caravan: Iași, 12 May', buttons: [{ label: 'Caravan', token: '/caravan' }] },
      ],
    });
    const channel = new SlackChannel({ botToken: fake.botToken, signingSecret: fake.signingSecret, apiUrl: fake.apiUrl, port: 0, log: silentLogger() });
    try {
      await channel.start(sink, info({ home }));
      fake.setRequestUrl(`http://127.0.0.1:${channel.httpPort}/slack/events`);
      fake.addUser({ id: 'U0HOME', locale: 'pt-PT' });
      expect((await fake.openHome('U0HOME')).status).toBe(200);
      const view = fake.homeView('U0HOME') as { blocks: { type: string; text?: { text: string }; elements?: { action_id: string; value: string }[] }[] };
      expect(view.blocks[0]!.text!.text).toBe('Hello U0HOME (pt-PT)');
      expect(view.blocks.map((b) => b.text?.text).join('\n')).toContain('Your group &lt;K7M2QX&gt;');
      const actions = view.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements!);
      expect(actions.map((a) => a.value)).toEqual(['tok|abc|1|1', '/caravan']);
      expect(new Set(actions.map((a) => a.action_id)).size).toBe(2);
      expect(events).toEqual([]);
    } finally {
      await channel.stop();
      await fake.close();
    }
  });
});

describe('Slack start-up', () => {
  it('a refused bot token stops the start with what to check', async () => {
    const fake = await startFakeSlack();
    try {
      const channel = new SlackChannel({ botToken: 'xoxb-wrong', signingSecret: fake.signingSecret, apiUrl: fake.apiUrl, port: 0, log: silentLogger() });
      const start = channel.start(async () => ({ delivered: Promise.resolve() }), { languages: ['en'], defaultLanguage: 'en', commands: () => [], greeting: () => '' });
      await expect(start).rejects.toThrow(SlackStartError);
      await expect(start).rejects.toThrow(/SLACK_BOT_TOKEN was refused by Slack at auth\.test \(invalid_auth\)/);
      expect(channel.httpPort).toBeUndefined();
    } finally {
      await fake.close();
    }
  });

  it('a refused app token (Socket Mode) stops the start with what to check', async () => {
    const fake = await startFakeSlack();
    try {
      const channel = new SlackChannel({ botToken: fake.botToken, appToken: 'xapp-wrong', apiUrl: fake.apiUrl, log: silentLogger() });
      const start = channel.start(async () => ({ delivered: Promise.resolve() }), { languages: ['en'], defaultLanguage: 'en', commands: () => [], greeting: () => '' });
      await expect(start).rejects.toThrow(/SLACK_APP_TOKEN was refused by Slack/);
      expect(fake.socketConnected()).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it('an unreachable API root stops the start with the address to check', async () => {
    const channel = new SlackChannel({ botToken: 'xoxb-x', signingSecret: 's', apiUrl: 'http://127.0.0.1:9/api/', port: 0, log: silentLogger() });
    await expect(channel.start(async () => ({ delivered: Promise.resolve() }), { languages: ['en'], defaultLanguage: 'en', commands: () => [], greeting: () => '' })).rejects.toThrow(/could not reach SLACK_API_URL http:\/\/127\.0\.0\.1:9\/api\//);
  });

  it('half a configuration is refused with what to add', () => {
    const base = { TOGETHER_DATA: '/tmp/together-slack-settings' };
    expect(() => readSettings({ ...base, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(SettingsError);
    expect(() => readSettings({ ...base, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET .*or SLACK_APP_TOKEN/);
    expect(() => readSettings({ ...base, SLACK_SIGNING_SECRET: 'abc' })).toThrow(/SLACK_BOT_TOKEN is not/);
    expect(() => readSettings({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' })).toThrow(/xapp-/);
    expect(() => readSettings({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_PORT: '70000' })).toThrow(/SLACK_PORT/);
    expect(readSettings({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toEqual({ botToken: 'xoxb-1', signingSecret: 's', apiUrl: undefined, port: 3000 });
    expect(readSettings({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:1/api/' }).slack).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: 'http://127.0.0.1:1/api/', port: 3000 });
    expect(readSettings(base).slack).toBeUndefined();
    expect(() => new SlackChannel({ botToken: 'xoxb-1', log: silentLogger() })).toThrow(SlackStartError);
  });
});
