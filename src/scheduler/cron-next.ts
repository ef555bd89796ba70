import cron from 'node-cron';

interface Matcher {
  getNextMatch(from: Date): Date;
}

/**
 * The first time after `after` that a cron expression matches in `tz`, computed by node-cron's
 * own matcher (so a job runs when node-cron would have run it, daylight-saving changes included).
 * node-cron only exposes "next run from the wall clock"; its task's matcher takes any start, which
 * a fake clock needs. Should a node-cron release hide it, the task's public match() is stepped
 * minute by minute instead (slower, same answer for minute-level expressions).
 */
export function nextRunAfter(expression: string, tz: string, after: Date): Date {
  if (!cron.validate(expression)) throw new Error(`Invalid cron expression: ${expression}`);
  const task = cron.createTask(expression, () => {}, { timezone: tz });
  try {
    const matcher = (task as unknown as { timeMatcher?: Partial<Matcher> }).timeMatcher;
    if (typeof matcher?.getNextMatch === 'function') return matcher.getNextMatch(after);
    const minute = 60_000;
    let t = Math.floor(after.getTime() / minute) * minute + minute;
    for (let i = 0; i < 366 * 24 * 60 * 5; i++, t += minute) if (task.match(new Date(t))) return new Date(t);
    throw new Error(`The cron expression ${expression} never matches within five years.`);
  } finally {
    void task.destroy();
  }
}
