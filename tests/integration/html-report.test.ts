import { chromium, type Browser, type Page } from 'playwright-core';
import { uniqueEmail } from './support/http';
import { emailsTo } from './support/inbox';
import { apiUrl, portalUrl } from './support/stack';

/**
 * The HTML report in a real browser (Debian's chromium): what a browser gets when a page's form posts
 * to an operation. The page's own style applies under its Content-Security-Policy, nothing is refused
 * by it, and no page can frame the report.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
});

/**
 * Opens a page with a form that posts `fields` to `path` of the service, into `target` (`_self` or
 * the page's frame). The browser is handed the page as if the local portal served it: that origin is
 * one the test stack lists (a form posted from any other site is refused with 403 before it is read),
 * and the portal's own pages allow forms to post only to the portal. `origin` may name another origin
 * to serve the page from.
 */
async function openFormPage(page: Page, path: string, fields: Record<string, string>, target = '_self', origin = portalUrl): Promise<void> {
  const inputs = Object.entries(fields).map(([name, value]) => `<input name="${name}" value="${value}">`);
  const html = `<!DOCTYPE html><form method="post" action="${apiUrl}${path}" target="${target}">${inputs.join('')}<button>Send</button></form><iframe name="frame"></iframe>`;
  await page.route(`${origin}/form`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${origin}/form`);
}

describe('the HTML report', () => {
  it("is what a browser's form post gets: the response DTO as a table, styled under the page's strict policy", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/i.test(message.text())) refused.push(message.text());
    });
    await openFormPage(page, '/ResetCustomerPassword', { Email: '' });

    const [response] = await Promise.all([page.waitForResponse(`${apiUrl}/ResetCustomerPassword`), page.click('button')]);
    await page.waitForURL(`${apiUrl}/ResetCustomerPassword`);

    expect(response.status()).toBe(400);
    expect(await page.title()).toBe('ResetCustomerPasswordResponse');
    expect(await page.textContent('h1')).toBe('ResetCustomerPasswordResponse');
    expect(await page.textContent('body')).toContain("'Email' must not be empty.");
    expect(await page.evaluate('getComputedStyle(document.querySelector("table")).borderCollapse')).toBe('collapse');
    expect(refused).toEqual([]);
    await context.close();
  });

  it('refuses to be framed', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = uniqueEmail('framed');
    // From the service's own origin: nothing else could be less suspect, and Chromium keeps a page of
    // one local origin from framing another (local network access checks) before any request is made.
    await openFormPage(page, '/ResetCustomerPassword', { Email: email }, 'frame', apiUrl);
    const frame = page.frame({ name: 'frame' })!;

    const [navigation] = await Promise.allSettled([frame.waitForNavigation(), page.click('button')]);

    // The reset was answered (its email sent), but Chromium refused to show the answer in the frame.
    expect(navigation.status === 'rejected' && String(navigation.reason)).toMatch(/ERR_BLOCKED_BY_RESPONSE/);
    expect(await emailsTo(email)).toHaveLength(1);
    expect(frame.url()).toMatch(/^chrome-error:/);
    await context.close();
  });
});
