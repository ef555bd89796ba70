import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import type { UserDoc } from '../src/store/types.ts';
import { encodeFrame, LogCorruptError, parseSegment } from '../src/store/wal-format.ts';
import { checkDataFolder } from '../src/store/check.ts';
import { FileWriter } from '../src/store/file-writer.ts';
import { removeDir, tempDir } from './helpers/harness.ts';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  vi.restoreAllMocks();
  while (dirs.length) removeDir(dirs.pop()!);
});

const person = (key: string, seq = 0, name = 'someone'): UserDoc => ({
  schema: 1,
  key,
  pseudonym: `p-${key.slice(0, 8)}`,
  contact: { channel: 'memory', userId: key, chatId: key, name },
  createdAt: '2026-01-01T00:00:00Z',
  seq,
  seen: [],
  flows: {},
});
const segments = (dir: string) => (existsSync(join(dir, 'wal')) ? readdirSync(join(dir, 'wal')).sort().map((n) => join(dir, 'wal', n)) : []);
/** Checkpoints that never run on their own: what a crash would leave is in the log only. */
const noCheckpoint = { checkpoint: { afterMs: 3_600_000, segmentBytes: 1 << 30 } };

describe('write-ahead log format', () => {
  const frames = () => [encodeFrame(['{"t":"del","k":"a"}']).frame, encodeFrame(['{"t":"del","k":"b"}', '{"t":"sent","k":"c","i":"x"}']).frame];

  it('drops a torn last frame (cut anywhere) and keeps every whole one before it', () => {
    const [one, two] = frames();
    const whole = Buffer.concat([one!, two!]);
    for (let cut = one!.length + 1; cut < whole.length; cut++) {
      const parsed = parseSegment(whole.subarray(0, cut), 'seg');
      expect(parsed.records).toEqual([{ t: 'del', k: 'a' }]);
      expect(parsed.tornBytes).toBe(cut - one!.length);
    }
    // A last frame whose bytes were not all written (a power cut): zeros or garbage at the end.
    const garbled = Buffer.from(whole);
    garbled.fill(0, one!.length + 14);
    expect(parseSegment(garbled, 'seg').records).toHaveLength(1);
    expect(parseSegment(Buffer.concat([whole, Buffer.alloc(4096)]), 'seg').records).toHaveLength(3);
  });

  it('takes zero bytes after the last frame for room written ahead, not for an interrupted write', () => {
    const [one, two] = frames();
    const ahead = parseSegment(Buffer.concat([one!, two!, Buffer.alloc(200_000)]), 'seg');
    expect(ahead.records).toHaveLength(3);
    expect(ahead.tornBytes).toBe(0);
    expect(parseSegment(Buffer.alloc(70_000), 'seg')).toEqual({ records: [], validBytes: 0, tornBytes: 0 });
    // A frame cut short over that room is still an interrupted write, dropped with its bytes counted.
    const cut = parseSegment(Buffer.concat([one!, two!.subarray(0, two!.length - 3), Buffer.alloc(1000)]), 'seg');
    expect(cut.records).toHaveLength(1);
    expect(cut.tornBytes).toBe(two!.length - 3 + 1000);
  });

  it('refuses damage followed by intact frames, naming the file and the byte', () => {
    const [one, two] = frames();
    const damaged = Buffer.concat([one!, two!]);
    damaged[14] = damaged[14]! ^ 0xff;
    let error: unknown;
    try {
      parseSegment(damaged, '/data/wal/000000000001.log');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LogCorruptError);
    expect((error as Error).message).toContain('/data/wal/000000000001.log is damaged at byte 0');
    expect((error as Error).message).toContain('move it out of the wal folder');
  });
});

