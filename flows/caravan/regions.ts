/**
 * Regions a citizen can follow: every stop, a continent, or a country. Countries are ISO
 * 3166-1 alpha-2 codes from a kept list (i18n-iso-countries), which also knows their names
 * and usual short names in every shipped language; display names come from Intl when it
 * has them. Continents are data: add one by adding a line.
 */
import { createRequire } from 'node:module';
// The package's main entry registers all its 80 languages at load (about 0.2 s of every start);
// the bare library registers none, and names are loaded per language on first use.
import countries from 'i18n-iso-countries/index.js';

const requireJson = createRequire(import.meta.url);
const registered = new Set<string>();

/** The kept list, with `lang`'s country names loaded when the package has them. */
function keptList(lang: string): typeof countries {
  if (!registered.has(lang)) {
    registered.add(lang);
    if (countries.getSupportedLanguages().includes(lang)) countries.registerLocale(requireJson(`i18n-iso-countries/langs/${lang}.json`));
  }
  return countries;
}

const CONTINENTS: Record<string, readonly string[]> = {
  europe: ['AD', 'AL', 'AT', 'BA', 'BE', 'BG', 'BY', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MC', 'MD', 'ME', 'MK', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'RS', 'SE', 'SI', 'SK', 'SM', 'UA', 'VA', 'XK'],
  africa: ['AO', 'BF', 'BI', 'BJ', 'BW', 'CD', 'CF', 'CG', 'CI', 'CM', 'CV', 'DJ', 'DZ', 'EG', 'ER', 'ET', 'GA', 'GH', 'GM', 'GN', 'GQ', 'GW', 'KE', 'KM', 'LR', 'LS', 'LY', 'MA', 'MG', 'ML', 'MR', 'MU', 'MW', 'MZ', 'NA', 'NE', 'NG', 'RW', 'SC', 'SD', 'SL', 'SN', 'SO', 'SS', 'ST', 'SZ', 'TD', 'TG', 'TN', 'TZ', 'UG', 'ZA', 'ZM', 'ZW'],
};

export const CONTINENT_IDS = Object.keys(CONTINENTS);

/** Countries the network works in (DESIGN §4), offered first when adding a stop. */
export const NETWORK_COUNTRIES = ['BE', 'FR', 'IT', 'RO', 'PT', 'ES', 'GR', 'TN', 'MA'];

/** Usual time zone of those countries, suggested when adding a stop there. */
export const COUNTRY_ZONES: Record<string, string> = {
  BE: 'Europe/Brussels', FR: 'Europe/Paris', IT: 'Europe/Rome', RO: 'Europe/Bucharest', PT: 'Europe/Lisbon',
  ES: 'Europe/Madrid', GR: 'Europe/Athens', TN: 'Africa/Tunis', MA: 'Africa/Casablanca', LU: 'Europe/Luxembourg',
  DE: 'Europe/Berlin', NL: 'Europe/Amsterdam', CH: 'Europe/Zurich', MD: 'Europe/Chisinau', DZ: 'Africa/Algiers', SN: 'Africa/Dakar',
};

const ALPHA2 = /^[A-Z]{2}$/;

/** True for an assigned ISO 3166-1 alpha-2 code (a kept list: Intl alone also names ZZ, EU, UN…). */
export function isCountryCode(code: string): boolean {
  return ALPHA2.test(code) && countries.isValid(code);
}

/** One formatter per language: cards are written for thousands of recipients per broadcast. */
const formatters = new Map<string, Intl.DisplayNames>();
function displayNames(lang: string): Intl.DisplayNames {
  let f = formatters.get(lang);
  if (!f) formatters.set(lang, (f = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' })));
  return f;
}

/** The country's name in `lang`, or undefined when the code is no country. */
export function countryName(code: string, lang: string): string | undefined {
  if (!isCountryCode(code)) return undefined;
  try {
    const name = displayNames(lang).of(code);
    if (name && name !== code) return name;
  } catch {
    // An unknown locale: the kept list's name below.
  }
  return keptList(lang).getName(code, lang) ?? keptList('en').getName(code, 'en');
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s.’'-]+/g, ' ').trim();

/** Folded country names (official and usual ones, from the kept list and from Intl) → code, per language. */
const namesByLang = new Map<string, Map<string, string>>();
function namesIn(lang: string): Map<string, string> {
  let names = namesByLang.get(lang);
  if (names) return names;
  names = new Map();
  const listed = keptList(lang).getNames(lang, { select: 'all' }) as Record<string, string[]>;
  for (const [code, all] of Object.entries(listed)) {
    for (const name of all) names.set(fold(name), code);
    const intl = countryName(code, lang);
    if (intl) names.set(fold(intl), code);
  }
  namesByLang.set(lang, names);
  return names;
}

/** A country from a code ("ro") or a name in any shipped language ("Roumanie", "Romania"); undefined otherwise. */
export function findCountry(typed: string, langs: readonly string[]): string | undefined {
  const want = fold(typed);
  if (!want) return undefined;
  if (/^[a-z]{2}$/.test(want)) return isCountryCode(want.toUpperCase()) ? want.toUpperCase() : undefined;
  for (const lang of ['en', ...langs]) {
    const code = namesIn(lang).get(want);
    if (code) return code;
  }
  return undefined;
}

export function continentOf(country: string): string | undefined {
  return CONTINENT_IDS.find((c) => CONTINENTS[c]!.includes(country));
}

/** A region id from what someone typed or a link carried: "all", a continent, a country. */
export function findRegion(typed: string, langs: readonly string[], continentName: (id: string, lang: string) => string): string | undefined {
  const want = fold(typed);
  if (want === 'all') return 'all';
  const continent = CONTINENT_IDS.find((c) => c === want || langs.some((l) => fold(continentName(c, l)) === want));
  if (continent) return continent;
  return findCountry(typed, langs)?.toLowerCase();
}

/** True when a stop in `country` belongs to region `region`. */
export function inRegion(region: string, country: string): boolean {
  return region === 'all' || region === country.toLowerCase() || continentOf(country) === region;
}
