import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file of a data folder, with its name: what a grep of the folder would see. */
export function allFileText(dir: string): string {
  let out = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out += allFileText(p);
    else if (st.isFile()) out += `${name}\n${readFileSync(p, 'utf8')}\n`;
  }
  return out;
}
