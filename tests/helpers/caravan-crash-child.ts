/**
 * Child process for the broadcast kill -9 test. `start`: seeds subscribers and a stop, then
 * announces; each delivery prints "SENT <chat>" (a pipe write is synchronous on Linux, so a
 * printed line is a delivered message). `resume`: starts the core on the same folder, lets
 * it resume the broadcast, then prints the ledger's recipients in doubt and the final counts.
 */
import { createCore } from '../../src/app.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { allFlows } from '../../flows/index.ts';
import { caravan } from '../../flows/caravan/index.ts';
import { center } from '../../flows/caravan/broadcasts.ts';
import { announceId } from '../../flows/caravan/ops.ts';
import { MemoryChannel } from './memory-channel.ts';
import { seedSubscribers, stopFields } from './caravan-bot.ts';

const [dir = '', mode = 'start', count = '300'] = process.argv.slice(2);
// Paced like a platform: only the one or two messages at the channel when the kill lands can be in doubt.
const channel = new MemoryChannel('memory', { perSecond: 250, perChatMs: 0 });
channel.deliverHook = async (chatId) => {
  process.stdout.write(`SENT ${chatId}\n`);
  await new Promise((r) => setTimeout(r, 2));
};
const now = new Date('2026-05-01T08:00:00Z');
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: allFlows,
  channels: [channel],
  log: silentLogger(),
  now: () => now,
  outbox: { backoffMs: 5 },
});
const services = core.services;
const control = (name: string, args: Record<string, unknown>) => caravan.control![name]!(services, args, () => {});

if (mode === 'start') {
  await core.start();
  await seedSubscribers(services, Array.from({ length: Number(count) }, (_, i) => `c${i}`));
  const stop = (await control('caravan.add', stopFields())) as { id: string };
  process.stdout.write(`READY ${stop.id}\n`);
  await control('caravan.announce', { id: stop.id });
  process.stdout.write('FINISHED\n');
} else {
  await core.start();
  const c = center(services);
  await c.idle();
  const [meta] = (await c.list()).filter((m) => m.kind === 'caravan.announce');
  const report = await c.report(meta!.id);
  const { Ledger } = await import('../../src/broadcast/ledger.ts');
  const ledger = await Ledger.open(services.store, announceId(String(meta!.payload.stopId)));
  for (const [key, entry] of ledger.entries()) {
    if (entry.s === 'unknown') process.stdout.write(`UNKNOWN ${(await services.store.loadUser(key))!.contact.chatId}\n`);
    if (entry.s !== 'sent' && entry.s !== 'unknown') process.stdout.write(`OTHER ${entry.s}\n`);
  }
  process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
  await core.stop();
}
