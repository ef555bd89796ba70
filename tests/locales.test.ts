import { describe, expect, it } from 'vitest';
import { readLocales } from '../src/i18n/i18n.ts';

type Tree = { [k: string]: string | Tree };
const flat = (o: Tree, pre = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[pre + k, v] as [string, string]] : flat(v, `${pre}${k}.`)));
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

const resources = readLocales() as Record<string, Record<string, Tree>>;
const shipped = ['en', 'fr', 'it', 'ro', 'es', 'pt'];

describe('locales', () => {
  it('ships English, French, Italian, Romanian, Spanish and Portuguese', () => {
    for (const lang of shipped) expect(Object.keys(resources)).toContain(lang);
  });

  const en = resources.en ?? {};
  for (const lang of Object.keys(resources).filter((l) => l !== 'en')) {
    it(`${lang} has every key of en, with the same placeholders, and no stray keys`, () => {
      const missing: string[] = [];
      const wrong: string[] = [];
      const extra: string[] = [];
      for (const [ns, tree] of Object.entries(en)) {
        const theirs = new Map(flat((resources[lang]?.[ns] ?? {}) as Tree));
        for (const [key, text] of flat(tree)) {
          const other = theirs.get(key);
          if (other === undefined) missing.push(`${ns}:${key}`);
          else if (placeholders(other).join() !== placeholders(text).join()) wrong.push(`${ns}:${key}`);
          else if (!other.trim()) missing.push(`${ns}:${key} (empty)`);
        }
        const ours = new Set(flat(tree).map(([k]) => k));
        // Plural forms follow each language's rules (Romanian has _few, French _many): a form en lacks is not stray.
        const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
        const pluralOf = (key: string) => /^(.*)_(zero|one|two|few|many|other)$/.exec(key);
        for (const [key] of theirs) {
          const p = pluralOf(key);
          if (!ours.has(key) && !(p && ours.has(`${p[1]}_other`) && categories.includes(p[2]!))) extra.push(`${ns}:${key}`);
        }
        for (const key of ours) {
          const p = pluralOf(key);
          if (p?.[2] === 'other') for (const c of categories) if (!theirs.has(`${p[1]}_${c}`)) missing.push(`${ns}:${p[1]}_${c}`);
        }
      }
      expect(missing, 'missing keys').toEqual([]);
      expect(wrong, 'placeholders differ').toEqual([]);
      expect(extra, 'keys not in en').toEqual([]);
    });
  }

  it('every language names itself', () => {
    for (const lang of Object.keys(resources)) expect((resources[lang]?.common?.language as Tree | undefined)?.name).toBeTruthy();
  });
});
