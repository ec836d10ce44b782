import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBrandCatalog, loadConfig, type Brand, type BrandFile } from '../../../lib/config';
import { isTimeZone, localeFormats } from '../../../lib/email/formats';
import { composeEmail, renderEmail, type EmailContent } from '../../../lib/email/render';
import { messageNames, templateFiles } from '../../../lib/email/templates';
import { escapeHtml } from '../../../lib/escape-html';
import { devBrands } from '../fakes';

const pumpAlarm = devBrands.findBrand('PumpAlarm')!;
const aquaGuard = devBrands.findBrand('AquaGuard')!;
const hostile: Brand = { ...pumpAlarm, name: 'Acme <b>"&\'' };
/** 2026-11-29 22:56:00 UTC: 23:56 in Berlin, in winter time. */
const lateSunday = Date.UTC(2026, 10, 29, 22, 56) / 1000;
const reset = (overrides: Partial<Extract<EmailContent, { kind: 'reset-password' }>> = {}): EmailContent => ({
  kind: 'reset-password',
  link: 'https://portal.example/reset?token=abc&x=<y>',
  expiresAt: lateSunday,
  lifetimeSeconds: 3600,
  ...overrides,
});
const contentOf = (kind: (typeof messageNames)[number]): EmailContent =>
  kind === 'reset-password' ? reset() : kind === 'password-changed' ? { kind, usedAt: lateSunday } : { kind };

/** Each template set's own colour: its button, its name, its links. */
const brandColour: Readonly<Record<string, string>> = { pumpalarm: '#1a5fb4', aquaguard: '#0b7a8a' };

