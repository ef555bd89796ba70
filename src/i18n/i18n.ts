import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18nInstance, type Resource } from 'i18next';

export const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url));

/** Translate a key ("ns:key") with parameters, in one language. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Reads locales/<lang>/<namespace>.json into an i18next resource object. */
export function readLocales(dir: string = LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lang of readdirSync(dir).sort()) {
    const langDir = join(dir, lang);
    if (!statSync(langDir).isDirectory()) continue;
    resources[lang] = {};
    for (const file of readdirSync(langDir).filter((f) => f.endsWith('.json'))) {
      const ns = file.slice(0, -'.json'.length);
      resources[lang][ns] = JSON.parse(readFileSync(join(langDir, file), 'utf8'));
    }
  }
  return resources;
}

/** The shipped languages and a translator per language, backed by one i18next instance. */
export class I18n {
  readonly languages: string[];
  readonly #i18n: I18nInstance;

  private constructor(i18n: I18nInstance, languages: string[], readonly fallback: string) {
    this.#i18n = i18n;
    this.languages = languages;
  }

  static async create(fallback = 'en', dir: string = LOCALES_DIR): Promise<I18n> {
    const resources = readLocales(dir);
    // The network works in English and French first; the others follow alphabetically.
    const first = ['en', 'fr'];
    const languages = Object.keys(resources).sort((a, b) => (first.indexOf(a) + 1 || 99) - (first.indexOf(b) + 1 || 99) || a.localeCompare(b));
    const namespaces = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))];
    const instance = i18next.createInstance();
    await instance.init({
      resources,
      lng: languages.includes(fallback) ? fallback : 'en',
      fallbackLng: 'en',
      ns: namespaces,
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    return new I18n(instance, languages, languages.includes(fallback) ? fallback : 'en');
  }

  /** A shipped language for a platform locale ("fr-BE" → "fr"), or undefined. */
  match(locale: string | undefined): string | undefined {
    if (!locale) return undefined;
    const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
    return this.languages.includes(base) ? base : undefined;
  }

  translator(lang: string | undefined): Translate {
    const t = this.#i18n.getFixedT(lang && this.languages.includes(lang) ? lang : this.fallback);
    return (key, params) => t(key, params ?? {}) as string;
  }

  /** True when the key exists in English (used to tell a flow's typo from a missing translation). */
  has(key: string): boolean {
    return this.#i18n.exists(key, { lng: 'en' });
  }

  /** The language's own name, as shown in the language picker. */
  nameOf(lang: string): string {
    return this.translator(lang)('common:language.name');
  }
}
