import { ajv } from '@ledgerline/shared/http/validation';
import {
  canonicalLocale,
  isBcp47Locale,
  isE164Phone,
  isIanaTimeZone,
  isIso3166Country,
  registerProfileFormats,
} from '../support/formats';
import { ISO_3166_ALPHA2 } from '../../src/domain/iso3166';

describe('profile formats', () => {
  it.each(['+14155550123', '+447700900123', '+8613800138000', '+12'])('E.164 accepts %s', (value) => {
    expect(isE164Phone(value)).toBe(true);
  });
  it.each(['14155550123', '+0123', '+1 415 555 0123', '+1234567890123456', '+', '+1-415'])(
    'E.164 rejects %s',
    (value) => expect(isE164Phone(value)).toBe(false),
  );

  it.each(['en', 'en-US', 'pt-BR', 'zh-Hant-TW', 'sr-Latn', 'de-CH-u-co-phonebk', 'EN-us', 'es-419'])(
    'BCP 47 accepts %s',
    (value) => expect(isBcp47Locale(value)).toBe(true),
  );
  it.each(['', 'en_US', 'en--US', 'x-private', 'i-klingon', 'a', '123', 'en-US-'.padEnd(40, 'x')])(
    'BCP 47 rejects %j',
    (value) => expect(isBcp47Locale(value)).toBe(false),
  );
  it('canonicalises locales', () => {
    expect(canonicalLocale('EN-us')).toBe('en-US');
    expect(canonicalLocale('zh-hant-tw')).toBe('zh-Hant-TW');
  });

  it.each([
    'Europe/Paris',
    'America/Argentina/Buenos_Aires',
    'UTC',
    'Etc/UTC',
    'US/Pacific',
    'Etc/GMT+5',
    'Asia/Kolkata',
  ])('IANA accepts %s', (value) => expect(isIanaTimeZone(value)).toBe(true));
  it.each(['', '+01:00', 'GMT+1', 'europe/paris', 'Mars/Olympus_Mons', 'Europe/Paris/', 'Local'])(
    'IANA rejects %j',
    (value) => expect(isIanaTimeZone(value)).toBe(false),
  );

  it('embeds the 249 assigned ISO 3166-1 alpha-2 codes, each known to ICU as a region', () => {
    expect(ISO_3166_ALPHA2.size).toBe(249);
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const code of ISO_3166_ALPHA2) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(names.of(code)).not.toBe(code);
    }
  });
  it.each(['US', 'BR', 'AX', 'SS', 'BQ'])('ISO 3166 accepts %s', (value) =>
    expect(isIso3166Country(value)).toBe(true),
  );
  it.each(['us', 'EU', 'UN', 'UK', 'XK', 'ZZ', 'AA', 'USA', ''])('ISO 3166 rejects %j', (value) =>
    expect(isIso3166Country(value)).toBe(false),
  );

  it('registers every format on the shared Ajv once (idempotent)', () => {
    registerProfileFormats();
    registerProfileFormats();
    const validate = ajv.compile({ type: 'string', format: 'iso3166-alpha2' });
    expect(validate('DE')).toBe(true);
    expect(validate('EU')).toBe(false);
  });
});
