'use strict';
// Loaded with `node --require` by tests/package/install.test.ts: makes npm believe it runs on the
// operating system and CPU named by SHIM_PLATFORM and SHIM_ARCH (process.platform and process.arch
// values: darwin, linux, win32; arm64, x64). npm's own `--os`/`--cpu` flags apply to optional
// packages only, so they cannot show a required package bound to one platform; this can.
for (const [key, variable] of [['platform', 'SHIM_PLATFORM'], ['arch', 'SHIM_ARCH']]) {
  const value = process.env[variable];
  if (value) Object.defineProperty(process, key, { value, enumerable: true });
}