describe('renderEmail', () => {
  it('escapes every value inserted into the HTML part, layout included', () => {
    const { html } = renderEmail(hostile, 'en', reset());
    expect(html).not.toContain('<b>');
    expect(html).toContain('<title>Reset your Acme &lt;b&gt;&quot;&amp;&#39; password</title>');
    expect(html).toContain('href="https://portal.example/reset?token=abc&amp;x=&lt;y&gt;"');
  });

  it('keeps the plain-text part literal, states the expiry, and takes the subject from its first line', () => {
    const { subject, text } = renderEmail(pumpAlarm, 'en', reset());
    expect(subject).toBe('Reset your PumpAlarm password');
    expect(text.startsWith('Hello,')).toBe(true);
    expect(text).toContain('https://portal.example/reset?token=abc&x=<y>');
    expect(text).toContain('The link works once, for 1 hour: until Nov 29, 2026 at 10:56 PM UTC.');
  });

  it('keeps the subject to one header line', () => {
    expect(renderEmail({ ...pumpAlarm, name: 'Acme\r\nBcc: x@evil.example' }, 'en', reset()).subject).toBe('Reset your Acme Bcc: x@evil.example password');
  });

  it('writes dates and times for the locale, in the brand time zone, with the zone named', () => {
    expect(renderEmail(aquaGuard, 'de', reset()).text).toContain('Der Link ist 1 Stunde gültig, bis zum 29.11.2026 um 23:56 MEZ, und lässt sich nur einmal verwenden.');
    expect(renderEmail(aquaGuard, 'de', { kind: 'password-changed', usedAt: lateSunday }).text).toContain('wurde am 29.11.2026 um 23:56 MEZ verwendet');
    expect(renderEmail(aquaGuard, 'en', { kind: 'password-changed', usedAt: lateSunday }).text).toContain('was used on Nov 29, 2026 at 11:56 PM GMT+1');
    expect(renderEmail(pumpAlarm, 'de', { kind: 'password-changed', usedAt: lateSunday }).text).toContain('wurde am 29.11.2026 um 22:56 UTC verwendet');
  });

  it('states how long a link lives in natural units, never longer than it lives', () => {
    const lifetime = (brand: Brand, locale: string, seconds: number) => renderEmail(brand, locale, reset({ lifetimeSeconds: seconds })).preheader;
    expect(lifetime(pumpAlarm, 'en', 86_400)).toContain('for 24 hours.');
    expect(lifetime(pumpAlarm, 'en', 5_400)).toContain('for 1 hour 30 minutes.');
    expect(lifetime(pumpAlarm, 'en', 5_399)).toContain('for 1 hour 29 minutes.');
    expect(lifetime(pumpAlarm, 'en', 1_800)).toContain('for 30 minutes.');
    expect(lifetime(pumpAlarm, 'de', 5_400)).toContain('Der Link ist 1 Stunde 30 Minuten gültig.');
    expect(lifetime(pumpAlarm, 'de', 86_400)).toContain('Der Link ist 24 Stunden gültig.');
  });

  it("writes a region's emails with its language's templates and its own formats (de-CH: German words, Swiss dates)", () => {
    const { key: _key, rateLimits: _limits, ...entry } = pumpAlarm;
    const file: BrandFile = { defaultBrand: 'Acme', brands: [{ ...entry, name: 'Acme', locales: ['de-CH'], timeZone: 'Europe/Zurich' }] };
    const swiss = loadBrandCatalog(file, 'test').defaultBrand;
    const { subject, html, text } = renderEmail(swiss, 'de-CH', reset());
    expect(subject).toBe('Ihr Acme-Passwort zurücksetzen');
    expect(html).toContain('<html lang="de-CH">');
    expect(text).toContain('bis zum 29.11.2026 um 23:56 MEZ');
  });

  it('creates the Intl formatters of a zone and locale once, on first use', () => {
    expect(localeFormats('de', 'Europe/Berlin')).toBe(localeFormats('de', 'Europe/Berlin'));
    expect(localeFormats('de', 'Europe/Berlin')).not.toBe(localeFormats('de-CH', 'Europe/Berlin'));
  });

  it('knows IANA time zones, aliases included, and refuses others', () => {
    expect(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Europe/Kyiv'].every(isTimeZone)).toBe(true);
    expect(['CET+1', 'Europe/Atlantis', ''].some(isTimeZone)).toBe(false);
  });

  it('tags a message with its brand and kind in the characters SES allows in tag values', () => {
    expect(composeEmail({ ...pumpAlarm, name: 'Pump Alarm 2.0' }, 'en', 'jane@example.com', { kind: 'no-account' }).tags).toEqual({
      brand: 'Pump_Alarm_2_0',
      emailKind: 'no-account',
    });
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('every email of every brand, locale and kind', () => {
  const stages = ['dev', 'prod'].map((stage) => ({ stage, brands: loadConfig({ STAGE: stage, TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' }).brands }));
  const cases = stages.flatMap(({ stage, brands }) =>
    [brands.findBrand('PumpAlarm')!, brands.findBrand('AquaGuard')!].flatMap((brand) =>
      brand.locales.flatMap((locale) => messageNames.map((kind) => [`${stage} ${brand.name} ${locale} ${kind}`, brand, locale, kind] as const)),
    ),
  );

  it.each(cases)('%s', (_name, brand, locale, kind) => {
    const message = composeEmail(brand, locale, 'jane@example.com', contentOf(kind));
    const { preheader } = renderEmail(brand, locale, contentOf(kind));
    const own = brandColour[brand.templates]!;
    const others = Object.entries(brandColour).filter(([set]) => set !== brand.templates).map(([, colour]) => colour);

    // Sender, replies, tags.
    expect(message).toMatchObject({ from: { name: brand.senderName, address: brand.senderAddress }, replyTo: brand.supportAddress, to: 'jane@example.com' });
    expect(message.tags).toEqual({ brand: brand.name, emailKind: kind });
    // Its own look only: the brand colour, never another brand's.
    expect(message.html).toContain(own);
    for (const colour of others) expect(message.html.toLowerCase()).not.toContain(colour);
    // Robust structure: tables carry the look (nothing hangs on <body>), dark mode, readable lines.
    expect(message.html).toMatch(/<body style="margin: 0; padding: 0;">/);
    expect(message.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(message.html).toMatch(/<td class="copy" style="[^"]*line-height: 1\.6;/);
    expect(message.html).toContain(`<html lang="${locale}">`);
    // A hidden preheader first in the body, which is not the brand's greeting.
    expect(preheader.length).toBeGreaterThan(20);
    expect(message.html).toMatch(new RegExp(`<body[^>]*>\\n<div style="display: none;[^"]*">${escapeRegExp(escapeHtml(preheader))}</div>`));
    // Where to get help, and why it came, in both parts.
    for (const part of [message.text, message.html]) {
      expect(part).toContain(brand.supportAddress);
      expect(part).toMatch(/because|whenever|weil|immer, wenn/);
    }
    expect(message.html).toContain(`href="mailto:${brand.supportAddress}"`);
    expect(message.html).not.toMatch(/\{\{|\}\}/);
    expect(message.text).not.toMatch(/\{\{|\}\}/);
    if (kind === 'reset-password') {
      // A bulletproof button: the colour on the table cell, so it shows where CSS is stripped.
      expect(message.html).toMatch(new RegExp(`<td align="center" bgcolor="${own}"[^>]*>\\n<a class="button" href="https://portal.example/reset\\?token=abc&amp;x=&lt;y&gt;"`));
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('templates', () => {
  it('bundles every template file there is', () => {
    const root = join(__dirname, '../../../lib/email/templates');
    const onDisk = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(html|txt)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
    expect(Object.keys(templateFiles).sort()).toEqual(onDisk.sort());
  });

  it('keeps every colour and font in the brand sets: the shared words carry none', () => {
    const shared = Object.entries(templateFiles).filter(([path]) => path.startsWith('default/'));
    expect(shared.length).toBeGreaterThan(0);
    for (const [, source] of shared) expect(source).not.toMatch(/#[0-9a-f]{3,6}\b|font-family|bgcolor|background/i);
  });
});
