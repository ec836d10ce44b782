import { GetSecretValueCommand, InternalServiceError, ResourceNotFoundException, SecretsManagerClient, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { readSecretString } from '../../../lib/adapters/secrets-manager';
import { DependencyUnavailableError } from '../../../lib/errors';

const secretsManager = mockClient(SecretsManagerClient);
const client = () => new SecretsManagerClient({ region: 'eu-west-1', maxAttempts: 1 });
const secretId = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:reset-customer-password/dev/customer-id-key-AbCdEf';

describe('readSecretString', () => {
  beforeEach(() => secretsManager.reset());

  it("asks for the secret's current version and returns its string", async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'the-key', VersionStages: ['AWSCURRENT'] });

    expect(await readSecretString(client(), secretId)).toBe('the-key');
    expect(secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([{ SecretId: secretId }]);
  });

  it('turns a throttled or failing service into a retryable 503', async () => {
    // Throttling is not modelled for Secrets Manager: the SDK throws its service exception under that name.
    const throttled = new SecretsManagerServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: {} });
    secretsManager.on(GetSecretValueCommand).rejectsOnce(throttled).rejectsOnce(new InternalServiceError({ message: 'An error occurred on the server side.', $metadata: {} }));
    await expect(readSecretString(client(), secretId)).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(readSecretString(client(), secretId)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it('lets a missing secret or one without a string value through as an unexpected failure', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }))
      .resolvesOnce({ SecretBinary: new Uint8Array([1]) });
    await expect(readSecretString(client(), secretId)).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(readSecretString(client(), secretId)).rejects.toThrow('The secret has no string value');
  });
});
