import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, citizen, createGroup, lastText, pressValue, startSpiralBot, texts, valueOf, type SpiralBot } from './helpers/spiral-harness.ts';

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

describe('SPIRAL on Core v2: namespaced actions, older buttons', () => {
  it('its buttons are namespaced by the flow, and a bare button sent before still works', async () => {
    bot = await startSpiralBot();
    const boss = await citizen(bot, 'boss');
    const a = await createGroup(bot, boss, { name: 'Group A' });
    const b = await createGroup(bot, boss, { name: 'Group B' });
    const ana = await citizen(bot, 'ana');
    await ana.send(`/spiral ${a}`);
    await ana.send('Friends');
    await ana.send(`/spiral ${b}`);
    await ana.send('/spiral');
    const values = ana.buttons().map((x) => valueOf(x.token));
    expect(values).toContain(`#spiral.sgo:${a}`);
    expect(values).toContain('#spiral.salone');
    expect(values.filter((v) => /^#s(go|alone|fr|fx)\b/.test(v))).toEqual([]);
    // The same button as an older message carried it: a bare action name.
    const button = ana.buttons().find((x) => valueOf(x.token) === `#spiral.sgo:${a}`)!;
    await ana.pressToken(button.token.replace(`#spiral.sgo:${a}`, `#sgo:${a}`));
    expect(ana.transcript()).toContain('Welcome back to “Group A”');
    expect(lastText(ana)).toContain('ideas so far: 1');
    await ana.send('/spiral');
    const alone = ana.buttons().find((x) => valueOf(x.token) === '#spiral.salone')!;
    expect(texts(await ana.pressToken(alone.token.replace('#spiral.salone', '#salone')))).toContain('Which territory');
  });
});
