// The channel contract: the same tests run against every adapter through a small driver
// (tests/fakes/contract). Adding a channel is adding one driver to DRIVERS.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { personId, type Reply } from '../src/core/types.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import type { ChannelDriver } from './fakes/contract/driver.ts';
import { layoutProblems } from './fakes/contract/limits.ts';
import { telegramDriver } from './fakes/contract/telegram-driver.ts';
import { consoleDriver } from './fakes/contract/console-driver.ts';
import { slackDriver } from './fakes/contract/slack-driver.ts';
import { discordDriver } from './fakes/contract/discord-driver.ts';

const DRIVERS: Record<string, (dir: string) => Promise<ChannelDriver>> = {
  console: consoleDriver,
  telegram: telegramDriver,
  slack: slackDriver,
  discord: discordDriver,
};

/** A valid 1×1 PNG. */
function png(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return new Uint8Array(Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))), chunk('IEND', Buffer.alloc(0))]));
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const ANA = 'ana';
const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i} of a long text that a flow sends at once`).join('\n');

for (const [name, start] of Object.entries(DRIVERS)) {
  describe(`channel contract: ${name}`, () => {
    let dir = '';
    let d: ChannelDriver;
    beforeEach(async () => {
      dir = tempDir(`together-contract-${name}-`);
      d = await start(dir);
    });
    afterEach(async () => {
      await d.stop();
      removeDir(dir);
    });

    const doc = async (user: string) => {
      const store = d.core.services.store;
      return store.loadUser(store.keyOf(personId(d.address(user))));
    };
    const notify = (user: string, replies: Reply[]) => {
      d.meet(user);
      return d.core.services.notify(d.address(user), replies);
    };

    it('declares every capability, with sane values', () => {
      const caps = d.capabilities;
      for (const key of ['maxText', 'buttonsPerRow', 'maxRows', 'maxLabel', 'maxToken'] as const) expect(caps[key], key).toBeGreaterThan(0);
      for (const key of ['edit', 'upload', 'ephemeral', 'linkPayload', 'numberedChoices'] as const) expect(typeof caps[key], key).toBe('boolean');
      // The core's tokens must fit: its own limit is 64 bytes.
      expect(caps.maxToken).toBeGreaterThanOrEqual(64);
      expect(d.core.services.capabilities(name)).toEqual(caps);
      expect(typeof d.channel.link === 'function' || !caps.linkPayload).toBe(true);
    });

    it('a questionnaire with buttons, laid out within the channel\'s limits', async () => {
      await d.send(ANA, '/start');
      const first = d.seen(ANA).at(-1)!;
      expect(first.text).toMatch(/language/i);
      expect(first.rows.flat().map((b) => b.label)).toEqual(expect.arrayContaining(['English', 'Français']));
      await d.press(ANA, /^English$/);
      expect(d.seen(ANA).at(-1)!.text).toMatch(/agree/i);
      await d.press(ANA, /I agree/);
      expect(d.seen(ANA).map((m) => m.text).join('\n')).toMatch(/consent is recorded/);
      expect((await doc(ANA))?.consentAt).toBeTruthy();
      expect(layoutProblems(d.seen(ANA), d.capabilities)).toEqual([]);
    });

    it('a pressed button is marked where the channel can edit, and nothing is printed where it cannot', async () => {
      await d.send(ANA, '/start');
      const before = d.seen(ANA).length;
      await d.press(ANA, /^English$/);
      const all = d.seen(ANA);
      const language = all.find((m) => /language/i.test(m.text))!;
      if (d.capabilities.edit) {
        expect(language.edited).toBe(true);
        expect(language.text).toMatch(/✓ English/);
        expect(language.rows.flat()).toEqual([]);
      } else {
        expect(all.slice(before).some((m) => /✓/.test(m.text))).toBe(false);
      }
    });

    it('a button of a step that is over is answered politely and changes nothing', async () => {
      await d.send(ANA, '/start');
      await d.press(ANA, /^English$/);
      await d.press(ANA, /I agree/);
      const before = d.seen(ANA).length;
      await d.pressStale(ANA, /Which language/, /Français/);
      const after = d.seen(ANA).slice(before);
      expect(after.map((m) => m.text).join('\n')).toMatch(/expired/i);
      expect(after.map((m) => m.text).join('\n')).not.toMatch(/went wrong/);
      const user = await doc(ANA);
      expect(user?.lang).toBe('en');
      expect(user?.consentAt).toBeTruthy();
    });

    it('a long text is split at the channel\'s limit, in order, the buttons on the last part', async () => {
      const max = d.capabilities.maxText;
      const text = lines(Math.ceil((max * 2.5) / 50));
      const outcome = await notify(ANA, [{ kind: 'text', text, buttons: [[{ label: 'OK', token: 'contract:ok' }]] }]);
      expect(outcome.every((o) => o === 'sent')).toBe(true);
      const parts = d.seen(ANA);
      expect(parts.length).toBeGreaterThanOrEqual(3);
      for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(max);
      expect(parts.map((p) => p.text).join('\n')).toBe(text);
      expect(parts.slice(0, -1).every((p) => p.rows.length === 0)).toBe(true);
      expect(parts.at(-1)!.rows.flat().map((b) => b.label)).toEqual(['OK']);
    });

    it('an image is shown where the channel uploads', async () => {
      if (!d.capabilities.upload) return;
      const outcome = await notify(ANA, [{ kind: 'image', png: png(), filename: 'chart.png', caption: 'Your chart' }]);
      expect(outcome).toEqual(['sent']);
      expect(d.seen(ANA).some((m) => m.media)).toBe(true);
      expect(d.seen(ANA).map((m) => m.text).join('\n')).toContain('Your chart');
    });

    it('a 429 is answered after retry_after: nothing lost, nothing doubled', async (ctx) => {
      if (!d.rateLimitNext || !d.rateLimited) return ctx.skip();
      d.rateLimitNext(2, 1);
      const outcome = await notify(ANA, [1, 2, 3].map((n): Reply => ({ kind: 'text', text: `message ${n}` })));
      expect(outcome).toEqual(['sent', 'sent', 'sent']);
      expect(d.rateLimited()).toBeGreaterThanOrEqual(2);
      expect(d.seen(ANA).map((m) => m.text)).toEqual(['message 1', 'message 2', 'message 3']);
    });

    it('a duplicate delivery is processed once', async (ctx) => {
      if (!d.sendTwice) return ctx.skip();
      await d.sendTwice(ANA, '/help');
      // Each channel shows the command in its own form (Slack: /together mydata).
      expect(d.seen(ANA).filter((m) => /\/(together )?mydata/.test(m.text))).toHaveLength(1);
    });

    it('a user who blocked the bot is reported blocked and marked unreachable; others still get theirs', async (ctx) => {
      if (!d.block) return ctx.skip();
      await d.send('bo', '/start');
      await d.send(ANA, '/start');
      d.block('bo');
      expect(await notify('bo', [{ kind: 'text', text: 'are you there?' }])).toEqual(['blocked']);
      expect(await notify(ANA, [{ kind: 'text', text: 'still here' }])).toEqual(['sent']);
      await d.core.engine.idle();
      expect((await doc('bo'))?.unreachable).toBe(true);
      expect((await doc(ANA))?.unreachable).toBeFalsy();
    });

    it('in a group chat the bot points to the private chat, in the same thread, and takes nothing there', async (ctx) => {
      if (!d.sendInGroup || !d.seenInGroup) return ctx.skip();
      await d.sendInGroup(ANA, 'square', '/spiral K7M2QX');
      const pointer = d.seenInGroup('square');
      expect(pointer).toHaveLength(1);
      expect(pointer[0]!.text).toMatch(/private/i);
      await d.sendInGroup(ANA, 'forum', '/help', '42');
      expect(d.seenInGroup('forum', '42')).toHaveLength(1);
      expect(d.seenInGroup('forum')).toHaveLength(1);
      expect(await doc(ANA)).toBeFalsy();
    });
  });
}
