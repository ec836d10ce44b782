'use strict';
// DynamoDB Local ignores TimeToLiveSpecification when tables are created from `resources` (and
// serverless-dynamodb deletes it from the definitions as it migrates), so this local-only plugin
// records the TTL settings first and turns them on once the tables exist.
const { DynamoDBClient, UpdateTimeToLiveCommand } = require('@aws-sdk/client-dynamodb');

class EnableLocalTtl {
  constructor(serverless, options, { log }) {
    this.serverless = serverless;
    this.log = log;
    this.ttlByTable = [];
    this.hooks = {
      initialize: () => this.recordTtlSettings(),
      // Registered after serverless-dynamodb, so this runs once its tables are migrated.
      'before:offline:start:init': () => this.enableTtl(),
    };
  }

  recordTtlSettings() {
    const resources = this.serverless.service.resources?.Resources ?? {};
    for (const resource of Object.values(resources)) {
      const ttl = resource.Type === 'AWS::DynamoDB::Table' && resource.Properties.TimeToLiveSpecification;
      if (ttl) this.ttlByTable.push({ TableName: resource.Properties.TableName, TimeToLiveSpecification: { ...ttl } });
    }
  }

  async enableTtl() {
    const { port } = this.serverless.service.custom['serverless-dynamodb'].start;
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'localhost',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      for (const table of this.ttlByTable) {
        await client.send(new UpdateTimeToLiveCommand(table));
        this.log.notice(`DynamoDB - TTL enabled on ${table.TableName}.${table.TimeToLiveSpecification.AttributeName}`);
      }
    } finally {
      client.destroy();
    }
  }
}

module.exports = EnableLocalTtl;
