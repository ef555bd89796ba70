import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../src/outbox/outbox.ts';
import { memoryPending, storedPending } from '../src/outbox/pending.ts';
import { DeliveryError } from '../src/channels/channel.ts';
import { silentLogger } from '../src/log/logger.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { MemoryChannel } from './helpers/memory-channel.ts';
import { removeDir, tempDir } from './helpers/harness.ts';
import type { Reply } from '../src/core/types.ts';
import { createCore } from '../src/app.ts';
import { allFlows } from '../flows/index.ts';

const text = (t: string): Reply => ({ kind: 'text', text: t });
const addr = (chatId: string, userId = chatId) => ({ channel: 'memory', chatId, userId });
const texts = (channel: MemoryChannel, chatId: string) => channel.sent.filter((s) => s.chatId === chatId).map((s) => (s.reply as { text: string }).text);

/** A channel that knows group chats by their leading '-', as Telegram's ids are. */
class GroupAwareChannel extends MemoryChannel {
  isGroupChat(chatId: string): boolean {
    return chatId.startsWith('-');
  }
}

/** A promise with its resolver, to hold a delivery until the test lets it go. */
function gate() {
  let open = (): void => {};
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

describe('outbox hardening', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });

  it('a group that removed the bot (403) does not mark the person unreachable; their private chat does', async () => {
    const channel = new GroupAwareChannel();
    const blocked: string[] = [];
    channel.deliverHook = (chatId) => {
      if (chatId === '-100200' || chatId === '42') throw new DeliveryError('blocked', 'Forbidden: bot was kicked from the supergroup chat');
    };
    const outbox = new Outbox([channel], silentLogger(), { onBlocked: (a) => void blocked.push(a.chatId) });
    expect(await outbox.send(addr('-100200', '42'), [text('to the group')])).toEqual(['blocked']);
    expect(blocked).toEqual([]);
    expect(await outbox.send(addr('42'), [text('to the person')])).toEqual(['blocked']);
    expect(blocked).toEqual(['42']);
  });

  it('twenty chats whose sends hang do not hold the other chats', async () => {
    const channel = new MemoryChannel('memory', { perSecond: 10_000, perChatMs: 1 });
    const release = gate();
    let hanging = 0;
    const sixteenHang = gate();
    channel.deliverHook = async (chatId) => {
      if (!chatId.startsWith('hung')) return;
      if (++hanging === 16) sixteenHang.open();
      await release.opened;
    };
    const outbox = new Outbox([channel], silentLogger());
    const hung = Array.from({ length: 20 }, (_, i) => outbox.send(addr(`hung${i}`), [text('stuck')]));
    await sixteenHang.opened;
    // Before the fix the 16 in-flight slots of the global limiter were all held by hung calls.
    expect(await outbox.send(addr('fine'), [text('goes out')])).toEqual(['sent']);
    expect(texts(channel, 'fine')).toEqual(['goes out']);
    release.open();
    expect((await Promise.all(hung)).flat()).toEqual(Array(20).fill('sent'));
  });

  it('a stop waits only its bound; what is left is kept, in order, and sent by the next start', async () => {
    // One message a minute per chat: only the first of five can go out before the bound.
    const slow = { perSecond: 1000, perChatMs: 60_000 };
    const pending = memoryPending();
    const first = new MemoryChannel('memory', slow);
    const oneSent = gate();
    first.deliverHook = () => oneSent.open();
    const outbox = new Outbox([first], silentLogger(), { pending });
    const outcomes = outbox.send(addr('a'), ['1', '2', '3', '4', '5'].map(text));
    await oneSent.opened;
    await outbox.drain({ timeoutMs: 50 });
    expect(await outcomes).toEqual(['sent', 'deferred', 'deferred', 'deferred', 'deferred']);
    expect(texts(first, 'a')).toEqual(['1']);
    expect(pending.items.map((i) => (i.reply as { text: string }).text)).toEqual(['2', '3', '4', '5']);
    expect(outbox.stats.deferred).toBe(4);

    const next = new MemoryChannel('memory', { perSecond: 1000, perChatMs: 1 });
    const restarted = new Outbox([next], silentLogger(), { pending });
    await restarted.resume();
    await restarted.drain();
    expect(texts(next, 'a')).toEqual(['2', '3', '4', '5']);
    expect(pending.items).toEqual([]);
  });

  it('a reply whose sender keeps its own ledger (beforeDeliver) is deferred, not kept, and its hook never runs', async () => {
    const pending = memoryPending();
    const channel = new MemoryChannel('memory', { perSecond: 1000, perChatMs: 60_000 });
    const outbox = new Outbox([channel], silentLogger(), { pending });
    void outbox.send(addr('b'), [text('first')]);
    let hooked = 0;
    const ledgered = outbox.send(addr('b'), [text('broadcast')], { beforeDeliver: async () => void hooked++ });
    await outbox.drain({ timeoutMs: 50 });
    expect(await ledgered).toEqual(['deferred']);
    expect(hooked).toBe(0);
    expect(pending.items).toEqual([]);
  });

  it('a send after the bound passed is deferred at once', async () => {
    const pending = memoryPending();
    const channel = new MemoryChannel('memory', { perSecond: 1000, perChatMs: 60_000 });
    const oneSent = gate();
    channel.deliverHook = () => oneSent.open();
    const outbox = new Outbox([channel], silentLogger(), { pending });
    void outbox.send(addr('c'), [text('1'), text('2')]);
    await oneSent.opened;
    await outbox.drain({ timeoutMs: 20 });
    expect(await outbox.send(addr('c'), [text('late')])).toEqual(['deferred']);
    expect(pending.items.map((i) => (i.reply as { text: string }).text)).toEqual(['2']);
  });

  it('through the core: a stop keeps what its bound left, and the next start sends it', async () => {
    const dir = tempDir('together-outbox-core-');
    dirs.push(dir);
    const core = async (channel: MemoryChannel) => {
      const c = await createCore({
        config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
        flows: allFlows,
        channels: [channel],
        log: silentLogger(),
        control: false,
        outbox: { drainTimeoutMs: 50 },
      });
      await c.start();
      return c;
    };
    const slow = new MemoryChannel('memory', { perSecond: 1000, perChatMs: 60_000 });
    const oneSent = gate();
    slow.deliverHook = () => oneSent.open();
    const first = await core(slow);
    void first.services.notify(addr('e'), ['a', 'b', 'c'].map(text));
    await oneSent.opened;
    await first.stop();
    expect(texts(slow, 'e')).toEqual(['a']);

    const fast = new MemoryChannel('memory', { perSecond: 1000, perChatMs: 1 });
    const second = await core(fast);
    // The replies a stop set aside are handed back by the core's recovery, which may still be
    // queueing them when a drain first finds the outbox empty: wait (bounded) for both, then check.
    for (let i = 0; i < 100 && texts(fast, 'e').length < 2; i++) {
      await second.outbox.drain();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(texts(fast, 'e')).toEqual(['b', 'c']);
    await second.stop();
  });

  it('left-over replies survive in the data folder, images included, and are taken once', async () => {
    const dir = tempDir('together-outbox-');
    dirs.push(dir);
    const png = new Uint8Array([137, 80, 78, 71, 0, 255]);
    let store = await LowdbStore.open(dir);
    await storedPending(store).save([
      { address: addr('d'), reply: text('kept'), deferredAt: '2026-01-01T00:00:00.000Z' },
      { address: addr('d'), reply: { kind: 'image', png, filename: 'chart.png', caption: 'c' }, deferredAt: '2026-01-01T00:00:00.000Z' },
    ]);
    await store.close();
    store = await LowdbStore.open(dir);
    const taken = await storedPending(store).take();
    expect(taken.map((i) => i.reply.kind)).toEqual(['text', 'image']);
    const image = taken[1]!.reply;
    expect(image.kind === 'image' && [...image.png]).toEqual([...png]);
    expect(await storedPending(store).take()).toEqual([]);
    await store.close();
  });
});
