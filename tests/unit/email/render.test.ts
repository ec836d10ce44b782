import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Brand } from '../../../lib/config';
import { renderEmail, type MessageName } from '../../../lib/email/render';
import { escapeHtml } from '../../../lib/escape-html';
import { templateFiles } from '../../../lib/email/templates';
import { loadConfig } from '../../../lib/config';
import { devBrands } from '../fakes';

const pumpAlarm = devBrands.findBrand('PumpAlarm')!;
const aquaGuard = devBrands.findBrand('AquaGuard')!;
const hostile: Brand = { ...pumpAlarm, name: 'Acme <b>"&\'' };
const resetValues = { link: 'https://portal.example/reset?token=abc&x=<y>', expiresInMinutes: '60', expiresAt: '2026-01-02 03:04 UTC' };

describe('renderEmail', () => {
  it('escapes every value inserted into the HTML part, layout included', () => {
    const { html } = renderEmail(hostile, 'en', 'reset-password', resetValues);
    expect(html).not.toContain('<b>');
    expect(html).toContain('<title>Reset your Acme &lt;b&gt;&quot;&amp;&#39; password</title>');
    expect(html).toContain('href="https://portal.example/reset?token=abc&amp;x=&lt;y&gt;"');
  });

  it('keeps the plain-text part literal, states the expiry, and takes the subject from its first line', () => {
    const { subject, text } = renderEmail(pumpAlarm, 'en', 'reset-password', resetValues);
    expect(subject).toBe('Reset your PumpAlarm password');
    expect(text.startsWith('Hello,')).toBe(true);
    expect(text).toContain('https://portal.example/reset?token=abc&x=<y>');
    expect(text).toContain('expires in 60 minutes, at 2026-01-02 03:04 UTC');
  });

  it('keeps the subject to one header line', () => {
    expect(renderEmail({ ...pumpAlarm, name: 'Acme\r\nBcc: x@evil.example' }, 'en', 'reset-password', resetValues).subject).toBe(
      'Reset your Acme Bcc: x@evil.example password',
    );
  });

  it("wraps the message in the brand's own layout, falling back to the default messages", () => {
    const aqua = renderEmail(aquaGuard, 'de', 'reset-password', resetValues);
    const pump = renderEmail(pumpAlarm, 'de', 'reset-password', resetValues);
    expect(aqua.html).toContain('border-top: 6px solid #0b7a8a');
    expect(pump.html).not.toContain('#0b7a8a');
    expect(aqua.subject).toBe('Ihr AquaGuard-Passwort zurücksetzen');
    expect(aqua.html).toContain('<html lang="de">');
  });

  it('refuses to render with a value missing', () => {
    expect(() => renderEmail(pumpAlarm, 'en', 'reset-password', { link: 'x' })).toThrow(/"expiresInMinutes" is missing/);
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('templates', () => {
  const messages: MessageName[] = ['reset-password', 'password-changed', 'no-account'];
  const values = { ...resetValues, changedAt: 'now', portalUrl: 'https://p.example', supportAddress: 's@p.example' };

  it('bundles every template file there is', () => {
    const root = join(__dirname, '../../../lib/email/templates');
    const onDisk = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(html|txt)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1).replace(/layout\.html$/, 'layout'));
    expect(Object.keys(templateFiles).sort()).toEqual(onDisk.sort());
  });

  it.each(['dev', 'prod'])('has every message in every locale of every %s brand', (stage) => {
    const { brands } = loadConfig({ STAGE: stage, TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' });
    for (const brand of [brands.defaultBrand, brands.findBrand('AquaGuard')!]) {
      for (const locale of brand.locales) {
        for (const message of messages) expect(renderEmail(brand, locale, message, values).subject).not.toBe('');
      }
    }
  });
});
