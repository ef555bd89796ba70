// Commands in Slack: every message that starts with "/" is a slash command there, so the core's
// "/back" cannot be typed in the DM. The adapter shows the core's command mentions as
// `/together back` (never a person's own text), and takes " /back" (Slack's own way to send a
// slash) and `/together back` as the commands they are.
import { afterEach, describe, expect, it } from 'vitest';
import { I18n } from '../src/i18n/i18n.ts';
import type { ChannelInfo } from '../src/channels/channel.ts';
import { splitText } from '../src/channels/split-text.ts';
import { silentLogger } from '../src/log/logger.ts';
import { SlackChannel } from '../adapters/slack/index.ts';
import { COMMAND_SPAN, CommandMentions } from '../adapters/slack/commands.ts';
import { sectionTexts } from '../adapters/slack/format.ts';
import { startFakeSlack } from './fakes/slack/index.ts';
import { fromDirectMessage, typedCommand } from '../adapters/slack/inbound.ts';
import { seenOf, startSlack, type SlackBot } from './fakes/contract/slack-driver.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

const PUBLISHED = ['start', 'language', 'help', 'mydata', 'forget', 'spiral', 'caravan', 'back', 'skip', 'done', 'cancel'];

describe('the core\'s command mentions in Slack', () => {
  it('rewrites the core\'s own texts in every language, Slack\'s own slash commands kept', async () => {
    const i18n = await I18n.create('en');
    const mentions = new CommandMentions(PUBLISHED);
    expect(mentions.names).toEqual(expect.arrayContaining(['agree', 'back', 'cancel', 'done', 'forget', 'help', 'language', 'mydata', 'skip', 'start']));
    expect(mentions.names).not.toContain('spiral');
    expect(mentions.names).not.toContain('together');

    const en = i18n.translator('en');
    expect(mentions.rewrite(en('common:help.inFlow'))).toBe(
      'During a questionnaire: /together back previous question · /together skip skip (when optional) · /together done end a list · /together cancel stop.',
    );
    expect(mentions.rewrite(en('common:nav.notAList'))).toMatch(/^\/together done ends a list/);
    expect(mentions.rewrite(en('onboarding:consent.required'))).toContain('type /together agree (/together start explains');
    expect(mentions.rewrite(en('onboarding:help.language'))).toBe('change the language (e.g. /together language fr)');
    // Slack's own slash commands work as they are.
    const spiralHelp = en('spiral:help.citizen');
    expect(mentions.rewrite(spiralHelp)).toContain('/spiral CODE — join your group');
    expect(mentions.rewrite(spiralHelp)).toContain('/together done for the next question, /together back, /together cancel');
    // "and/or" in a question is no command.
    expect(mentions.rewrite(en('spiral:question.actions'))).toBe(en('spiral:question.actions'));
    for (const lang of i18n.languages) {
      const t = i18n.translator(lang);
      expect(mentions.rewrite(t('common:help.inFlow')), lang).not.toMatch(/(^|\s)\/(back|skip|done|cancel)\b/);
      expect(mentions.rewrite(t('common:help.inFlow')), lang).toContain('/together back');
    }
    // Idempotent: a text rewritten twice is the same.
    const once = mentions.rewrite(en('common:help.inFlow'));
    expect(mentions.rewrite(once)).toBe(once);
  });

  it('the help list the core builds: "/start — …" lines, whatever language their description is in', () => {
    const mentions = new CommandMentions(PUBLISHED, []);
    const help = 'Commands:\n/start — begin\n/spiral — SPIRAL\n/mydata — voir mes données\n/back — zurück';
    expect(mentions.rewrite(help)).toBe('Commands:\n/together start — begin\n/spiral — SPIRAL\n/together mydata — voir mes données\n/together back — zurück');
  });

  it('never touches what a person typed, a URL or an unknown word', async () => {
    const i18n = await I18n.create('en');
    const en = i18n.translator('en');
    const mentions = new CommandMentions(PUBLISHED);
    // An idea that says "/back" is echoed as typed; the template's own words around it are not commands.
    const echoed = en('spiral:idea.saved', { n: 2, text: 'a massage for my /back and /help from friends' });
    expect(echoed).toContain('/back');
    expect(mentions.rewrite(echoed)).toBe(echoed);
    // The unknown command a person typed is shown as typed; the core's "/help" after it is rewritten.
    const unknown = en('common:unknownCommand', { command: '/back' });
    expect(mentions.rewrite(unknown)).toBe("I don't know the command /back. /together help lists the commands.");
    // A template fragment only counts whole: "/help" alone, in a person's text, stays.
    expect(mentions.rewrite('/help')).toBe('/help');
    expect(mentions.rewrite('see https://example.org/help and a/b /helpdesk')).toBe('see https://example.org/help and a/b /helpdesk');
    // A line that only looks like the help list but names no published command.
    expect(mentions.rewrite('/massage — please')).toBe('/massage — please');
  });

  it('takes " /back" and " /together back" typed in the DM as commands, bare words as text', () => {
    expect(typedCommand(' /back')).toEqual({ name: 'back', args: '' });
    expect(typedCommand('  /language fr')).toEqual({ name: 'language', args: 'fr' });
    expect(typedCommand(' /together back')).toEqual({ name: 'back', args: '' });
    expect(typedCommand(' /together')).toEqual({ name: 'help', args: '' });
    expect(typedCommand(' /spiral K7M2QX')).toEqual({ name: 'spiral', args: 'K7M2QX' });
    expect(typedCommand('back')).toBeNull();
    expect(typedCommand('together back')).toBeNull();
    expect(typedCommand('help')).toBeNull();
    const event = fromDirectMessage({ type: 'message', channel_type: 'im', user: 'U1', channel: 'D1', ts: '1.1', text: ' /done' }, 'Ev1');
    expect(event).toMatchObject({ kind: 'command', name: 'done', args: '' });
    expect(fromDirectMessage({ type: 'message', channel_type: 'im', user: 'U1', channel: 'D1', ts: '1.2', text: 'done' }, 'Ev2')).toMatchObject({ kind: 'text', text: 'done' });
  });
});

