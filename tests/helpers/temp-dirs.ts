import { afterEach } from 'vitest';
import { removeDir, tempDir } from './harness.ts';

/** A maker of temporary data folders for one test file; each is removed after its test. */
export function freshDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    while (dirs.length) removeDir(dirs.pop()!);
  });
  return () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
}
