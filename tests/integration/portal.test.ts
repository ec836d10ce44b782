import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addCustomer } from '../../local/portal/customers';
import { verifyPassword } from '../../local/portal/password';
import { uniqueEmail } from './support/http';
import { emailsTo, type StoredEmail } from './support/inbox';
import { customerTableName, dynamodb, logFile, portalUrl, sesUrl } from './support/stack';

/**
 * The customer's whole journey through the local portal in a real browser (Debian's chromium driven
 * by playwright-core), with axe-core checking every page it shows for accessibility violations.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const JOURNEY_TIMEOUT_MS = 120_000;

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
});

/** axe-core's violations on the page as shown (WCAG 2.x A and AA rules and best practices). */
async function accessibilityViolations(page: Page): Promise<Array<{ id: string; nodes: number }>> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe.run());
  return results.violations.map((v) => ({ id: v.id, nodes: v.nodes.length }));
}

/**
 * Every page the browser loads must carry the portal's protections, and no portal page may log an
 * error to the console (a failed load, such as a 404 for an icon, included) or throw. A page's own
 * 4xx (a refused password, a used link) is logged as a failed load of its own address: the test
 * asserts those pages, so only other addresses count.
 */
function recordResponses(context: BrowserContext) {
  const documents: Array<{ url: string; headers: Record<string, string> }> = [];
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const onPortal = (page: Page | null) => page?.url().startsWith(portalUrl) ?? false;
  context.on('console', (message) => {
    if (message.type() === 'error' && onPortal(message.page()) && message.location().url !== message.page()?.url()) consoleErrors.push(`${message.location().url}: ${message.text()}`);
  });
  context.on('weberror', (error) => {
    if (onPortal(error.page())) consoleErrors.push(String(error.error()));
  });
  context.on('request', (request) => requests.push(request.url()));
  context.on('response', (response) => {
    if (response.request().resourceType() === 'document' && response.url().startsWith(portalUrl)) documents.push({ url: response.url(), headers: response.headers() });
  });
  return { documents, requests, consoleErrors };
}

async function waitForEmail(address: string): Promise<StoredEmail> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const [email] = await emailsTo(address);
    if (email) return email;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no email to ${address}`);
}

/** The reset link of the email, as the customer sees it in the text part. */
const linkOf = (email: StoredEmail): string => /http:\/\/\S+[?&]token=[A-Za-z0-9_.-]+/.exec(email.body.text ?? '')![0];

async function requestLink(page: Page, address: string): Promise<StoredEmail> {
  await page.goto(`${portalUrl}/pumpalarm/forgot-password`);
  await page.getByLabel('Email address').fill(address);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await page.getByRole('status').waitFor();
  return waitForEmail(address);
}

/** The reset page's token cookie in the browser, if any. */
async function tokenCookieOf(context: BrowserContext, brandPath = '/pumpalarm/reset-password') {
  return (await context.cookies(`${portalUrl}${brandPath}`)).find((cookie) => cookie.name === 'reset_token');
}

/** Follows a link to `href` from a page of another site (the local inbox: 127.0.0.1 is not localhost), as a click in a web mail does. */
async function followFromAnotherSite(page: Page, href: string): Promise<void> {
  await page.goto(`${sesUrl}/`);
  // Written into the inbox's own document, so the page keeps the inbox's origin.
  await page.setContent(`<a href="${href}">reset link</a>`);
  await page.getByRole('link', { name: 'reset link' }).click();
  await page.waitForURL((url) => url.href.startsWith(portalUrl));
}

async function storedPasswordHash(brandKey: string, address: string): Promise<string | undefined> {
  const item = await dynamodb.send(new GetItemCommand({ TableName: customerTableName, Key: { pk: { S: `${brandKey}#${address}` } } }));
  return item.Item?.passwordHash?.S;
}

