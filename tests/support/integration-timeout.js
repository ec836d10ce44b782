'use strict';
// HTTP through the emulated stack on a shared 2-core machine takes seconds, not milliseconds. Jest 30
// reads `testTimeout` from the global configuration only (a project's own is ignored), so the
// integration project sets its timeout here.
jest.setTimeout(30_000);
