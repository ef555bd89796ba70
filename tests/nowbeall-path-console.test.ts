/**
 * NOW-BE-ALL's whole path on the console: its typist is the citizen whose proposal is shown a
 * similar one and merged, who supports, joins the theme group, comments, takes a stance, reads
 * /mydata and /forgets; the manager, the moderator and the other citizens write on an in-memory
 * channel of the same core. The scenario is tests/helpers/nowbeall-path.ts.
 */
import { afterEach, describe, it } from 'vitest';
import { removeDir } from './helpers/harness.ts';
import { consoleWorld, wholePath, type PathWorld } from './helpers/nowbeall-path.ts';

let world: PathWorld | null = null;
afterEach(async () => {
  if (!world) return;
  await world.stop();
  removeDir(world.dir);
  world = null;
});

describe('NOW-BE-ALL, the whole path on the console', () => {
  it('call, proposals with a similar one, moderation, supports, theme group, elaborated version, answer, notices, export, dossier, /mydata, /forget', async () => {
    world = await consoleWorld('cy');
    await wholePath(world);
  }, 60_000);
});
