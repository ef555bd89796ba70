import type { Logger } from '../log/logger.ts';
import type { Cluster, Role } from './types.ts';

/**
 * Resending the replies of turns an instance saved but may not have sent (a crash between the
 * two): with other instances, one of them does it, for the marks of instances that are gone —
 * at once when it takes the role, then every `everyMs`, so the replies of an instance that dies
 * later go out too. A mark is resent once by this process (its clearing is not instant); across
 * processes, a turn is taken over in the database before it is sent (see SharedTurns.recover).
 */
export function recoverRole(cluster: Pick<Cluster, 'orphaned'>, recover: (only: (id: string) => Promise<boolean>) => Promise<number>, log: Logger, everyMs: number): Role {
  const resent = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const only = async (id: string) => {
    if (resent.has(id) || !(await cluster.orphaned(id))) return false;
    resent.add(id);
    return true;
  };
  const pass = () => {
    running = running
      .then(() => recover(only))
      .then((count) => {
        if (count > 0) log.info({ count }, 'replies of an instance that is gone were sent again');
      })
      .catch((e: unknown) => log.error({ err: e }, 'the replies of an instance that is gone could not be sent again; the next pass tries'));
    return running;
  };
  return {
    async start() {
      await pass();
      timer = setInterval(() => void pass(), everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
