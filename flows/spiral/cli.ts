import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { SUPPORTED_LANGUAGES, suggestFamily } from './classifier/index.ts';

/** Writes the suggested family code of each input line, line for line (an empty line, or one with nothing to go on, gives an empty line). */
export async function classifyLines(input: Readable, output: Writable, lang: string): Promise<number> {
  let n = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    const text = line.replace(/^\uFEFF/, '').trim();
    output.write(`${(text ? suggestFamily(text, lang) : undefined) ?? ''}\n`);
    n++;
  }
  return n;
}

/**
 * `together classify --lang fr < ideas.txt`: one idea per line in, one family code per line out.
 * Registered by the composition root through runCli's `extend`.
 */
export function spiralCli(program: Command): void {
  program
    .command('classify')
    .description('suggest the SPIRAL family (A–H) of each idea read from stdin, one per line')
    .requiredOption('-l, --lang <code>', `language of the ideas (${SUPPORTED_LANGUAGES.join(', ')})`)
    .action(async (opts: { lang: string }) => {
      const lang = opts.lang.toLowerCase();
      if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(lang)) {
        throw new Error(`Unknown language "${opts.lang}" for classify. Use one of: ${SUPPORTED_LANGUAGES.join(', ')}.`);
      }
      await classifyLines(process.stdin, process.stdout, lang);
    });
}
