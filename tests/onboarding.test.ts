import { afterEach, describe, expect, it } from 'vitest';
import { startBot, removeDir, type Bot } from './helpers/harness.ts';
import { texts } from './helpers/memory-channel.ts';
import { allFileText } from './helpers/data-folder.ts';


let bot: Bot;
afterEach(async () => {
  await bot.stop();
  removeDir(bot.dir);
});

describe('onboarding and privacy', () => {
  it('greets, offers the language, asks consent; stores nothing before a step is taken', async () => {
    bot = await startBot();
    const ana = bot.user('ana', 'fr-BE');
    const r = texts(await ana.send('/start'));
    expect(r).toContain('Bonjour');
    expect(ana.buttons().map((b) => b.label)).toContain('Français');
    await ana.press('Français');
    expect(ana.transcript()).toMatch(/Langue|langue/);
    expect(ana.findButton(/accepte/i)).toBeDefined();
    await ana.press(/accepte/i);
    const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:ana'));
    expect(doc?.consentAt).toBeTruthy();
    expect(doc?.lang).toBe('fr');
  });

  it('a user who only asks for help leaves no file behind', async () => {
    bot = await startBot();
    await bot.user('zoe').send('/help');
    expect(await bot.core.services.store.countUsers()).toBe(0);
  });

  it('/language fr switches and is remembered across a restart', async () => {
    bot = await startBot();
    await bot.user('bo').send('/start');
    await bot.user('bo').send('/language fr');
    bot = await bot.restart();
    expect(texts(await bot.user('bo').send('/help'))).toContain('Ce que vous pouvez faire');
  });

  it('/language typed while /start asks for the language answers the question, as the button would', async () => {
    bot = await startBot();
    const u = bot.user('lu');
    await u.send('/start');
    const r = texts(await u.send('/language fr'));
    expect(r).toContain('Langue');
    // Not the same question again: the next one, consent, in French.
    expect(r).not.toContain('Quelle langue préférez-vous');
    expect(u.findButton(/accepte/i)).toBeDefined();
    const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:lu'));
    expect(doc?.session).toMatchObject({ flow: 'onboarding', step: 'consent', history: ['language'] });
    expect(doc?.lang).toBe('fr');
    await u.press(/accepte/i);
    expect(u.transcript()).toContain('Bienvenue');
  });

  it('/language with an unknown language explains and offers buttons', async () => {
    bot = await startBot();
    const r = texts(await bot.user('bo').send('/language klingon'));
    expect(r).toContain('klingon');
    expect(bot.user('bo').buttons().length).toBeGreaterThanOrEqual(6);
  });

  it('typed /agree gives consent; declining stores no consent', async () => {
    bot = await startBot();
    const u = bot.user('cy');
    await u.send('/start');
    await u.press('English');
    await u.press('No, thank you');
    let doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:cy'));
    expect(doc?.consentAt).toBeUndefined();
    expect(texts(await u.send('/agree'))).toContain('consent is recorded');
    doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:cy'));
    expect(doc?.consentAt).toBeTruthy();
  });

  it('/mydata sends readable text and a JSON document of the stored data', async () => {
    bot = await startBot();
    const u = bot.user('dan');
    await u.send('/start');
    await u.press('English');
    await u.press('I agree');
    const replies = await u.send('/mydata');
    expect(texts(replies)).toContain('Everything stored about you');
    const file = replies.find((r) => r.kind === 'file');
    expect(file?.kind).toBe('file');
    if (file?.kind !== 'file') return;
    const json = JSON.parse(Buffer.from(file.content).toString('utf8'));
    expect(json.contact.userId).toBe('dan');
    expect(json.language).toBe('en');
    expect(json.pseudonym).toMatch(/^p-/);
  });

  it('/forget asks, then erases the user and their answers from every data file', async () => {
    bot = await startBot();
    const u = bot.user('erin-4711');
    await u.send('/start');
    await u.press('English');
    await u.press('I agree');
    await bot.user('other').send('/start');
    expect(allFileText(bot.dir)).toContain('erin-4711');
    expect(texts(await u.send('/forget'))).toContain('cannot be undone');
    expect(texts(await u.press('No, keep'))).toContain('Nothing was erased');
    expect(allFileText(bot.dir)).toContain('erin-4711');
    await u.send('/forget');
    expect(texts(await u.press('Yes, erase'))).toContain('erased');
    await bot.core.stop();
    bot = await bot.restart().catch(async () => startBot({ dir: bot.dir }));
    expect(allFileText(bot.dir)).not.toContain('erin-4711');
    expect(allFileText(bot.dir)).toContain('other');
  });

  it('a stale /forget confirmation does not erase', async () => {
    bot = await startBot();
    const u = bot.user('fay');
    await u.send('/start');
    await u.press('English');
    await u.press('I agree');
    await u.send('/forget');
    const stale = u.findButton('Yes, erase')!;
    await u.send('/language');
    expect(texts(await u.pressToken(stale.token))).toContain('expired');
    expect(await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:fay'))).not.toBeNull();
  });
});

describe('a link opened before consent', () => {
  it('waits for the consent, then goes straight where the link pointed', async () => {
    const { sampleFlow } = await import('./helpers/sample-flow.ts');
    const { onboarding } = await import('../flows/onboarding/index.ts');
    const { privacy } = await import('../flows/privacy/index.ts');
    const flow = sampleFlow();
    flow.deepLinks = { x_: (turn, rest) => turn.begin('sample', { vars: { from: rest } }) };
    bot = await startBot({ flows: [onboarding, privacy, flow] });
    const u = bot.user('linker');
    expect(texts(await u.send('/start x_poster7'))).toContain('consent');
    const r = texts(await u.press('I agree'));
    expect(r).toContain('What is your name?');
    const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf('memory:linker'));
    expect(doc?.session?.vars.from).toBe('poster7');
    expect(doc?.pending).toBeUndefined();
  });
});
