/**
 * `npm run emails`: renders the reset email of every prod brand as a customer gets it, and checks it
 * against two real counterparts:
 *
 * - docs/emails/<brand>.txt: the subject, the preheader and the text part (shown in docs/configuration.md);
 * - docs/emails/<brand>-375.png and -1200.png: the HTML part in headless Chromium, phone and desktop widths;
 * - the SpamAssassin score of the whole MIME message, assembled as SES assembles it from SendEmail's
 *   fields (multipart/alternative, base64 parts wrapped at 76 characters), printed per brand.
 *
 * Needs Debian's `chromium` and `spamassassin` (skips either one that is missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSender } from '../lib/adapters/ses-mailer';
import { loadConfig } from '../lib/config';
import { composeEmail, renderEmail, type EmailContent } from '../lib/email/render';
import type { EmailMessage } from '../lib/ports';

// Bundled to scripts/.out/ by `npm run emails`.
const root = join(__dirname, '..', '..');
const outDir = join(root, 'docs', 'emails');
const CHROMIUM = '/usr/bin/chromium';
/** 2026-11-29 22:56 UTC, a sample moment the previews show. */
const SENT_AT = Date.UTC(2026, 10, 29, 22, 26) / 1000;

/** Base64 in lines of 76 characters, as MIME (RFC 2045) wants and SES writes. */
const base64Lines = (text: string): string => Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
/** An RFC 2047 encoded-word for a non-ASCII header value. */
const headerText = (text: string): string => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);

/**
 * The message SES builds from SendEmail's fields, as a receiving server sees it: `mailFrom` is the
 * envelope sender, SES's own domain until the brand sets up a custom MAIL FROM domain (docs/deploy.md).
 */
function mimeOf(message: EmailMessage, mailFrom: string): string {
  const boundary = '=_reset_preview_boundary';
  const part = (type: string, body: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}\r\n`;
  return [
    `Return-Path: <0102019a1b2c3d4e-preview-000000@${mailFrom}>`,
    `Received: from a7-12.smtp-out.eu-west-1.amazonses.com (a7-12.smtp-out.eu-west-1.amazonses.com [54.240.7.12]) by mx.example.com with ESMTPS id preview for <${message.to}>; ${new Date(SENT_AT * 1000).toUTCString().replace('GMT', '+0000')}`,
    `From: ${formatSender(message.from.name, message.from.address)}`,
    `Reply-To: ${message.replyTo}`,
    `To: ${message.to}`,
    `Subject: ${headerText(message.subject)}`,
    `Date: ${new Date(SENT_AT * 1000).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <0102019a1b2c3d4e-preview-000000@eu-west-1.amazonses.com>`,
    `Feedback-ID: 1.eu-west-1.preview=:AmazonSES`,
    `X-SES-Outgoing: 2026.11.29-54.240.7.12`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    part('text/plain', message.text) + part('text/html', message.html) + `--${boundary}--\r\n`,
  ].join('\r\n');
}

function screenshot(html: string, file: string, width: number, height: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'email-preview-'));
  const page = join(dir, 'email.html');
  writeFileSync(page, html);
  execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1', `--window-size=${width},${height}`, `--screenshot=${file}`, `file://${page}`], { stdio: 'pipe' });
}

function spamScore(mime: string): string {
  const result = spawnSync('spamassassin', ['-L', '-t'], { input: mime, encoding: 'utf8' });
  const status = /^X-Spam-Status: ([^\n]*(?:\r?\n[ \t][^\n]*)*)/m.exec(result.stdout)?.[1]?.replace(/\s+/g, ' ').replace(/ autolearn=.*/, '');
  return status ?? `no verdict (${result.stderr.trim().split('\n')[0]})`;
}

function main(): void {
  const { brands } = loadConfig({ STAGE: 'prod', TABLE_NAME: 'preview' });
  mkdirSync(outDir, { recursive: true });
  for (const name of ['PumpAlarm', 'AquaGuard']) {
    const brand = brands.findBrand(name)!;
    const locale = brand.locales[0]!;
    const content: EmailContent = {
      kind: 'reset-password',
      link: `${brand.resetUrl}?token=Yk3q9VxJm2LrT8sW4nZc1A.p0Q7dHf2Kx9LmN3bV6cR8tY1wE5uI4oPaS2dF7gH9jK`,
      expiresAt: SENT_AT + brand.tokenTtlSeconds,
      lifetimeSeconds: brand.tokenTtlSeconds,
    };
    const message = composeEmail(brand, locale, 'jane.doe@example.com', content);
    const { preheader } = renderEmail(brand, locale, content);
    writeFileSync(join(outDir, `${brand.key}.txt`), `Subject: ${message.subject}\nPreheader: ${preheader}\n\n${message.text}`);
    if (existsSync(CHROMIUM)) {
      screenshot(message.html, join(outDir, `${brand.key}-375.png`), 375, 860);
      screenshot(message.html, join(outDir, `${brand.key}-1200.png`), 1200, 680);
    }
    for (const each of brand.locales) {
      for (const kind of ['reset-password', 'password-changed', 'no-account'] as const) {
        const sample: EmailContent = kind === 'reset-password' ? content : kind === 'password-changed' ? { kind, usedAt: SENT_AT } : { kind };
        const mail = composeEmail(brand, each, 'jane.doe@example.com', sample);
        const ownDomain = `bounce.${brand.senderAddress.split('@')[1]}`;
        for (const mailFrom of ['eu-west-1.amazonses.com', ownDomain]) process.stdout.write(`${brand.name} ${each} ${kind}, MAIL FROM ${mailFrom}: ${spamScore(mimeOf(mail, mailFrom))}\n`);
      }
    }
  }
}

main();