describe('commands through the real Slack channel and core', () => {
  let bot: SlackBot | null = null;
  let dir = '';
  afterEach(async () => {
    await bot?.stop();
    bot = null;
    removeDir(dir);
  });

  const texts = (b: SlackBot, user: string, from = 0) => b.fake.messages(b.fake.dmOf(user)).slice(from).map((m) => seenOf(m).text);

  it('the help says /together back, and /together back, " /back" and " /cancel" work in the DM', async () => {
    dir = tempDir('together-slack-commands-');
    bot = await startSlack(dir);
    const b = bot;
    const ana = 'U0CMDANA';
    b.fake.addUser({ id: ana, name: 'Ana', locale: 'en-US' });
    const command = async (text: string) => {
      const from = b.fake.messages(b.fake.dmOf(ana)).length;
      await b.fake.sendCommand(ana, '/together', text, { channel: b.fake.dmOf(ana) });
      await b.settle();
      return texts(b, ana, from).join('\n');
    };
    const say = async (text: string) => {
      const from = b.fake.messages(b.fake.dmOf(ana)).length;
      await b.fake.sendMessage(ana, text);
      await b.settle();
      return texts(b, ana, from).join('\n');
    };

    // The consent question at first contact: "type /agree" becomes what works in Slack, and it works.
    const consent = await command('spiral alone');
    expect(consent).toContain('/together agree');
    expect(await command('agree')).toMatch(/consent is recorded/);

    const help = await command('help');
    expect(help).toContain('/together start — ');
    expect(help).toContain('/together mydata — ');
    expect(help).toContain('/spiral — ');
    expect(help).toContain('/together back previous question');
    // No bare core command left for a Slack user to type in vain.
    expect(help).not.toMatch(/(^|[\s(])\/(back|skip|done|cancel|start|help|mydata|forget|language|agree)\b/m);

    // A questionnaire: the first idea, then /together back from the second question.
    expect(await command('spiral alone Namur')).toMatch(/What do you understand by well-being\?/);
    expect(await say('Friends')).toContain('Friends');
    expect(await command('done')).toMatch(/ill-being/i);
    // Back to the first question, by the slash command typed in the DM.
    expect(await command('back')).toMatch(/What do you understand by well-being\?/);
    // Slack's own advice for a message that starts with a slash: a space before it.
    expect(await say(' /done')).toMatch(/ill-being/i);
    // A bare word is an idea, not a command.
    expect(await say('cancel')).toContain('“cancel”');
    expect(await say(' /cancel')).toMatch(/Stopped/);
    // Nothing Slack refused on the way.
    expect(b.fake.calls().filter((c) => !c.ok && c.status !== 429).map((c) => `${c.method} ${c.error}`)).toEqual([]);
  }, 30_000);

  it('a long text is never cut inside a command mention, nor inside the core\'s sentence around it', async () => {
    const help = (await I18n.create('en')).translator('en')('help.inFlow');
    expect(help).toMatch(/^During a questionnaire: \/back /);
    // 2,990 characters, then the core's sentence: the last space before 3,000 is inside it, just before "questionnaire: /back".
    const text = `${'xxxxxxxxx '.repeat(299)}${help}\n${'yyyyyyyyy '.repeat(299)}${help}`;
    const fake = await startFakeSlack({ limits: false });
    const info: ChannelInfo = { languages: ['en'], defaultLanguage: 'en', commands: () => PUBLISHED.map((command) => ({ command, description: command })), greeting: () => 'Hello!', translate: (_l, key) => key };
    const channel = new SlackChannel({ botToken: fake.botToken, signingSecret: fake.signingSecret, apiUrl: fake.apiUrl, port: 0, log: silentLogger(), limits: null });
    try {
      await channel.start(async () => ({ delivered: Promise.resolve() }), info);
      const user = 'U0LONGTEXT';
      fake.addUser({ id: user, locale: 'en-US' });
      const parts = channel.split({ kind: 'text', text });
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) await channel.deliver(fake.dmOf(user), part, { channel: 'slack', chatId: fake.dmOf(user), userId: user });
      const sections = fake.messages(fake.dmOf(user)).flatMap((m) => (m.blocks ?? []).map((b) => String((b as { text?: { text?: string } }).text?.text ?? '')));
      const shown = sections.join('\n');
      // Every mention of the core's sentence is what works in Slack, in both places, whole in one section.
      expect(shown.match(/\/together back previous question/g)).toHaveLength(2);
      expect(shown).not.toMatch(/(^|[\s(])\/(back|skip|done|cancel)\b/m);
      for (const section of sections) expect(section).not.toMatch(/\/together$/);
    } finally {
      await channel.stop();
      await fake.close();
    }
  });

  it('splitText keeps what it is told to keep whole: a cut inside a mention moves before it', () => {
    // At a space: "/together back" stays on one side.
    const spaced = `${'a'.repeat(95)} /together back now`;
    const [first, second] = splitText(spaced, 106, COMMAND_SPAN);
    expect(first).toBe(`${'a'.repeat(95)} `);
    expect(second).toBe('/together back now');
    // A hard cut (no space in the second half) inside "/back" moves before it too.
    const [hard, rest] = splitText(`${'b'.repeat(98)}/back`, 100, COMMAND_SPAN);
    expect(hard).toBe('b'.repeat(98));
    expect(rest).toBe('/back');
    // Without `keep`, as before.
    expect(splitText(spaced, 106)[0]).toBe(`${'a'.repeat(95)} /together`);
    // The sections of a Slack message keep it whole as well.
    const sections = sectionTexts(`${'c'.repeat(2990)} /together back`);
    expect(sections[sections.length - 1]).toBe('/together back');
  });
});
