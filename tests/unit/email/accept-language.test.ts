import { chooseLocale } from '../../../lib/email/locale';
import { devBrands } from '../fakes';

/** A brand written in English (its default) and German. */
const brand = { ...devBrands.defaultBrand, locales: ['en', 'de'] };

describe('chooseLocale and Accept-Language q-values', () => {
  it.each([
    ['de;q=0', 'en'],
    ['de;q=0.0, fr', 'en'],
    ['de; q=0, fr', 'en'],
    ['fr, de;q=0.001', 'de'],
    ['de;q=0.5, en;q=0.6', 'en'],
    ['en;q=0.5, de;q=0.5', 'en'],
    ['de;q=0.5, en;q=0.5', 'de'],
    ['en;q=0.4, de', 'de'],
    ['de;level=1;q=0.9, en;q=0.8', 'de'],
    ['de;level=1;q=0, en', 'en'],
    // Only a whole `q=` parameter is a q-value.
    ['de;xq=0, en', 'de'],
    ['en;q=0.9, de;q=0x', 'de'],
    ['de;q=0 , en', 'en'],
    ['*, de', 'de'],
    [' , de', 'de'],
  ])('Accept-Language %s gives %s', (acceptLanguage, expected) => {
    expect(chooseLocale(brand, undefined, acceptLanguage)).toBe(expected);
  });
});

describe("chooseLocale: which of a brand's locales a tag matches", () => {
  it.each([
    [' DE-ch ', ['en', 'de-CH', 'de'], 'de-CH'],
    ['de-AT', ['en', 'de-CH', 'de'], 'de'],
    ['de-AT', ['en', 'de-CH'], 'de-CH'],
    ['DE', ['en', 'de-CH'], 'de-CH'],
  ])('Locale %j among %j gives %s', (requested, locales, expected) => {
    expect(chooseLocale({ ...devBrands.defaultBrand, locales }, requested, undefined)).toBe(expected);
  });
});
