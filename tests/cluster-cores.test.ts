import { expect, it } from 'vitest';
import type { InboundEvent, Reply } from '../src/core/types.ts';
import { onboarding } from '../flows/onboarding/index.ts';
import { privacy } from '../flows/privacy/index.ts';
import { clusterInstances } from './helpers/cluster-instance.ts';
import type { MemoryChannel } from './helpers/memory-channel.ts';
import { describePostgres, suiteDatabase } from './helpers/postgres.ts';
import { sampleFlow } from './helpers/sample-flow.ts';

let counter = 0;

/** An event of person `who`, with a platform update id of its own (or the given one, for a redelivery). */
function event(who: string, text: string, updateId = `u${++counter}`): InboundEvent {
  const base = { address: { channel: 'memory', chatId: who, userId: who }, updateId, locale: 'en' };
  const m = /^\/(\w+)\s*(.*)$/.exec(text);
  return m ? { ...base, kind: 'command', name: m[1]!, args: m[2]! } : { ...base, kind: 'text', text };
}

/** Hands the event to an instance as its webhook would, and waits until its replies went out. */
async function deliver(channel: MemoryChannel, e: InboundEvent): Promise<void> {
  const handled = await channel.sink!(e);
  await handled.delivered;
}

const textsTo = (channels: MemoryChannel[], who: string): string[] =>
  channels.flatMap((c) => c.sent.filter((s) => s.chatId === who).map((s) => (s.reply as Reply & { text?: string }).text ?? ''));

await describePostgres('two instances on one database', () => {
  // One instance per core on the shared database, each with a channel of its own (its webhook endpoint).
  const instances = clusterInstances(suiteDatabase(), { flows: () => [onboarding, privacy, sampleFlow()], personRate: false });
  const instance = () => instances.start();

  it('interleaved events for the same people, each redelivered to the other instance at the same moment: in order, once', async () => {
    const a = await instance();
    const b = await instance();
    const both = [a.channel, b.channel];
    const people = Array.from({ length: 12 }, (_, i) => `p${i}`);
    const IDEAS = 10;
    await Promise.all(
      people.map(async (who, p) => {
        const script = ['/agree', '/sample', `Name ${who}`, ...Array.from({ length: IDEAS }, (_, i) => `idea ${i + 1} of ${who}`)];
        for (const [i, text] of script.entries()) {
          const e = event(who, text);
          // One instance receives it, the other gets the platform's redelivery of the same update at the same time.
          const [first, second] = (i + p) % 2 === 0 ? [a.channel, b.channel] : [b.channel, a.channel];
          await Promise.all([deliver(first, e), deliver(second, { ...e })]);
        }
      }),
    );
    for (const who of people) {
      const doc = await a.core.services.store.loadUser(a.core.services.store.keyOf(`memory:${who}`));
      const answers = doc!.flows.sample as { name: string; ideas: string[] };
      expect(answers.name).toBe(`Name ${who}`);
      expect(answers.ideas).toEqual(Array.from({ length: IDEAS }, (_, i) => `idea ${i + 1} of ${who}`));
      // Each idea confirmed once, whichever instance confirmed it, in the order they were sent.
      const noted = textsTo(both, who).filter((t) => t.includes('Noted: '));
      expect(noted).toHaveLength(IDEAS);
    }
    // Both instances did part of the work.
    expect(a.channel.sent.length).toBeGreaterThan(0);
    expect(b.channel.sent.length).toBeGreaterThan(0);
  });

  it('a person whose instance stops mid-questionnaire goes on through the other one', async () => {
    const a = await instance();
    const b = await instance();
    await deliver(a.channel, event('q1', '/agree'));
    await deliver(a.channel, event('q1', '/sample'));
    await deliver(a.channel, event('q1', 'Quinn'));
    await deliver(a.channel, event('q1', 'first idea'));
    await instances.stop(a.core);
    await deliver(b.channel, event('q1', 'second idea'));
    expect(textsTo([b.channel], 'q1').join('\n')).toContain('Noted: second idea');
    const store = b.core.services.store;
    const doc = await store.loadUser(store.keyOf('memory:q1'));
    expect((doc!.flows.sample as { ideas: string[] }).ideas).toEqual(['first idea', 'second idea']);
  });
});
