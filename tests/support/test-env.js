'use strict';
// Unit tests exercise failure paths on purpose; their log lines would only bury Jest's report.
// Tests that assert on logs spy on the logger directly.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.METRICS_DISABLED = 'true';
