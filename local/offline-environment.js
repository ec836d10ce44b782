'use strict';
// serverless offline hands its functions only the AWS_* variables of its own environment. This
// local-only plugin passes on the local launcher's settings that only a local stack has, and only
// when running offline: `sls package` and `sls deploy` never see them.
//   LOG_FORMAT           `pretty` for `npm start`'s short log lines (lib/observability.ts)
//   LOCAL_PORTAL_ORIGIN  where the local portal listens, so reset links follow PORTAL_PORT (lib/config.ts)
//   CUSTOMER_ID_KEY      the keys themselves, to the functions that would read them from Secrets
//   ADDRESS_KEY          Manager when deployed (<NAME>_SECRET_ARN, dropped here): no AWS account
//                        locally (lib/config.ts keySource)
//   SEND_DELAY_QUEUE_URL the sender's delay queue on the local SQS server, in place of the
//                        CloudFormation reference to the deployed queue
const PASSED_ON = ['LOG_FORMAT', 'LOCAL_PORTAL_ORIGIN'];
const LOCAL_RESOURCES = ['SEND_DELAY_QUEUE_URL'];
const KEYS = ['CUSTOMER_ID_KEY', 'ADDRESS_KEY'];

class OfflineEnvironment {
  constructor(serverless) {
    this.hooks = {
      'before:offline:start:init': () => {
        const environment = (serverless.service.provider.environment ??= {});
        for (const name of PASSED_ON) if (process.env[name]) environment[name] = process.env[name];
        for (const name of serverless.service.getAllFunctions()) {
          const own = serverless.service.getFunction(name).environment ?? {};
          for (const resource of LOCAL_RESOURCES) if (resource in own) own[resource] = process.env[resource] ?? '';
          for (const key of KEYS) {
            if (!(`${key}_SECRET_ARN` in own)) continue;
            delete own[`${key}_SECRET_ARN`];
            own[key] = process.env[key] ?? '';
          }
        }
      },
    };
  }
}

module.exports = OfflineEnvironment;
