/**
 * How late a bench process's event loop ran, and how long the garbage collector held it, over a
 * run: what makes the tail of a latency (BENCH_LOOP_DELAY=1 in the Slack bench).
 */
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** Starts watching the event loop's lateness and the GC's pauses; the returned function prints both on stderr, as `<label> {…}`. */
export function loopDelay(label: string): () => void {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const gc: number[] = [];
  const major: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.push(e.duration);
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major.push(e.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    delay.disable();
    observer.disconnect();
    const ms = (ns: number) => Number((ns / 1e6).toFixed(1));
    gc.sort((a, b) => a - b);
    const at = (p: number) => Number((gc[Math.min(gc.length - 1, Math.floor(p * gc.length))] ?? 0).toFixed(1));
    const report = {
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
      gcPauses: gc.length,
      gcTotalMs: Math.round(gc.reduce((a, b) => a + b, 0)),
      gcP99Ms: at(0.99),
      gcMaxMs: at(1),
      majorGcs: major.length,
      majorGcMs: Math.round(major.reduce((a, b) => a + b, 0)),
      heapMb: Math.round(process.memoryUsage().heapUsed / 1048576),
    };
    process.stderr.write(`${label} ${JSON.stringify(report)}\n`);
  };
}
