import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder where a console session writes the images it shows (charts, QR codes): of this
 * session only and private (mkdtemp creates it 0700), so another local user cannot read a
 * group's chart; it lasts the whole session, so a PNG can be opened while chatting, and it is
 * removed when the process ends — nothing piles up in a shared temporary folder.
 */
export function sessionFileDir(base: string = tmpdir()): string {
  const dir = mkdtempSync(join(base, 'together-bot-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
