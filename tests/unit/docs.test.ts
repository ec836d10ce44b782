import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import devBrandFile from '../../config/brands.dev.json';
import { renderEmail } from '../../lib/email/render';
import { portalBrandsOf } from '../../local/portal/brands';
import { donePage, indexPage } from '../../local/portal/pages';
import { devBrands } from './fakes';

/**
 * Every relative link in README.md and docs/ must open something: a file or folder of the
 * repository and, for a `#fragment` into a Markdown file, one of its headings (GitHub's anchors).
 * Links in code blocks and inline code are not links.
 */
const root = join(__dirname, '../..');
const markdownFiles = ['README.md', ...readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => join('docs', file))];

/** The text a reader sees as Markdown, without fenced code blocks and inline code spans. */
const withoutCode = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchorsOf(file: string): Set<string> {
  const headings = readFileSync(file, 'utf8')
    .replace(/^```[\s\S]*?^```/gm, '')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line));
  return new Set(headings.map((line) => anchorOf(line.replace(/^#+ /, '').replace(/`/g, ''))));
}

/** Each relative link target of a Markdown file: `[text](target)` and `![alt](target)`. */
function relativeLinks(file: string): string[] {
  const targets = [...withoutCode(readFileSync(join(root, file), 'utf8')).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe('links in README.md and docs/', () => {
  it('finds the Markdown files and their links', () => {
    expect(markdownFiles).toEqual(expect.arrayContaining(['README.md', 'docs/performance.md', 'docs/deploy.md']));
    expect(relativeLinks('docs/performance.md').length).toBeGreaterThan(0);
  });

  it.each(markdownFiles)('%s: every relative link opens a file of the repository, and a heading where it names one', (file) => {
    const broken: string[] = [];
    for (const target of relativeLinks(file)) {
      const [path = '', fragment] = target.split('#', 2);
      const resolved = path === '' ? join(root, file) : join(root, dirname(file), decodeURIComponent(path));
      if (!existsSync(resolved) || !relative(root, resolved) || relative(root, resolved).startsWith('..')) broken.push(target);
      else if (fragment !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(fragment)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});

describe('docs/deploy.md, Cost', () => {
  it("gives SES's share of the bill as its own table computes it", () => {
    const deploy = readFileSync(join(root, 'docs/deploy.md'), 'utf8');
    const header = deploy.split('\n').find((line) => line.startsWith('| reset requests a month |'))!;
    const columns = header.split('|').map((cell) => cell.trim());
    const dollars = (cell: string) => Number(cell.replace(/[*$,]/g, ''));
    const share = (requests: string): number => {
      const cells = deploy.split('\n').find((line) => line.startsWith(`| ${requests} |`))!.split('|').map((cell) => cell.trim());
      return Math.round((100 * dollars(cells[columns.indexOf('SES')]!)) / dollars(cells[columns.indexOf('**total**')]!));
    };
    const stated = /SES is most of the bill \((\d+)% at 100,000, (\d+)% at 10 million\)/.exec(deploy);
    expect(stated?.slice(1).map(Number)).toEqual([share('100,000'), share('10,000,000')]);
  });
});

describe('the "password changed" notice, as the README, the email and the portal tell it', () => {
  it('has the subject the README quotes, links the portal whose first page leads to the forgot page, and is the email the done page mentions', () => {
    const pumpAlarm = devBrands.findBrand('PumpAlarm')!;
    const notice = renderEmail(pumpAlarm, 'en', { kind: 'password-changed', usedAt: Date.UTC(2026, 11, 7, 3, 5) / 1000 });
    const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const portal = new URL(pumpAlarm.resetUrl).origin;
    expect(notice.subject).toBe('Your PumpAlarm password reset link was used');
    expect(readme).toContain(`an email says the link was used ("${notice.subject}"), with the portal's address, <${portal}>, to choose a new password from`);
    expect(notice.text).toContain(`choose a new PumpAlarm password at ${portal} `);
    const [brand] = portalBrandsOf(devBrandFile);
    expect(indexPage([brand!])).toContain(`<a href="${brand!.forgotPath}">PumpAlarm: forgot your password?</a>`);
    expect(donePage(brand!)).toContain('We have also emailed you that your reset link was used.');
  });
});
