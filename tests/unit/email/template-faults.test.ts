import type { Brand } from '../../../lib/config';
import { renderEmail, type EmailContent } from '../../../lib/email/render';
import { hasOwnLook, templateFiles, templateLocaleOf } from '../../../lib/email/templates';
import { devBrands } from '../fakes';

/*
 * A template set written wrong, as a new brand's could be: each fault stops the render with an error
 * naming the file or placeholder (config checks the sets at cold start, so a customer never gets a
 * half-filled email). The faulty files are added to the bundled table for one test and taken out
 * after it.
 */
const files = templateFiles as Record<string, string>;
const pumpAlarm = devBrands.findBrand('PumpAlarm')!;
const added: string[] = [];
function withFiles(set: Record<string, string>): void {
  for (const [path, source] of Object.entries(set)) {
    files[path] = source;
    added.push(path);
  }
}
afterEach(() => {
  for (const path of added.splice(0)) delete files[path];
});

/** A fresh brand object each time: prepared messages are cached per brand. */
const brandOf = (templates: string, locales: readonly string[] = ['en']): Brand => ({ ...pumpAlarm, templates, locales });
const reset: EmailContent = { kind: 'reset-password', link: 'https://portal.example/reset?token=t', expiresAt: 0, lifetimeSeconds: 3600 };
const look = { 'faulty/layout.html': files['pumpalarm/layout.html']!, 'faulty/button.html': files['pumpalarm/button.html']! };
const resetText = files['default/en/reset-password.txt']!;

describe('a template set written wrong', () => {
  it('stops at a message without its Subject, Preheader or Reason line', () => {
    for (const line of ['Subject', 'Preheader', 'Reason']) {
      withFiles({ ...look, 'faulty/en/reset-password.txt': resetText.replace(new RegExp(`^${line}:.*\\n`, 'm'), '') });
      expect(() => renderEmail(brandOf('faulty'), 'en', reset)).toThrow(`Email template en/reset-password has no ${line.toLowerCase()} line`);
    }
  });

  it('stops at a raw placeholder that names no part, and at a value no request supplies', () => {
    withFiles({ ...look, 'faulty/layout.html': `${look['faulty/layout.html']}{{{sidebar}}}` });
    expect(() => renderEmail(brandOf('faulty'), 'en', reset)).toThrow('Email template part {{{sidebar}}} does not exist');

    withFiles({ 'faulty/layout.html': `${look['faulty/layout.html']}{{mood}}` });
    expect(() => renderEmail(brandOf('faulty'), 'en', reset)).toThrow('Email template value "mood" is missing');
  });

  it('stops at a set without a layout, and at a locale whose words it does not have', () => {
    withFiles({ 'nolayout/button.html': look['faulty/button.html'] });
    expect(() => renderEmail(brandOf('nolayout'), 'en', reset)).toThrow('Email template nolayout/layout.html does not exist');

    withFiles(look);
    expect(() => renderEmail(brandOf('faulty', ['fr']), 'fr', reset)).toThrow('Email templates of faulty have no locale fr');
  });

  it('reads the header lines by name, with white space around name and value, and the body after the blank line', () => {
    withFiles({ ...look, 'faulty/en/reset-password.txt': resetText.replace(/^Subject:.*$/m, '  subject :  Reset it, {{brandName}}  ').replace('\n\n', '\n\n\n') });
    const email = renderEmail(brandOf('faulty'), 'en', reset);
    expect(email.subject).toBe('Reset it, PumpAlarm');
    expect(email.text.startsWith('Hello,\n\nSomeone asked to reset the password of your PumpAlarm account.')).toBe(true);
  });
});

describe('what a template set holds', () => {
  it('has a look of its own only with both its layout and its button', () => {
    withFiles({ 'halfa/layout.html': 'x', 'halfb/button.html': 'x' });
    expect([hasOwnLook('pumpalarm'), hasOwnLook('halfa'), hasOwnLook('halfb'), hasOwnLook('none')]).toEqual([true, false, false, false]);
  });

  it("serves a region from its own folder only when that holds every file, else from its language's", () => {
    withFiles({ 'default/de-CH/reset-password.txt': 'x' });
    expect(templateLocaleOf('default', 'de-CH')).toBe('de');
    expect(templateLocaleOf('default', 'fr-CH')).toBeUndefined();
  });
});
