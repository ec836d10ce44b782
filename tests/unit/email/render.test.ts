import { escapeHtml, renderResetEmail } from '../../../lib/email/render';

const values = {
  brandName: 'Acme <b>"&\'',
  link: 'https://portal.example/reset?token=abc&x=<y>',
  expiresAt: new Date(Date.UTC(2026, 0, 2, 3, 4)),
  lifetimeSeconds: 3600,
};

describe('renderResetEmail', () => {
  it('escapes every value inserted into the HTML part', () => {
    const { html } = renderResetEmail(values);
    expect(html).not.toContain('<b>');
    expect(html).toContain('Acme &lt;b&gt;&quot;&amp;&#39;');
    expect(html).toContain('href="https://portal.example/reset?token=abc&amp;x=&lt;y&gt;"');
  });

  it('keeps the plain-text part literal and states when the link expires', () => {
    const { text } = renderResetEmail(values);
    expect(text).toContain('https://portal.example/reset?token=abc&x=<y>');
    expect(text).toContain('expires in 60 minutes, at 2026-01-02 03:04 UTC');
  });

  it('keeps the subject to one header line', () => {
    expect(renderResetEmail({ ...values, brandName: 'Acme\r\nBcc: x@evil.example' }).subject).toBe('Reset your Acme Bcc: x@evil.example password');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
