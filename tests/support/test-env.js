'use strict';
// Unit tests exercise failure paths on purpose; their log lines would only bury Jest's report.
// Tests that assert on logs replace the sink they are written to (logSink in lib/observability.ts).
process.env.LOG_LEVEL = 'SILENT';
