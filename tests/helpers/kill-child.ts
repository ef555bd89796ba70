/**
 * Child process for the kill -9 test: answers ideas through the engine and prints
 * "ACK <idea>" only when the reply (sent after the save) comes out.
 */
import { createCore } from '../../src/app.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { onboarding } from '../../flows/onboarding/index.ts';
import { privacy } from '../../flows/privacy/index.ts';
import { MemoryChannel, FakeUser } from './memory-channel.ts';
import { sampleFlow } from './sample-flow.ts';

const dir = process.argv[2]!;
const channel = new MemoryChannel();
channel.deliverHook = (_chat, reply) => {
  if (reply.kind === 'text' && reply.text.startsWith('Noted: ')) process.stdout.write(`ACK ${reply.text.slice(7)}\n`);
};
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: [onboarding, privacy, sampleFlow()],
  channels: [channel],
  log: silentLogger(),
});
await core.start();
const user = new FakeUser(channel, 'killme');
const resumed = process.argv[3] === 'resume';
if (!resumed) {
  await user.send('/agree');
  await user.send('/sample');
  await user.send('Kim');
}
process.stdout.write('READY\n');
for (let i = 0; ; i++) await user.send(`idea ${resumed ? 'r' : ''}${i}`);
