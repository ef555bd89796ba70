/**
 * CPU time per idea of a bench's bot child and of the bench process (the fake platform and the
 * simulated people). On a shared machine ideas per second swing with whatever else runs; what an
 * idea costs in CPU does not, so every channel row reports it next to its rate.
 */
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';

/**
 * Node options for a bench's bot child, from BENCH_BOT_NODE_ARGS (space-separated), e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` for a CPU profile of the bot.
 */
export const botNodeArgs = (): string[] => process.env.BENCH_BOT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

/** In a bot child: answer SIGUSR2 with a `CPU <µs>` line (user + system time so far). */
export function answerCpuReads(): void {
  process.on('SIGUSR2', () => {
    const cpu = process.cpuUsage();
    process.stdout.write(`CPU ${cpu.user + cpu.system}\n`);
  });
}

/** In the bench: reads the bot child's CPU time by signal; feed it every line the child prints. */
export class BotCpu {
  readonly #reads: ((us: number) => void)[] = [];

  constructor(private readonly bot: ChildProcess) {}

  line(l: string): void {
    if (l.startsWith('CPU ')) this.#reads.shift()?.(Number(l.slice(4)));
  }

  read(): Promise<number> {
    return new Promise((resolve) => {
      this.#reads.push(resolve);
      this.bot.kill('SIGUSR2');
    });
  }
}

export interface CpuPerIdea {
  botCpuMsPerIdea: number;
  fakeCpuMsPerIdea: number;
  /** The machine's 1-minute load average at the end of the run (the bench shares the cores). */
  load: number;
}

/**
 * Counts CPU from `afterMs` into the run (past the people's first contacts and the JIT's warm-up)
 * to `finish()`, divided by the ideas done meanwhile (`done()` counts them).
 */
export function cpuWindow(cpu: BotCpu, afterMs: number, done: () => number): { finish: () => Promise<CpuPerIdea> } {
  const from = new Promise<{ bot: number; fake: NodeJS.CpuUsage; done: number }>((resolve) =>
    setTimeout(() => void cpu.read().then((bot) => resolve({ bot, fake: process.cpuUsage(), done: done() })), afterMs),
  );
  return {
    async finish() {
      const start = await from;
      const fake = process.cpuUsage(start.fake);
      const bot = (await cpu.read()) - start.bot;
      const ideas = Math.max(1, done() - start.done);
      return {
        botCpuMsPerIdea: Number((bot / 1000 / ideas).toFixed(2)),
        fakeCpuMsPerIdea: Number(((fake.user + fake.system) / 1000 / ideas).toFixed(2)),
        load: Number(loadavg()[0]!.toFixed(1)),
      };
    },
  };
}
