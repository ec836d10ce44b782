// The launcher `npm start` and the integration tests use (plain JavaScript, loaded as they load it).
const { offlineCommand } = require('../../scripts/local-stack.js') as {
  offlineCommand(env: NodeJS.ProcessEnv, environment: NodeJS.ProcessEnv): { args: string[]; env: NodeJS.ProcessEnv };
};

describe('offlineCommand', () => {
  it.each(['CUSTOMER_ID_KEY', 'ADDRESS_KEY'])('passes %s through the environment, never on the command line that ps shows', (name) => {
    const key = 'local-key-for-this-test-0123456789-0123456789';
    const given = offlineCommand({ [name]: key }, { AWS_REGION: 'eu-west-1' });
    expect(given.env).toMatchObject({ [name]: key, AWS_REGION: 'eu-west-1' });
    expect(given.args.join(' ')).not.toContain(key);

    const random = offlineCommand({}, {});
    expect(random.env[name]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(random.args.join(' ')).not.toContain(random.env[name]!);
  });

  it('lists the local portal by name next to CORS *, on PORTAL_PORT (8080 unless set), or the CORS_ALLOWED_ORIGINS given', () => {
    expect(offlineCommand({}, {}).args).toContain('corsAllowedOrigins=*,http://localhost:8080,http://127.0.0.1:8080');
    expect(offlineCommand({ PORTAL_PORT: '4410' }, {}).args).toContain('corsAllowedOrigins=*,http://localhost:4410,http://127.0.0.1:4410');
    expect(offlineCommand({ CORS_ALLOWED_ORIGINS: 'https://portal.example' }, {}).args).toContain('corsAllowedOrigins=https://portal.example');
  });
});
