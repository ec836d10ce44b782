'use strict';
// serverless offline hands its functions only the AWS_* variables of its own environment. This
// local-only plugin passes on the local launcher's settings that only a local stack has, and only
// when running offline: `sls package` and `sls deploy` never see them.
//   LOG_FORMAT           `pretty` for `npm start`'s short log lines (lib/observability.ts)
//   LOCAL_PORTAL_ORIGIN  where the local portal listens, so reset links follow PORTAL_PORT (lib/config.ts)
const PASSED_ON = ['LOG_FORMAT', 'LOCAL_PORTAL_ORIGIN'];

class OfflineEnvironment {
  constructor(serverless) {
    this.hooks = {
      'before:offline:start:init': () => {
        const environment = (serverless.service.provider.environment ??= {});
        for (const name of PASSED_ON) if (process.env[name]) environment[name] = process.env[name];
      },
    };
  }
}

module.exports = OfflineEnvironment;
