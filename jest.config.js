'use strict';
// Projects as in aws-samples/serverless-test-samples: unit tests (no network, fakes for ports), the
// packaged CloudFormation template, and integration tests (HTTP against the local stack, which their
// global setup starts and stops).
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest'],
    // Email templates are bundled as strings by esbuild's text loader; this mirrors it.
    '\\.(html|txt)$': '<rootDir>/tests/support/text-transform.js',
  },
  moduleFileExtensions: ['ts', 'js', 'json', 'html', 'txt'],
  // A mutation run's sandboxes are whole copies of the project: not modules of this one.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};

module.exports = {
  // Integration tests share one stack and assert on its whole table and inbox: run files one by one.
  maxWorkers: 1,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'], setupFiles: ['<rootDir>/tests/support/test-env.js'] },
    // `sls package` run as a user would, with no AWS credentials; the template is what gets deployed.
    { ...shared, displayName: 'package', testMatch: ['<rootDir>/tests/package/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/integration/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/integration/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/support/integration-timeout.js'],
      slowTestThreshold: 20,
    },
  ],
};
