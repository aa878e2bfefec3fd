/**
 * Countries as ISO 3166-1 alpha-2 codes, read from a code (JP), a common three-letter code (JPN)
 * or an English name (Japan). Names come from the runtime's own CLDR data (Intl.DisplayNames),
 * present in Node and in every browser Excel runs in, so no country list is kept here.
 */
import { normalizeHeader } from './columns';

let byKey: Map<string, string> | undefined;

/** Common alternative names and three-letter codes CLDR's display names do not cover. */
const EXTRA: Readonly<Record<string, string>> = {
  JPN: 'JP', USA: 'US', 'United States of America': 'US', America: 'US', UK: 'GB', GBR: 'GB', 'Great Britain': 'GB',
  KOR: 'KR', 'Republic of Korea': 'KR', Korea: 'KR', CHN: 'CN', "People's Republic of China": 'CN', PRC: 'CN', TWN: 'TW',
  DEU: 'DE', FRA: 'FR', CAN: 'CA', MEX: 'MX', VNM: 'VN', 'Viet Nam': 'VN', IND: 'IN', THA: 'TH', IDN: 'ID', MYS: 'MY',
  PHL: 'PH', SGP: 'SG', AUS: 'AU', NZL: 'NZ', ITA: 'IT', ESP: 'ES', NLD: 'NL', Holland: 'NL', CHE: 'CH', BRA: 'BR', RUS: 'RU',
};

function table(): Map<string, string> {
  if (byKey) return byKey;
  byKey = new Map();
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        name = undefined;
      }
      if (!name || name === code || /^Unknown/i.test(name)) continue;
      byKey.set(normalizeHeader(code), code);
      if (!byKey.has(normalizeHeader(name))) byKey.set(normalizeHeader(name), code);
    }
  }
  for (const [alias, code] of Object.entries(EXTRA)) byKey.set(normalizeHeader(alias), code);
  return byKey;
}

/** The ISO alpha-2 code for a code or English name, or undefined when it is not a country. */
export function countryCode(text: string): string | undefined {
  return table().get(normalizeHeader(text));
}

export function countryName(code: string): string {
  return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
}
