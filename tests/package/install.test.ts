import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm ci` must work on every laptop a developer may have (macOS on arm64 and x64, Linux on arm64
 * and x64, Windows), so nothing the install requires may be tied to one operating system or CPU.
 * Packages built for one platform belong in optionalDependencies, where npm skips the ones that do
 * not fit (esbuild's and swc's binaries are such).
 */
const root = join(__dirname, '../..');

interface LockedPackage {
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly optional?: boolean;
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };

/** Every platform the README's two commands are meant to work on, as process.platform and process.arch name them. */
const PLATFORMS = [
  ['darwin', 'arm64'],
  ['darwin', 'x64'],
  ['linux', 'arm64'],
  ['linux', 'x64'],
  ['win32', 'x64'],
] as const;

describe('npm ci on any platform', () => {
  it('locks no required package to one operating system or CPU', () => {
    const bound = Object.entries(lock.packages)
      .filter(([, entry]) => !entry.optional && (entry.os !== undefined || entry.cpu !== undefined))
      .map(([path, entry]) => `${path} (os ${entry.os?.join(',') ?? 'any'}, cpu ${entry.cpu?.join(',') ?? 'any'})`);
    expect(bound).toEqual([]);
  });

  it.each(PLATFORMS)('installs the lockfile on %s %s', (platform, arch) => {
    // A dry run resolves the whole tree from the lockfile and checks each package's os and cpu
    // against process.platform and process.arch, which the shim sets; it downloads nothing.
    const folder = mkdtempSync(join(tmpdir(), 'install-check-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(root, file), join(folder, file));
      const shim = join(__dirname, 'support/platform-shim.js');
      const run = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
        cwd: folder,
        env: { ...process.env, NODE_OPTIONS: `--require ${shim}`, SHIM_PLATFORM: platform, SHIM_ARCH: arch },
        encoding: 'utf8',
      });
      expect({ status: run.status, errors: run.stderr.split('\n').filter((line) => line.startsWith('npm error')) }).toEqual({ status: 0, errors: [] });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