describe('lowdb store write-ahead log', () => {
  it('many people saving at once share a few syncs, and all of them are durable', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir, noCheckpoint);
    const probe = await open(join(dir, 'secret.json'), 'r');
    const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const datasync = vi.spyOn(proto, 'datasync');
    const keys = Array.from({ length: 200 }, (_, i) => store.keyOf(`memory:c${i}`));
    await Promise.all(keys.map((k) => store.saveUser(person(k, 1))));
    expect(datasync.mock.calls.length).toBeGreaterThan(0);
    expect(datasync.mock.calls.length).toBeLessThan(20);
    datasync.mockRestore();
    // Nothing reached the person files yet: the log alone brings them back after a crash.
    const copy = fresh();
    mkdirSync(join(copy, 'wal'), { recursive: true });
    for (const file of segments(dir)) writeFileSync(join(copy, 'wal', file.split('/').pop()!), readFileSync(file), { mode: 0o600 });
    writeFileSync(join(copy, 'secret.json'), readFileSync(join(dir, 'secret.json')), { mode: 0o600 });
    await store.close();
    const replayed = await LowdbStore.open(copy);
    expect(await replayed.countUsers()).toBe(200);
    for (const k of keys) expect((await replayed.loadUser(k))?.seq).toBe(1);
    await replayed.close();
    // Once started, the log was copied into the files and removed.
    expect(JSON.parse(readFileSync(join(copy, 'users', keys[0]!.slice(0, 2), `${keys[0]}.json`), 'utf8')).seq).toBe(1);
    expect(segments(copy)).toEqual([]);
  });

  it('a person file larger than one read comes back whole after a checkpoint', async () => {
    const dir = fresh();
    let store = await LowdbStore.open(dir);
    const key = store.keyOf('memory:big');
    const big = { ...person(key, 7), flows: { notes: { text: 'é'.repeat(20_000) } } };
    await store.saveUser(big);
    await store.close();
    store = await LowdbStore.open(dir, { cacheSize: 1 });
    expect(await store.loadUser(key)).toEqual(big);
    await store.close();
  });

  it('a torn record at the end of the log is dropped with a warning; what was confirmed stays', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir, noCheckpoint);
    const key = store.keyOf('memory:torn');
    await store.saveUser(person(key, 1));
    await store.saveUser(person(key, 2));
    const [segment] = segments(dir);
    const crashed = fresh();
    mkdirSync(join(crashed, 'wal'));
    writeFileSync(join(crashed, 'secret.json'), readFileSync(join(dir, 'secret.json')), { mode: 0o600 });
    // The crash cut the next frame short: half of its bytes are there.
    const next = encodeFrame([JSON.stringify({ t: 'put', k: key, d: person(key, 3) })]).frame;
    writeFileSync(join(crashed, 'wal', segment!.split('/').pop()!), Buffer.concat([readFileSync(segment!), next.subarray(0, next.length >> 1)]), { mode: 0o600 });
    await store.close();
    const warnings: string[] = [];
    const reopened = await LowdbStore.open(crashed, { warn: (m) => warnings.push(m) });
    expect((await reopened.loadUser(key))?.seq).toBe(2);
    expect(warnings.join('\n')).toMatch(/Dropped \d+ byte\(s\) of an interrupted write/);
    await reopened.close();
  });

  it('a damaged log stops the start with a clear message and is left as it is', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir, noCheckpoint);
    const key = store.keyOf('memory:damaged');
    await store.saveUser(person(key, 1));
    await store.saveUser(person(key, 2));
    const [segment] = segments(dir);
    const bytes = readFileSync(segment!);
    const copy = fresh();
    mkdirSync(join(copy, 'wal'));
    writeFileSync(join(copy, 'secret.json'), readFileSync(join(dir, 'secret.json')), { mode: 0o600 });
    const damaged = Buffer.from(bytes);
    damaged[20] = damaged[20]! ^ 0x55;
    const file = join(copy, 'wal', segment!.split('/').pop()!);
    writeFileSync(file, damaged, { mode: 0o600 });
    await store.close();
    const error = await LowdbStore.open(copy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogCorruptError);
    expect((error as Error).message).toContain(file);
    expect(readFileSync(file)).toEqual(damaged);
    expect(checkDataFolder(copy).problems.map((p) => p.file)).toContain(file);
    // The lock was released: once the file is restored the bot starts.
    writeFileSync(file, bytes);
    const fixed = await LowdbStore.open(copy);
    expect((await fixed.loadUser(key))?.seq).toBe(2);
    await fixed.close();
  });

  it('unsent marks are saved with the document, survive restarts, and go once sent', async () => {
    const dir = fresh();
    let store = await LowdbStore.open(dir);
    const [a, b] = [store.keyOf('memory:a'), store.keyOf('memory:b')];
    await store.saveUser(person(a, 1), { unsent: 'one' });
    await store.saveUser(person(b, 1), { unsent: 'two' });
    await store.close();
    store = await LowdbStore.open(dir);
    expect(await store.unsent()).toEqual(new Map([[a, 'one'], [b, 'two']]));
    store.sent(a, 'one');
    store.sent(b, 'stale');
    await store.close();
    store = await LowdbStore.open(dir);
    expect(await store.unsent()).toEqual(new Map([[b, 'two']]));
    await store.deleteUser(b);
    expect(await store.unsent()).toEqual(new Map());
    await store.close();
    expect(segments(dir)).toEqual([]);
  });

  it('a checkpoint removes the older segments only once the next one holds the marks (a crash right after loses none)', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir, { checkpoint: { afterMs: 20 } });
    const key = store.keyOf('memory:marked');
    await store.saveUser(person(key, 1), { unsent: 'm1' });
    const first = segments(dir)[0]!;
    // No save follows the checkpoint: its new segment (made ahead, empty) gets the marks by itself.
    await vi.waitFor(() => expect(segments(dir)).not.toContain(first), { timeout: 5_000, interval: 20 });
    const crashed = fresh();
    mkdirSync(join(crashed, 'wal'));
    writeFileSync(join(crashed, 'secret.json'), readFileSync(join(dir, 'secret.json')), { mode: 0o600 });
    for (const file of segments(dir)) writeFileSync(join(crashed, 'wal', file.split('/').pop()!), readFileSync(file), { mode: 0o600 });
    await store.close();
    const warnings: string[] = [];
    const reopened = await LowdbStore.open(crashed, { warn: (m) => warnings.push(m) });
    expect(await reopened.unsent()).toEqual(new Map([[key, 'm1']]));
    // The new segment was written ahead with zeros past its frames: no interrupted write to report.
    expect(warnings).toEqual([]);
    await reopened.close();
  });

  it('imports the marks of the older reply journal once, and removes it', async () => {
    const dir = fresh();
    let store = await LowdbStore.open(dir);
    const key = store.keyOf('memory:old');
    await store.close();
    writeFileSync(join(dir, 'shared', 'reply-journal.json'), JSON.stringify({ pending: { [key]: 'abcd1234' } }), { mode: 0o600 });
    store = await LowdbStore.open(dir);
    expect(await store.unsent()).toEqual(new Map([[key, 'abcd1234']]));
    expect(existsSync(join(dir, 'shared', 'reply-journal.json'))).toBe(false);
    await store.close();
    store = await LowdbStore.open(dir);
    expect(await store.unsent()).toEqual(new Map([[key, 'abcd1234']]));
    await store.close();
  });

  it('an erasure leaves none of the person’s data in the log once it resolves', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir, noCheckpoint);
    const key = store.keyOf('memory:gone');
    const other = store.keyOf('memory:stays');
    await store.saveUser(person(key, 1, 'Zenobia Quux'));
    await store.saveUser(person(other, 1, 'Other Person'));
    await store.deleteUser(key);
    const onDisk = segments(dir).map((f) => readFileSync(f, 'utf8')).join('\n') + readdirSync(join(dir, 'users')).join('\n');
    expect(onDisk).not.toContain('Zenobia');
    expect(onDisk).not.toContain(key);
    expect(await store.loadUser(key)).toBeNull();
    expect((await store.loadUser(other))?.contact.name).toBe('Other Person');
    await store.close();
  });

  it('a read-only store sees what is only in the log yet (new, changed and deleted people)', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir, noCheckpoint);
    const [kept, changed, added, removed] = ['kept', 'changed', 'added', 'removed'].map((n) => store.keyOf(`memory:${n}`));
    for (const k of [kept!, changed!, removed!]) await store.saveUser(person(k, 1));
    await store.close();
    const writer = await LowdbStore.open(dir, noCheckpoint);
    await writer.saveUser(person(changed!, 2));
    await writer.saveUser(person(added!, 1));
    await writer.deleteUser(removed!);
    const reader = await LowdbStore.open(dir, { readOnly: true });
    expect(await reader.countUsers()).toBe(3);
    const seen = new Map<string, number>();
    for await (const doc of reader.eachUser()) seen.set(doc.key, doc.seq);
    expect(Object.fromEntries(seen)).toEqual({ [kept!]: 1, [changed!]: 2, [added!]: 1 });
    await reader.close();
    await writer.close();
  });

  it('survives kill -9 at random points, checkpoints included: every confirmed save is there after the restart', async () => {
    const dir = fresh();
    const people = 40;
    const acked = new Array<number>(people).fill(0);
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/wal-kill-child.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        let buf = '';
        let timer: NodeJS.Timeout | undefined;
        child.stdout!.on('data', (d: Buffer) => {
          buf += d.toString();
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const line of lines) {
            if (line === 'READY' && !timer) timer = setTimeout(() => child.kill('SIGKILL'), 150 + Math.random() * 900);
            const m = /^ACK (\d+) (\d+)$/.exec(line);
            if (m) acked[Number(m[1])] = Math.max(acked[Number(m[1])]!, Number(m[2]));
          }
        });
        child.once('exit', () => (timer ? resolve() : reject(new Error('the child died before it was ready'))));
      });
      if (round === 2) {
        // This time the crash also left a half-written frame at the end of the log.
        const last = segments(dir).at(-1);
        if (last) appendFileSync(last, encodeFrame(['{"t":"del","k":"nobody"}']).frame.subarray(0, 9));
      }
      const store = await LowdbStore.open(dir, { warn: () => {} });
      for (let i = 0; i < people; i++) {
        const doc = await store.loadUser(store.keyOf(`memory:k${i}`));
        expect(doc?.seq ?? 0, `person ${i} after round ${round}`).toBeGreaterThanOrEqual(acked[i]!);
      }
      await store.close();
      expect(checkDataFolder(dir).problems).toEqual([]);
    }
    expect(acked.every((n) => n > 0)).toBe(true);
  }, 120_000);
});

