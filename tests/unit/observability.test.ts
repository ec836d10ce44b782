import { DependencyUnavailableError } from '../../lib/errors';
import { describeError, maskEmail, requestRecord } from '../../lib/observability';

describe('maskEmail', () => {
  it('keeps the first character and the domain only', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskEmail('not-an-address')).toBe('***');
  });
});

describe('describeError', () => {
  it('masks every address in an error message (SES names unverified recipients)', () => {
    const error = Object.assign(new Error('Email address is not verified: jane@example.com, no-reply@pumpalarm.com'), { name: 'MessageRejected' });
    expect(describeError(error)).toEqual({
      errorName: 'MessageRejected',
      errorMessage: 'Email address is not verified: j***@example.com, n***@pumpalarm.com',
    });
  });

  it("names the service's own errors by their code, which minifying cannot rename, and describes their cause", () => {
    const throttled = Object.assign(new Error('Maximum sending rate exceeded for jane@example.com'), { name: 'Throttling' });
    expect(describeError(new DependencyUnavailableError('SES', throttled))).toEqual({
      errorName: 'ServiceUnavailable',
      errorMessage: 'The service is temporarily unavailable. Please try again shortly.',
      causeName: 'Throttling',
      causeMessage: 'Maximum sending rate exceeded for j***@example.com',
    });
  });
});

describe('requestRecord', () => {
  afterEach(() => delete process.env._X_AMZN_TRACE_ID);

  it("is a CloudWatch embedded-metric document carrying the request's log fields, with the brand set when a brand is named", () => {
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const fields = { operation: 'ResetCustomerPasswordRequest', status: 200, brand: 'AquaGuard', email: 'j***@example.com', errorCode: undefined };
    expect(JSON.parse(requestRecord(fields, ['EmailsSent'], 1_700_000_000_000))).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'ResetCustomerPassword',
            Dimensions: [['service'], ['service', 'brand']],
            Metrics: [
              { Name: 'Requests', Unit: 'Count' },
              { Name: 'EmailsSent', Unit: 'Count' },
            ],
          },
        ],
      },
      level: 'INFO',
      message: 'request',
      timestamp: '2023-11-14T22:13:20.000Z',
      service: 'reset-customer-password',
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      operation: 'ResetCustomerPasswordRequest',
      status: 200,
      brand: 'AquaGuard',
      email: 'j***@example.com',
      Requests: 1,
      EmailsSent: 1,
    });
  });

  it('counts under the service set alone when no brand is named, and never lets a field overwrite a count', () => {
    const record = JSON.parse(requestRecord({ operation: 'none', Requests: 5 }, ['ServerErrors'], 0)) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Dimensions: unknown }> } };
    expect(record._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
    expect([record.Requests, record.ServerErrors, record.xray_trace_id]).toEqual([1, 1, undefined]);
  });
});

/** A fresh copy of the module under the given environment, with the lines it writes captured. */
function moduleUnder(env: { LOG_LEVEL?: string; LOG_FORMAT?: string }) {
  const lines: string[] = [];
  const saved = { ...process.env };
  for (const name of ['LOG_LEVEL', 'LOG_FORMAT'] as const) {
    const value = env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  let module!: typeof import('../../lib/observability');
  jest.isolateModules(() => {
    module = jest.requireActual<typeof import('../../lib/observability')>('../../lib/observability');
  });
  process.env = saved;
  module.logSink.write = (line) => void lines.push(line);
  return { ...module, lines };
}

describe('logger', () => {
  /** The module under a LOG_LEVEL, its lines parsed as JSON. */
  function loggerUnder(level: string | undefined) {
    const module = moduleUnder(level === undefined ? {} : { LOG_LEVEL: level });
    const lines: Array<Record<string, unknown>> = [];
    module.logSink.write = (line) => void lines.push(JSON.parse(line) as Record<string, unknown>);
    return { ...module, lines };
  }

  it('writes lines at or above LOG_LEVEL as JSON with the level, message, time and service', () => {
    const { logger, lines } = loggerUnder('error');
    logger.warn('dropped');
    logger.error('request failed', { errorName: 'Boom' });
    expect(lines.map(({ timestamp, ...rest }) => [typeof timestamp, rest])).toEqual([
      ['string', { level: 'ERROR', message: 'request failed', service: 'reset-customer-password', errorName: 'Boom' }],
    ]);
  });

  it('logs from INFO up when LOG_LEVEL is unset or unknown, so a typo does not silence a function', () => {
    for (const level of [undefined, 'verbose']) {
      const { logger, lines } = loggerUnder(level);
      logger.warn('token of a brand no longer configured', { brand: 'Gone' });
      expect(lines.map((line) => [line.level, line.message, line.brand])).toEqual([['WARN', 'token of a brand no longer configured', 'Gone']]);
    }
  });

  it('writes the request line whatever the level, as it carries the metrics', () => {
    const { writeRequestRecord, lines } = loggerUnder('ERROR');
    writeRequestRecord({ operation: 'metadata' }, []);
    expect(lines.map((line) => [line.message, line.Requests])).toEqual([['request', 1]]);
  });
});

describe('LOG_FORMAT', () => {
  const fields = { operation: 'ResetCustomerPasswordRequest', outcome: 'ok', status: 200, latencyMs: 8.25, requestId: 'r-1', brand: 'PumpAlarm', email: 'j***@example.com', result: 'sent' };

  it('pretty: one short line per request with time, operation, outcome, status, latency, brand and masked address', () => {
    const { writeRequestRecord, lines } = moduleUnder({ LOG_FORMAT: 'pretty' });
    writeRequestRecord(fields, ['EmailsSent']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} ResetCustomerPasswordRequest ok 200 8\.25ms PumpAlarm j\*\*\*@example\.com sent$/);
  });

  it('pretty: a rejected request shows its error code, and diagnostic lines are short too', () => {
    const { writeRequestRecord, logger, lines } = moduleUnder({ LOG_FORMAT: 'pretty' });
    writeRequestRecord({ operation: 'CompleteCustomerPasswordResetRequest', outcome: 'rejected', status: 400, errorCode: 'TokenUsed', latencyMs: 3 }, []);
    logger.error('request failed', { errorName: 'ServiceUnavailable', brand: undefined });
    expect(lines.map((line) => line.slice(13))).toEqual(['CompleteCustomerPasswordResetRequest rejected 400 3ms TokenUsed', 'ERROR request failed errorName=ServiceUnavailable']);
  });

  it('unset (deployed): the request line is the JSON document with its EMF metrics', () => {
    const { writeRequestRecord, lines } = moduleUnder({});
    writeRequestRecord(fields, ['EmailsSent']);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ message: 'request', operation: 'ResetCustomerPasswordRequest', status: 200, brand: 'PumpAlarm', Requests: 1, EmailsSent: 1 });
    expect(record._aws).toBeDefined();
  });
});