describe('the local portal in a browser', () => {
  it(
    'takes a customer from "forgot password" to a new password, each page accessible, and refuses the link a second time',
    async () => {
      const context = await browser.newContext();
      const seen = recordResponses(context);
      let page = await context.newPage();
      const address = uniqueEmail('portal');
      // The portal sets passwords of its own customers only; PumpAlarm mails any address a link.
      await addCustomer(dynamodb, customerTableName, 'PumpAlarm', address);
      const password = 'a quiet harbour at dawn';
      const violations: Record<string, unknown> = {};

      // The forgot page, and its one answer.
      await page.goto(`${portalUrl}/pumpalarm/forgot-password`);
      violations.forgot = await accessibilityViolations(page);
      const email = await requestLink(page, address);
      const link = linkOf(email);
      expect(await page.getByRole('status').textContent()).toContain('If PumpAlarm has an account for that address, we have sent it a link');
      violations.sent = await accessibilityViolations(page);
      // The link opens this portal, on the port the stack gave it.
      expect(link.startsWith(`${portalUrl}/pumpalarm/reset-password?token=`)).toBe(true);

      // As the README says: in the local inbox (another site: 127.0.0.1 is not localhost), the email's
      // HTML view, its link opened in a new tab. The token leaves the address bar.
      const inbox = page;
      await inbox.goto(`${sesUrl}/`);
      await inbox.locator(`button[onclick="toggle('${email.messageId}-html')"]`).click();
      const opened = context.waitForEvent('page');
      await inbox.frameLocator(`[id="${email.messageId}-html-iframe"]`).locator('a[href*="token="]').click({ modifiers: ['Control'] });
      page = await opened;
      // Followed from another site, the link sets no cookie until the customer continues from the portal's own page.
      await page.getByRole('heading', { name: 'Reset your PumpAlarm password' }).waitFor();
      expect(await tokenCookieOf(context)).toBeUndefined();
      violations.continue = await accessibilityViolations(page);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${portalUrl}/pumpalarm/reset-password`);
      await page.getByRole('heading', { name: 'Choose a new PumpAlarm password' }).waitFor();
      expect(await tokenCookieOf(context)).toMatchObject({ value: new URL(link).searchParams.get('token'), httpOnly: true, sameSite: 'Strict', secure: false });
      expect(await page.locator('main').textContent()).toContain(`${address[0]}***@example.com`);
      violations.form = await accessibilityViolations(page);

      // A mismatch is an error tied to its field, and does not use the link up.
      await page.getByLabel('New password', { exact: true }).fill(password);
      await page.getByLabel('Repeat the new password').fill(`${password}!`);
      await page.getByRole('button', { name: 'Set the new password' }).click();
      const confirmation = page.getByLabel('Repeat the new password');
      await expect(confirmation.getAttribute('aria-invalid')).resolves.toBe('true');
      expect(await page.getByRole('alert').textContent()).toContain('The two passwords do not match.');
      expect(await confirmation.getAttribute('aria-describedby')).toContain('confirmation-error');
      violations.mismatch = await accessibilityViolations(page);

      await page.getByLabel('New password', { exact: true }).fill(password);
      await page.getByLabel('Repeat the new password').fill(password);
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.getByRole('heading', { name: 'Your PumpAlarm password has been changed' }).waitFor();
      violations.done = await accessibilityViolations(page);

      // Stored for the customer, hashed with scrypt: the password itself is nowhere.
      const hash = await storedPasswordHash('pumpalarm', address);
      expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
      await expect(verifyPassword(password, hash!)).resolves.toBe(true);
      await expect(verifyPassword(`${password}!`, hash!)).resolves.toBe(false);

      // The same link again: its own message, and a way to ask for a new one.
      await page.goto(link);
      await page.getByRole('heading', { name: 'This link has already been used' }).waitFor();
      expect(page.url()).toBe(`${portalUrl}/pumpalarm/reset-password`);
      expect(await page.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/pumpalarm/forgot-password');
      violations.used = await accessibilityViolations(page);

      expect(violations).toEqual({ forgot: [], sent: [], continue: [], form: [], mismatch: [], done: [], used: [] });
      // Every page carried the portal's protections; the browser fetched nothing from any other site.
      expect(seen.documents.length).toBeGreaterThanOrEqual(8);
      for (const { headers } of seen.documents) {
        expect(headers['referrer-policy']).toBe('no-referrer');
        expect(headers['content-security-policy']).toContain("default-src 'none'");
      }
      expect(seen.requests.filter((url) => !url.startsWith(portalUrl) && !url.startsWith(sesUrl))).toEqual([]);
      expect(seen.consoleErrors).toEqual([]);
      // The token went into no log line, the portal's included.
      const token = new URL(link).searchParams.get('token')!;
      expect(readFileSync(logFile, 'utf8')).not.toContain(token);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'works with JavaScript turned off',
    async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const address = uniqueEmail('no-script');
      await addCustomer(dynamodb, customerTableName, 'PumpAlarm', address);
      const link = linkOf(await requestLink(page, address));
      await page.goto(link);
      await page.waitForURL(`${portalUrl}/pumpalarm/reset-password`);
      await page.getByLabel('New password', { exact: true }).fill('seven little kites');
      await page.getByLabel('Repeat the new password').fill('seven little kites');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.getByRole('heading', { name: 'Your PumpAlarm password has been changed' }).waitFor();
      expect(await storedPasswordHash('pumpalarm', address)).toMatch(/^\$scrypt\$/);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'answers a customer who asks again and again as the first time: nothing is refused, and the email over the limit waits for it',
    async () => {
      const context = await browser.newContext();
      const seen = recordResponses(context);
      const page = await context.newPage();
      const address = uniqueEmail('too-often');
      const statuses: number[] = [];
      // The test stack sends a mailbox three emails a minute (testRateLimits): the fourth request is
      // accepted, and its link comes in the mailbox's next email.
      for (let attempt = 0; attempt < 4; attempt++) {
        await page.goto(`${portalUrl}/pumpalarm/forgot-password`);
        await page.getByLabel('Email address').fill(address);
        const answered = page.waitForResponse((response) => response.request().method() === 'POST');
        await page.getByRole('button', { name: 'Email me a link' }).click();
        statuses.push((await answered).status());
      }
      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(await page.getByRole('status').textContent()).toContain('asking again does not delay it, and only the newest link works');
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      const emails = await emailsTo(address);
      expect(emails).toHaveLength(4);
      expect(emails[3]!.at - emails[0]!.at).toBeGreaterThanOrEqual(59);
      expect(seen.consoleErrors).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'says plainly that a link is not recognised, or missing, each with a way to ask for a new one',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${portalUrl}/pumpalarm/reset-password?token=not-a-token`);
      await page.getByRole('heading', { name: 'We do not recognise this link' }).waitFor();
      expect(page.url()).toBe(`${portalUrl}/pumpalarm/reset-password`);
      const notFound = await accessibilityViolations(page);
      await context.clearCookies();
      await page.goto(`${portalUrl}/aquaguard/reset-password`);
      await page.getByRole('heading', { name: 'Open the link from your email' }).waitFor();
      expect(await page.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/aquaguard/forgot-password');
      expect({ notFound, noLink: await accessibilityViolations(page) }).toEqual({ notFound: [], noLink: [] });
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'plants no token in the cookie from a link followed from another site, and keeps the visitor\'s own',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await context.addCookies([{ name: 'reset_token', value: 'the-visitors-own-token', domain: 'localhost', path: '/pumpalarm/reset-password', httpOnly: true, sameSite: 'Strict' }]);
      await followFromAnotherSite(page, `${portalUrl}/pumpalarm/reset-password?token=planted-by-another-site`);
      await page.getByRole('heading', { name: 'Reset your PumpAlarm password' }).waitFor();
      expect(page.url()).toBe(`${portalUrl}/pumpalarm/reset-password?token=planted-by-another-site`);
      expect((await tokenCookieOf(context))?.value).toBe('the-visitors-own-token');
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'refuses a form posted from a page whose origin is null (a sandboxed frame) by a browser without Fetch Metadata',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const address = uniqueEmail('null-origin');
      const sent: Array<Record<string, string>> = [];
      const answers: Array<{ status: number; refused: boolean }> = [];
      // What an older browser sends: the same post without Sec-Fetch-* headers. The answer is read
      // here: the frame cannot show it, as the portal refuses to be framed.
      await context.route(`${portalUrl}/pumpalarm/forgot-password`, async (route) => {
        const headers = Object.fromEntries(Object.entries(await route.request().allHeaders()).filter(([name]) => !name.startsWith('sec-fetch-')));
        sent.push(headers);
        const response = await route.fetch({ headers });
        answers.push({ status: response.status(), refused: (await response.text()).includes('<h1>Form refused</h1>') });
        await route.fulfill({ response });
      });
      await page.goto(`${sesUrl}/`);
      const form = `<form method="post" action="${portalUrl}/pumpalarm/forgot-password"><input name="email" value="${address}"><button>Send</button></form>`;
      await page.setContent(`<iframe sandbox="allow-forms" srcdoc="${form.replaceAll('"', '&quot;')}"></iframe>`);
      const answered = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.frameLocator('iframe').getByRole('button', { name: 'Send' }).click();
      await answered;
      expect(sent).toEqual([expect.objectContaining({ origin: 'null' })]);
      expect(Object.keys(sent[0]!).filter((name) => name.startsWith('sec-fetch-'))).toEqual([]);
      expect(answers).toEqual([{ status: 403, refused: true }]);
      expect(await emailsTo(address)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'answers a reset_token cookie that does not decode as no link at all, never with a 500',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await context.addCookies([{ name: 'reset_token', value: '%E0%A4%A', domain: 'localhost', path: '/pumpalarm/reset-password' }]);
      const response = await page.goto(`${portalUrl}/pumpalarm/reset-password`);
      expect(response?.status()).toBe(400);
      await page.getByRole('heading', { name: 'Open the link from your email' }).waitFor();
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'makes the token cookie Secure when a proxy serves the portal over https',
    async () => {
      // A link that works, so the cookie stays once the page has verified it.
      const opened = async (context: BrowserContext) => {
        const page = await context.newPage();
        await page.goto(linkOf(await requestLink(page, uniqueEmail('secure-cookie'))));
        await page.getByRole('heading', { name: 'Choose a new PumpAlarm password' }).waitFor();
        return context;
      };
      const plain = await opened(await browser.newContext());
      const behindTls = await opened(await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-Proto': 'https' } }));
      expect({ plain: (await tokenCookieOf(plain))?.secure, behindTls: (await tokenCookieOf(behindTls))?.secure }).toEqual({ plain: false, behindTls: true });
      await Promise.all([plain.close(), behindTls.close()]);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
