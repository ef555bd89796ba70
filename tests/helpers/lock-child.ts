/**
 * Child process for the lock tests: opens the store on a folder and says READY (then waits to be
 * killed), or LOCKED <pid> and exits 3 when another process holds the folder.
 */
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { StoreLockedError } from '../../src/store/errors.ts';

try {
  const store = await LowdbStore.open(process.argv[2]!);
  process.stdout.write('READY\n');
  // Keeps the process (and so the lock) alive until the test kills it.
  setInterval(() => void store, 60_000);
} catch (e) {
  if (!(e instanceof StoreLockedError)) throw e;
  process.stdout.write(`LOCKED ${e.pid}\n`);
  process.exitCode = 3;
}
