/**
 * Child process for the "replies survive a crash" test: the reply to an idea is saved with the
 * idea, then its delivery never finishes (the platform hangs); "SAVED <idea>" tells the parent
 * the turn is durable and the reply in flight, and the parent kills this process there.
 */
import { createCore } from '../../src/app.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { onboarding } from '../../flows/onboarding/index.ts';
import { privacy } from '../../flows/privacy/index.ts';
import { MemoryChannel, FakeUser } from './memory-channel.ts';
import { sampleFlow } from './sample-flow.ts';

const dir = process.argv[2]!;
const channel = new MemoryChannel();
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: [onboarding, privacy, sampleFlow()],
  channels: [channel],
  log: silentLogger(),
});
await core.start();
const user = new FakeUser(channel, 'crashme');
await user.send('/agree');
await user.send('/sample');
await user.send('Kim');
channel.deliverHook = (_chat, reply) => {
  if (reply.kind === 'text' && reply.text.includes('Noted: ')) {
    process.stdout.write(`SAVED ${reply.text}\n`);
    return new Promise<void>(() => {});
  }
};
await user.send('the idea in flight');
