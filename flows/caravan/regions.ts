/**
 * Regions a citizen can follow: every stop, a continent, or a country. Countries are ISO
 * codes; their names come from the platform's Intl data in each language, so no list of
 * names has to be translated here. Continents are data: add one by adding a line.
 */
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

/** The country's name in `lang`, or undefined when the code is no country. */
export function countryName(code: string, lang: string): string | undefined {
  if (!ALPHA2.test(code)) return undefined;
  try {
    const name = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' }).of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** Every two-letter code Intl knows as a country, computed once. */
let allCodes: string[] | null = null;
function countryCodes(): string[] {
  if (allCodes) return allCodes;
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) {
    const code = String.fromCharCode(a, b);
    if (countryName(code, 'en')) codes.push(code);
  }
  return (allCodes = codes);
}

/** A country from a code ("ro") or a name in any shipped language ("Roumanie", "Romania"). */
export function findCountry(typed: string, langs: readonly string[]): string | undefined {
  const want = fold(typed);
  if (/^[a-z]{2}$/.test(want) && countryName(want.toUpperCase(), 'en')) return want.toUpperCase();
  return countryCodes().find((code) => langs.some((l) => fold(countryName(code, l) ?? '') === want));
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
