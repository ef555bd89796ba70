import { describe, expect, it } from 'vitest';
import { Outbox } from '../src/outbox/outbox.ts';
import { memoryPending } from '../src/outbox/pending.ts';
import { DeliveryError } from '../src/channels/channel.ts';
import { silentLogger } from '../src/log/logger.ts';
import type { Address, Reply } from '../src/core/types.ts';
import { MemoryChannel } from './helpers/memory-channel.ts';

const text = (t: string): Reply => ({ kind: 'text', text: t });

/** Records the whole address each reply was delivered to. */
class AddressedChannel extends MemoryChannel {
  readonly to: (Address | undefined)[] = [];
  override async deliver(chatId: string, reply: Reply, to?: Address): Promise<void> {
    this.to.push(to);
    await super.deliver(chatId, reply);
  }
}

describe('outbox: groups and threads come from the adapter, never from an id\'s shape', () => {
  it('a group chat the adapter marked (a Slack-like id, no "-") that removed the bot does not make the person unreachable', async () => {
    const channel = new MemoryChannel();
    channel.deliverHook = () => {
      throw new DeliveryError('blocked', 'not_in_channel');
    };
    const blocked: string[] = [];
    const outbox = new Outbox([channel], silentLogger(), { onBlocked: (a) => void blocked.push(a.chatId) });
    expect(await outbox.send({ channel: 'memory', chatId: 'C0123', userId: 'U42', group: true }, [text('to the channel')])).toEqual(['blocked']);
    expect(blocked).toEqual([]);
    // An id with a leading "-" is not taken for a group when the adapter says it is a private chat.
    expect(await outbox.send({ channel: 'memory', chatId: '-42', userId: '-42', group: false }, [text('to the person')])).toEqual(['blocked']);
    expect(blocked).toEqual(['-42']);
  });

  it('a chat marked as a group is paced at the group rate', async () => {
    const channel = new MemoryChannel('memory', { perSecond: 10_000, perChatMs: 1, perGroupChatMs: 600_000 });
    const pending = memoryPending();
    const outbox = new Outbox([channel], silentLogger(), { pending });
    const group = outbox.send({ channel: 'memory', chatId: 'G1', userId: 'U1', group: true }, [text('group 1'), text('group 2')]);
    // Two messages to a private chat at the private rate go out while the group's second waits.
    expect(await outbox.send({ channel: 'memory', chatId: 'U1', userId: 'U1' }, [text('private 1'), text('private 2')])).toEqual(['sent', 'sent']);
    expect(channel.sent.filter((s) => s.chatId === 'G1').map((s) => (s.reply as { text: string }).text)).toEqual(['group 1']);
    await outbox.drain({ timeoutMs: 0 });
    expect(await group).toEqual(['sent', 'deferred']);
    expect(pending.items.map((i) => i.address)).toEqual([{ channel: 'memory', chatId: 'G1', userId: 'U1', group: true }]);
  });

  it('the channel gets the whole address, so a reply goes back into its thread', async () => {
    const channel = new AddressedChannel();
    const outbox = new Outbox([channel], silentLogger());
    const address = { channel: 'memory', chatId: 'G1', userId: 'U1', group: true, thread: '1700000000.000100' };
    expect(await outbox.send(address, [text('in the thread')])).toEqual(['sent']);
    expect(channel.to).toEqual([address]);
  });
});