describe('checkpoint sync through the syncfs helper', () => {
  /** A stand-in for `sync` that counts its calls in `calls`, then runs `body` (a shell script). */
  const standIn = (dir: string, body: string) => {
    const program = join(dir, 'fake-sync');
    writeFileSync(program, `#!/bin/sh\necho x >> "${join(dir, 'calls')}"\n${body}\n`, { mode: 0o755 });
    return program;
  };
  const calls = (dir: string) => (existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean).length : 0);
  const users = (dir: string) => {
    mkdirSync(join(dir, 'users', 'ab'), { recursive: true });
    return (name: string) => join(dir, 'users', 'ab', name);
  };
  const writers: FileWriter[] = [];
  afterEach(async () => {
    for (const w of writers.splice(0)) await w.close();
  });
  const writer = (dir: string, syncProgram?: string) => {
    const w = new FileWriter(dir, { mode: 0o600, syncFolders: true, ...(syncProgram ? { syncProgram } : {}) });
    writers.push(w);
    w.prepare();
    return w;
  };

  it('writes a batch and syncs the file system once per batch through the helper', async () => {
    const dir = fresh();
    const file = users(dir);
    const w = writer(dir, standIn(dir, 'exec sync "$@"'));
    await w.write([[file('a.json'), Buffer.from('{"a":1}')], [file('b.json'), Buffer.from('{"b":2}')]]);
    await w.write([[file('a.json'), Buffer.from('{"a":3}')], [file('b.json'), null]]);
    expect(readFileSync(file('a.json'), 'utf8')).toBe('{"a":3}');
    expect(existsSync(file('b.json'))).toBe(false);
    expect(calls(dir)).toBe(2);
  });

  it('a batch larger than one part (documents and removals mixed) arrives whole, each file with its own bytes', async () => {
    const dir = fresh();
    const file = users(dir);
    const w = writer(dir);
    const n = 1_500;
    const body = (i: number) => Buffer.from(JSON.stringify({ i, pad: 'é'.repeat(i % 1_400) }));
    await w.write(Array.from({ length: n }, (_, i): [string, Buffer] => [file(`${i}.json`), body(i)]));
    // Every third one removed, the others rewritten shorter: a file keeps none of its older bytes.
    await w.write(Array.from({ length: n }, (_, i): [string, Buffer | null] => [file(`${i}.json`), i % 3 === 0 ? null : Buffer.from(`{"i":${i}}`)]));
    for (let i = 0; i < n; i++) {
      if (i % 3 === 0) expect(existsSync(file(`${i}.json`))).toBe(false);
      else expect(readFileSync(file(`${i}.json`), 'utf8')).toBe(`{"i":${i}}`);
    }
  });

  it('where sync has no -f, syncs file by file instead, and does not ask the helper again', async () => {
    const dir = fresh();
    const file = users(dir);
    const w = writer(dir, standIn(dir, `echo "sync: invalid option -- 'f'" >&2; exit 1`));
    await w.write([[file('a.json'), Buffer.from('{"a":1}')]]);
    await w.write([[file('a.json'), Buffer.from('{"a":2}')]]);
    expect(readFileSync(file('a.json'), 'utf8')).toBe('{"a":2}');
    expect(calls(dir)).toBe(1);
  });

  it('a sync that reports an error fails the batch with its message', async () => {
    const dir = fresh();
    const file = users(dir);
    const w = writer(dir, standIn(dir, `echo "sync: error syncing '$2': Input/output error" >&2; exit 1`));
    await expect(w.write([[file('a.json'), Buffer.from('{"a":1}')]])).rejects.toThrow(/sync -f failed: .*Input\/output error/);
  });

  it('a helper killed while it syncs: that batch is synced file by file, the next one through a new helper', async () => {
    const dir = fresh();
    const file = users(dir);
    // The first call kills the helper shell: the outermost of its ancestors named together-sync
    // (the $(...) subshells forked from it carry the same name).
    const killHelper = [
      'p=$PPID; helper=',
      'while [ "$p" -gt 1 ] && tr "\\0" " " < /proc/$p/cmdline | grep -q together-sync; do helper=$p; p=$(cut -d" " -f4 /proc/$p/stat); done',
      '[ -n "$helper" ] && kill -9 "$helper"',
    ].join('\n');
    const program = standIn(dir, `if [ "$(wc -l < "${join(dir, 'calls')}")" -eq 1 ]; then\n${killHelper}\nexit 1\nfi\nexec sync "$@"`);
    const w = writer(dir, program);
    await w.write([[file('a.json'), Buffer.from('{"a":1}')]]);
    expect(readFileSync(file('a.json'), 'utf8')).toBe('{"a":1}');
    await w.write([[file('a.json'), Buffer.from('{"a":2}')]]);
    expect(readFileSync(file('a.json'), 'utf8')).toBe('{"a":2}');
    expect(calls(dir)).toBe(2);
  });

  it('a store checkpoints through the helper and its close ends the helper', async () => {
    const dir = fresh();
    const store = await LowdbStore.open(dir);
    const key = store.keyOf('memory:helper');
    await store.saveUser(person(key, 1));
    const helpers = () => {
      const out = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(dir, 'users')) ? [pid] : [];
        } catch {
          return [];
        }
      });
      return out;
    };
    if (process.platform === 'linux') expect(helpers()).toHaveLength(1);
    await store.close();
    await vi.waitFor(() => expect(helpers()).toHaveLength(0), { timeout: 5_000, interval: 50 });
    const again = await LowdbStore.open(dir, { readOnly: true });
    expect((await again.loadUser(key))?.seq).toBe(1);
    expect(segments(dir)).toEqual([]);
    await again.close();
  });
});
