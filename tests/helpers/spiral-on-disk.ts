import type { Participation, SpiralData } from '../../flows/spiral/types.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';

/** What the data folder holds of a person's SPIRAL work, read as a stopped bot left it (one participation per group). */
export async function spiralOnDisk(dir: string, personId: string): Promise<Participation[]> {
  const store = await LowdbStore.open(dir, { readOnly: true });
  const doc = await store.loadUser(store.keyOf(personId));
  await store.close();
  return Object.values((doc?.flows.spiral as SpiralData | undefined)?.groups ?? {});
}
