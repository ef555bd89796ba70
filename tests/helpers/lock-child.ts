/** Child process for the lock tests: opens the store on a folder, says READY, and waits to be killed. */
import { LowdbStore } from '../../src/store/lowdb-store.ts';

const store = await LowdbStore.open(process.argv[2]!);
process.stdout.write('READY\n');
// Keeps the process (and so the lock) alive until the test kills it.
setInterval(() => void store, 60_000);
