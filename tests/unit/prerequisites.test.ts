import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The check `npm start` and `npm test` run first (plain JavaScript, loaded as npm runs it).
const { missingPrerequisites, missingMessage, which } = require('../../scripts/prerequisites.js') as {
  missingPrerequisites(purpose: string, options?: { env?: NodeJS.ProcessEnv; probe?: Probe }): Missing[];
  missingMessage(purpose: string, missing: Missing[]): string;
  which(program: string, env?: NodeJS.ProcessEnv): string | undefined;
};
interface Probe {
  which(program: string): string | undefined;
  isExecutable(file: string): boolean;
}
interface Missing {
  readonly name: string;
  readonly missing: readonly string[];
}

const root = join(__dirname, '../..');

/** A machine with only `programs` on PATH and only `files` executable. */
const machine = (programs: readonly string[], files: readonly string[] = []): Probe => ({
  which: (program) => (programs.includes(program) ? `/usr/bin/${program}` : undefined),
  isExecutable: (file) => files.includes(file),
});
const check = (purpose: string, probe: Probe, env: NodeJS.ProcessEnv = {}) => missingPrerequisites(purpose, { env, probe });

describe('the prerequisite check', () => {
  it('finds nothing missing on a machine with Java, Mono and Chromium', () => {
    expect(check('test', machine(['java', 'mcs', 'mono'], ['/usr/bin/chromium']))).toEqual([]);
  });

  it('asks only for Java before npm start', () => {
    expect(check('start', machine(['java']))).toEqual([]);
    expect(check('start', machine([])).map((p) => p.missing)).toEqual([['java']]);
  });

  it('names every missing program of npm test, Mono\'s two commands apart', () => {
    const missing = check('test', machine(['mono']));
    expect(missing.map((p) => [p.name, p.missing])).toEqual([
      ['Java 17 or newer', ['java']],
      ['Mono', ['mcs']],
      ['Chromium', ['/usr/bin/chromium']],
    ]);
  });

  it('looks for Chromium where CHROMIUM_PATH says', () => {
    const chrome = '/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(check('test', machine(['java', 'mcs', 'mono'], [chrome]), { CHROMIUM_PATH: chrome })).toEqual([]);
    expect(check('test', machine(['java', 'mcs', 'mono'], ['/usr/bin/chromium']), { CHROMIUM_PATH: chrome })[0]?.missing).toEqual([chrome]);
  });

  it('says in one message what is missing and the commands that install all of it on Debian/Ubuntu and macOS', () => {
    const message = missingMessage('test', check('test', machine([])));
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(3);
    for (const program of ['java', 'mcs, mono', '/usr/bin/chromium']) expect(message).toContain(program);
    expect(message).toContain('Debian/Ubuntu: sudo apt-get install default-jre-headless mono-devel chromium\n');
    expect(message).toMatch(/macOS \(Homebrew\): brew install --cask temurin; brew install mono; brew install --cask chromium, then export CHROMIUM_PATH=\S+\n/);
    expect(missingMessage('start', check('start', machine([])))).toContain('Debian/Ubuntu: sudo apt-get install default-jre-headless\n');
  });

  it('refuses a purpose it does not know', () => {
    expect(() => check('bench', machine([]))).toThrow('unknown purpose "bench"');
  });
});

describe('which', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'which-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('finds an executable file on PATH, and not a file that cannot run', () => {
    writeFileSync(join(folder, 'mcs'), '#!/bin/sh\n');
    chmodSync(join(folder, 'mcs'), 0o755);
    writeFileSync(join(folder, 'mono'), 'not a program');
    chmodSync(join(folder, 'mono'), 0o644);
    const env = { PATH: ['/nonexistent', folder].join(':') };
    expect(which('mcs', env)).toBe(join(folder, 'mcs'));
    expect(which('mono', env)).toBeUndefined();
    expect(which('java', { PATH: '' })).toBeUndefined();
  });

  it('stops npm test before anything else when a program is missing, with the message, exit code 1', () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts/prerequisites.js'), 'test'], { env: { PATH: folder, CHROMIUM_PATH: join(folder, 'chromium') }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^npm test needs programs this machine does not have:\n {2}- Java 17 or newer \(java not on PATH\)/);
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toMatch(/^node scripts\/prerequisites\.js test && /);
    expect(scripts.start).toMatch(/^node scripts\/prerequisites\.js start && /);
  });
});
