'use strict';
// `node scripts/prerequisites.js start|test`: run first by `npm start` and `npm test` (package.json),
// before they build or start anything. Checks the programs outside npm they will need and, when
// any is missing, stops with one message that names every missing one and the commands that
// install them on Debian/Ubuntu and on macOS (Homebrew). `npm start` needs Java only; `npm test`
// needs all three.
const fs = require('node:fs');
const path = require('node:path');

/** Where the browser tests look for Chromium unless CHROMIUM_PATH says otherwise (tests/integration/portal.test.ts). */
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * The programs, each with what needs it and how to install it. `programs` are looked up on PATH;
 * Chromium is a file (CHROMIUM_PATH, else /usr/bin/chromium), since playwright-core is given its
 * path rather than finding it.
 */
const PREREQUISITES = [
  {
    name: 'Java 17 or newer',
    programs: ['java'],
    why: 'DynamoDB Local runs on it',
    debian: 'default-jre-headless',
    macos: 'brew install --cask temurin',
    neededBy: ['start', 'test'],
  },
  {
    name: 'Mono',
    programs: ['mcs', 'mono'],
    why: "tests read the service's XML with .NET's DataContractSerializer",
    debian: 'mono-devel',
    macos: 'brew install mono',
    neededBy: ['test'],
  },
  {
    name: 'Chromium',
    file: (env) => env.CHROMIUM_PATH || DEFAULT_CHROMIUM,
    why: "the portal's browser tests drive it",
    debian: 'chromium',
    macos: 'brew install --cask chromium, then export CHROMIUM_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium',
    neededBy: ['test'],
  },
];

/**
 * The full path of `program` in the folders of `env.PATH` (with Windows' PATHEXT endings), or
 * undefined when none holds an executable file of that name.
 */
function which(program, env = process.env) {
  const endings = process.platform === 'win32' ? (env.PATHEXT || '.EXE;.CMD;.BAT').split(';') : [''];
  for (const folder of (env.PATH || '').split(path.delimiter).filter(Boolean)) {
    for (const ending of endings) {
      const candidate = path.join(folder, program + ending);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Whether `file` is a file this process may execute. */
function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * What `purpose` ('start' or 'test') needs and cannot find: one entry per prerequisite, with the
 * missing programs (or the Chromium path looked at) in `missing`. `probe.which(program)` finds a
 * program on PATH, `probe.isExecutable(file)` checks a file (both replaceable in tests).
 */
function missingPrerequisites(purpose, { env = process.env, probe = { which: (program) => which(program, env), isExecutable } } = {}) {
  if (!['start', 'test'].includes(purpose)) throw new Error(`unknown purpose "${purpose}": start or test`);
  const missing = [];
  for (const prerequisite of PREREQUISITES.filter((p) => p.neededBy.includes(purpose))) {
    const absent = prerequisite.file ? [prerequisite.file(env)].filter((file) => !probe.isExecutable(file)) : prerequisite.programs.filter((program) => !probe.which(program));
    if (absent.length > 0) missing.push({ ...prerequisite, missing: absent });
  }
  return missing;
}

/** The one message that names every missing program and how to install them all, on two lines per system. */
function missingMessage(purpose, missing) {
  const lines = [`npm ${purpose} needs programs this machine does not have:`];
  for (const p of missing) lines.push(`  - ${p.name} (${p.missing.join(', ')}${p.file ? ' not found; CHROMIUM_PATH may name another path' : ' not on PATH'}): ${p.why}`);
  lines.push('Install them:');
  lines.push(`  Debian/Ubuntu: sudo apt-get install ${missing.map((p) => p.debian).join(' ')}`);
  lines.push(`  macOS (Homebrew): ${missing.map((p) => p.macos).join('; ')}`);
  return `${lines.join('\n')}\n`;
}

module.exports = { missingPrerequisites, missingMessage, which };

if (require.main === module) {
  const purpose = process.argv[2];
  const missing = missingPrerequisites(purpose);
  if (missing.length > 0) {
    process.stderr.write(missingMessage(purpose, missing));
    process.exitCode = 1;
  }
}
