import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isTempFile } from './atomic-file.ts';
import { lockHolder } from './lock.ts';
import { permissionProblem } from './permissions.ts';
import { secretProblem, sharedDocProblem, userDocProblem } from './shape.ts';
import { shardProblem } from './sharded-collection.ts';
import { SHARD_FILE } from './file-shards.ts';
import { parseSegment, SEGMENT_FILE } from './wal-format.ts';

export interface CheckProblem {
  file: string;
  problem: string;
}

export interface CheckReport {
  dir: string;
  problems: CheckProblem[];
  people: number;
  shared: number;
  /** Collections found under collections/, and the records their shards hold. */
  collections: number;
  records: number;
  /** The pid of the bot holding the folder (-1 if unknown), or null when none runs on it. */
  lockedBy: number | null;
  /** Records in the write-ahead log (wal/): answers not yet copied into the person files. */
  logRecords: number;
}

/** Waits without an event loop: check runs synchronously. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The write-ahead log's segments: damage that no crash explains is a problem; the keys of the
 * people it holds newer versions of (their files may be mid-write, and are rewritten from it).
 */
function checkLog(dir: string, problem: (file: string, text: string) => void, report: CheckReport): Set<string> {
  const keys = new Set<string>();
  const wal = join(dir, 'wal');
  if (!existsSync(wal)) return keys;
  for (const name of readdirSync(wal).sort()) {
    if (!SEGMENT_FILE.test(name)) continue;
    const file = join(wal, name);
    try {
      const parsed = parseSegment(readFileSync(file), file);
      report.logRecords += parsed.records.length;
      for (const r of parsed.records) if (r.t === 'put' || r.t === 'del') keys.add(r.k);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      problem(file, `write-ahead log is damaged: ${(e as Error).message}`);
    }
  }
  return keys;
}

