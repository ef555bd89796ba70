// Commands in Slack: every message that starts with "/" is a slash command there, so the core's
// "/back" cannot be typed in the DM. The adapter shows the core's command mentions as
// `/together back` (never a person's own text), and takes " /back" (Slack's own way to send a
// slash) and `/together back` as the commands they are.
import { afterEach, describe, expect, it } from 'vitest';
import { I18n } from '../src/i18n/i18n.ts';
import { CommandMentions } from '../adapters/slack/commands.ts';
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
});
