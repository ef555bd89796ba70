/**
 * A cluster member in a process of its own, for the kill -9 tests: joins the cluster of argv[2],
 * holds the role argv[3] (printing "STARTED <id>" / "STOPPED <id>" as it takes and loses it), and
 * prints "READY <id>" once joined. It never leaves on its own: the test kills it.
 */
import { PostgresCluster } from '../../src/cluster/postgres-cluster.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { FAST_CLUSTER } from './cluster.ts';

/** Joins, trying again a few times: the short timings give a connection 0.8 s, which a loaded machine's new process can exceed. */
async function join(tries = 5): Promise<PostgresCluster> {
  try {
    return await PostgresCluster.start({ connection: { connectionString: process.argv[2]! }, log: silentLogger(), ...FAST_CLUSTER });
  } catch (e) {
    if (tries <= 1) throw e;
    return join(tries - 1);
  }
}
const cluster = await join();
const say = (line: string): void => void process.stdout.write(`${line} ${cluster.instanceId}\n`);
cluster.hold(process.argv[3]!, { start: async () => say('STARTED'), stop: async () => say('STOPPED') });
// The heartbeat's timer does not hold a process open: this one waits for its kill.
setInterval(() => {}, 60_000);
say('READY');
