import { chooseLocale } from '../../../lib/email/locale';
import { devBrands } from '../fakes';

const brand = { ...devBrands.defaultBrand, locales: ['en', 'de', 'de-CH'] };

describe('chooseLocale', () => {
  it.each([
    ['de', undefined, 'de'],
    ['DE-ch', undefined, 'de-CH'],
    ['de-AT', undefined, 'de'],
    ['fr', 'de', 'de'],
    [undefined, 'fr-FR, de-CH;q=0.9, en;q=0.95', 'en'],
    [undefined, 'fr, *;q=0.5', 'en'],
    [undefined, 'de;q=0, en-GB', 'en'],
    [undefined, undefined, 'en'],
  ])('Locale %s with Accept-Language %s gives %s', (requested, acceptLanguage, expected) => {
    expect(chooseLocale(brand, requested, acceptLanguage)).toBe(expected);
  });

  it('uses the fallback when neither names an offered locale, if the brand offers it', () => {
    expect(chooseLocale(brand, 'fr', 'it', 'de')).toBe('de');
    expect(chooseLocale(brand, undefined, undefined, 'pt')).toBe('en');
  });
});