/** Parses a JSON file; the problem text when it cannot be read or parsed. */
function parse(file: string): { doc: unknown } | { problem: string } {
  try {
    return { doc: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (e) {
    return { problem: e instanceof SyntaxError ? `does not parse as JSON (${e.message})` : `cannot be read (${(e as Error).message})` };
  }
}

/**
 * Scans a data folder without changing anything (safe next to a running bot): the secret,
 * every person and shared file's shape, every collection shard (parses, each record in its own shard), temporary files a crash left, permissions, the lock.
 * A person file being overwritten by the bot's checkpoint is read again; one whose newer version
 * is in the write-ahead log is repaired from it, so it is not reported.
 */
export function checkDataFolder(dir: string): CheckReport {
  const report: CheckReport = { dir, problems: [], people: 0, shared: 0, collections: 0, records: 0, lockedBy: null, logRecords: 0 };
  const problem = (file: string, text: string) => report.problems.push({ file, problem: text });
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    problem(dir, 'no data folder here (set TOGETHER_DATA, or start the bot once to create it)');
    return report;
  }
  report.lockedBy = lockHolder(dir);
  let readableFiles = 0;
  const checkMode = (path: string, isFolder: boolean) => {
    const p = permissionProblem(path, isFolder);
    if (!p) return;
    // Files readable by others are counted, not listed: an upgraded folder may hold thousands.
    if (!isFolder && p.includes('read by')) readableFiles++;
    else problem(path, p);
  };
  const checkTemp = (folder: string, name: string) => {
    if (isTempFile(name)) problem(join(folder, name), 'temporary file left by an interrupted write (removed at the next start)');
    return isTempFile(name);
  };
  for (const folder of [dir, join(dir, 'users'), join(dir, 'shared'), join(dir, 'collections')]) if (existsSync(folder)) checkMode(folder, true);
  for (const name of readdirSync(dir)) checkTemp(dir, name);

  const logged = checkLog(dir, problem, report);
  const users = join(dir, 'users');
  const shards = existsSync(users) ? readdirSync(users).sort() : [];
  for (const shard of shards) {
    const folder = join(users, shard);
    if (!statSync(folder).isDirectory()) continue;
    checkMode(folder, true);
    for (const name of readdirSync(folder).sort()) {
      if (checkTemp(folder, name) || !name.endsWith('.json')) continue;
      const file = join(folder, name);
      const key = name.slice(0, -'.json'.length);
      report.people++;
      checkMode(file, false);
      if (!key.startsWith(shard)) problem(file, `is in the wrong folder (its name starts with ${key.slice(0, 2)}, not ${shard})`);
      const read = () => {
        const parsed = parse(file);
        return 'problem' in parsed ? parsed.problem : userDocProblem(parsed.doc, key);
      };
      let p = read();
      // A running bot's checkpoint may be overwriting it this instant: look once more.
      if (p) {
        pause(50);
        p = read();
      }
      // The log holds a newer version, which the next start (or checkpoint) writes over it.
      if (p && !logged.has(key)) problem(file, `person file is damaged: ${p}`);
    }
  }

  const secret = join(dir, 'secret.json');
  if (existsSync(secret)) {
    checkMode(secret, false);
    const parsed = parse(secret);
    const p = 'problem' in parsed ? parsed.problem : secretProblem(parsed.doc);
    if (p) problem(secret, `secret is damaged: ${p}. Restore this exact file from a backup; never move it aside or replace it`);
  } else if (report.people > 0) {
    problem(secret, 'secret is missing while people\'s files exist: restore this exact file from a backup; never create a new one');
  }

  const sharedDir = join(dir, 'shared');
  for (const name of existsSync(sharedDir) ? readdirSync(sharedDir).sort() : []) {
    if (checkTemp(sharedDir, name) || !name.endsWith('.json')) continue;
    const file = join(sharedDir, name);
    report.shared++;
    checkMode(file, false);
    const parsed = parse(file);
    const p = 'problem' in parsed ? parsed.problem : sharedDocProblem(parsed.doc);
    if (p) problem(file, `shared file is damaged: ${p}`);
  }

  const collections = join(dir, 'collections');
  for (const name of existsSync(collections) ? readdirSync(collections).sort() : []) {
    if (checkTemp(collections, name)) continue;
    const folder = join(collections, name);
    if (!statSync(folder).isDirectory()) {
      problem(folder, 'is not a collection folder (collections/ holds one folder per collection)');
      continue;
    }
    report.collections++;
    checkMode(folder, true);
    for (const file of readdirSync(folder).sort()) {
      if (checkTemp(folder, file)) continue;
      const path = join(folder, file);
      if (!SHARD_FILE.test(file)) {
        problem(path, 'is not a shard of the collection (shards are named 00.json to ff.json)');
        continue;
      }
      checkMode(path, false);
      const parsed = parse(path);
      if ('problem' in parsed) {
        problem(path, `collection shard is damaged: ${parsed.problem}`);
        continue;
      }
      const p = shardProblem(parsed.doc, file.slice(0, 2));
      if (p) problem(path, `collection shard is damaged: ${p}`);
      else report.records += Object.keys((parsed.doc as { records: object }).records).length;
    }
  }

  const socket = join(dir, 'control.sock');
  if (existsSync(socket)) checkMode(socket, false);
  if (readableFiles > 0) problem(dir, `${readableFiles} file(s) can be read by other users: chmod -R go-rwx '${dir}'`);
  return report;
}

/** The report as text: one line per problem naming its file, then a summary line. */
export function formatCheckReport(report: CheckReport): string {
  const lines = report.problems.map((p) => `${p.file}: ${p.problem}`);
  const lock = report.lockedBy === null ? 'no bot holds it' : `held by a running bot${report.lockedBy > 0 ? ` (pid ${report.lockedBy})` : ''}`;
  const n = report.problems.length;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const records = report.collections > 0 ? `, ${plural(report.records, 'record')} in ${plural(report.collections, 'collection')}` : '';
  const logged = report.logRecords > 0 ? `, ${plural(report.logRecords, 'record')} in the write-ahead log` : '';
  lines.push(
    `${n === 0 ? 'OK' : plural(n, 'problem')}: ${plural(report.people, 'person file')}, ${plural(report.shared, 'shared file')}${records}${logged} in ${report.dir}; ${lock}.`,
  );
  return `${lines.join('\n')}\n`;
}
