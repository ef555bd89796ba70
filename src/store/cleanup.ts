import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempFile } from './atomic-file.ts';

/** Every temporary file a write left behind (a crash between create and rename), in the store's folders. */
export async function findTempFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const scan = async (folder: string) => {
    for (const name of await readdir(folder).catch(() => [] as string[])) if (isTempFile(name)) found.push(join(folder, name));
  };
  await scan(dir);
  await scan(join(dir, 'shared'));
  const users = join(dir, 'users');
  for (const shard of await readdir(users).catch(() => [] as string[])) await scan(join(users, shard));
  const collections = join(dir, 'collections');
  await scan(collections);
  for (const name of await readdir(collections).catch(() => [] as string[])) await scan(join(collections, name));
  return found;
}

/** Removes them: safe only for the lock's holder, since no write of its own is in flight yet. */
export async function removeTempFiles(dir: string): Promise<string[]> {
  const files = await findTempFiles(dir);
  await Promise.all(files.map((f) => unlink(f).catch(() => {})));
  return files;
}
