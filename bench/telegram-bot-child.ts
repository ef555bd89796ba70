/**
 * The bot side of the Telegram bench, in its own process as in production (the platform is
 * another machine): the real TelegramChannel on the core, answering through the bench flow.
 */
import { createCore } from '../src/app.ts';
import { silentLogger } from '../src/log/logger.ts';
import { TelegramChannel, TELEGRAM_LIMITS } from '../adapters/telegram/index.ts';
import { benchFlow } from './bench-flow.ts';
import { answerCpuReads } from './bot-cpu.ts';

const [dir, apiRoot, token, limits] = process.argv.slice(2) as [string, string, string, string | undefined];
// `telegram`: the outbox keeps Telegram's published limits, as `together start` does.
const channel = new TelegramChannel({ token, apiRoot, log: silentLogger(), limits: limits === 'telegram' ? TELEGRAM_LIMITS : null });
const core = await createCore({
  config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
  flows: [benchFlow],
  channels: [channel],
  log: silentLogger(),
  control: false,
});
await core.start();
process.stdout.write('READY\n');
answerCpuReads();
process.on('SIGTERM', () => {
  void core.stop().then(() => {
    process.stdout.write(`RSS ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
    process.exit(0);
  });
});
