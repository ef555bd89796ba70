import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { AtomicJsonFile } from './atomic-adapter.ts';
import { StoreCorruptError } from './errors.ts';
import { shardProblem, type ShardData, type ShardStorage } from './sharded-collection.ts';

/** A shard file's name: two hex digits. */
export const SHARD_FILE = /^[0-9a-f]{2}\.json$/;

/** A collection's shards as files: collections/<name>/<2 hex>.json, each a lowdb document. */
export class FileShards implements ShardStorage {
  constructor(
    readonly folder: string,
    readonly readOnly: boolean,
    private readonly syncFolder: boolean,
  ) {}

  describe(shard: string): string {
    return join(this.folder, `${shard}.json`);
  }

  adapter(shard: string): AtomicJsonFile<ShardData> {
    return new AtomicJsonFile<ShardData>(this.describe(shard), { syncFolder: this.syncFolder, createFolder: true });
  }

  /** Reads every shard in parallel (the disk and the thread pool work together). */
  async loadAll(): Promise<Map<string, ShardData>> {
    const names = (await readdir(this.folder).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [] as string[];
      throw e;
    })).filter((n) => SHARD_FILE.test(n));
    const loaded = await Promise.all(
      names.map(async (name) => {
        const shard = name.slice(0, 2);
        const low = new Low<ShardData>(this.adapter(shard), { records: {} });
        // Low.read() keeps the default for a file that vanished meanwhile; the shape is checked as read.
        const data = await low.adapter.read();
        const problem = data === null ? null : shardProblem(data, shard);
        if (problem) throw new StoreCorruptError(this.describe(shard), problem);
        if (data) low.data = data;
        return [shard, low.data] as const;
      }),
    );
    return new Map(loaded);
  }
}
