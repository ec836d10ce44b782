import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { callAws } from './aws-errors';

/**
 * The current string value of a Secrets Manager secret (GetSecretValue, version AWSCURRENT). The
 * secret's resource policy lets only the reading function's role call this (see docs/security.md). A
 * throttled or failing call is a 503 (aws-errors.ts); a secret that is missing, binary or not
 * readable goes on as a 500.
 */
export async function readSecretString(client: SecretsManagerClient, secretId: string): Promise<string> {
  const { SecretString } = await callAws('SecretsManager', client.send(new GetSecretValueCommand({ SecretId: secretId })));
  if (!SecretString) throw new Error('The secret has no string value');
  return SecretString;
}
