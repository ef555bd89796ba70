import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from './helpers/harness.ts';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

/**
 * Packages a start does not need unless their feature is used: each costs 15-270 ms of module
 * loading on every start. They are loaded on first use (REDIS_URL set, a PostgreSQL database, a
 * chart, a QR code, a proposal to index, a calendar file, a progress bar).
 */
const LAZY = ['ioredis', 'pg', '@resvg/resvg-js', '@orama/orama', 'qrcode', 'ics', 'cli-progress'];

describe('start-up', () => {
  it('a start on the console without REDIS_URL or a database loads none of the packages kept for first use', () => {
    const dir = tempDir();
    dirs.push(dir);
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TELEGRAM_|SLACK_|DISCORD_|REDIS_URL|TOGETHER_DATABASE_URL)/.test(k)));
    // The console reads its input to the end (none here), then the bot stops as after Ctrl-D.
    const r = spawnSync(process.execPath, ['--import', './tests/helpers/import-log.mjs', 'bin/together.mjs', 'start'], {
      env: { ...clean, TOGETHER_DATA: dir, LOG_LEVEL: 'warn' },
      input: '',
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const loaded = r.stderr.split('\n').flatMap((l) => (l.startsWith('IMPORT ') ? [l.slice(7)] : []));
    // The start did load packages (the hook works), the core's own among them.
    expect(loaded).toContain('lowdb');
    for (const name of LAZY) expect(loaded, name).not.toContain(name);
    // The country list's main entry registers its 80 languages (about 0.2 s); the caravan loads
    // the bare library and each language's names on first use.
    expect(loaded).not.toContain('i18n-iso-countries');
  }, 120_000);
});
