/** The start failed; whatever had started is stopped. The process must exit non-zero now. */
export class StartFailedError extends Error {
  readonly code = 'START_FAILED';
  constructor(cause: unknown) {
    super(`the bot could not start: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs `stop`, giving up after `ms`: a stop that hangs must not keep a failed process alive. */
export async function stopWithin(ms: number, stop: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([stop().catch(() => {}), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `together classify … | head -1`: the reader has gone, so the data is no longer wanted. That
 * is a normal end for a command that writes data (exit 0), not a crash with a stack trace.
 */
export function exitQuietlyOnClosedStdout(stdout: NodeJS.WriteStream = process.stdout): void {
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`together: could not write the output (${e.message})\n`);
    process.exit(1);
  });
}
