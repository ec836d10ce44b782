import { SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { cachedUntilFailure } from '../../lib/cached-until-failure';

describe('cachedUntilFailure', () => {
  it('loads once and shares the result with every later call, concurrent ones included', async () => {
    const load = jest.fn(async () => 'key');
    const get = cachedUntilFailure(load);

    expect(await Promise.all([get(), get()])).toEqual(['key', 'key']);
    expect(await get()).toBe('key');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('gives a failure to the calls that awaited it, and loads again on the next call', async () => {
    const throttled = new SecretsManagerServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: {} });
    const load = jest.fn<Promise<string>, []>().mockRejectedValueOnce(throttled).mockResolvedValueOnce('key');
    const get = cachedUntilFailure(load);

    await expect(get()).rejects.toBe(throttled);
    expect(await get()).toBe('key');
    expect(await get()).toBe('key');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
