import { TokenError, ValidationError } from '../../../lib/errors';
import { readToken } from '../../../lib/reset/read-token';
import { customerIdOfToken, hashToken } from '../../../lib/reset/token';
import { customerIdOf, linkTokenOf } from '../fakes';

/** A token as the service issues it: a 22-character customer id, a dot, a 43-character secret. */
const token = linkTokenOf(customerIdOf('pumpalarm', 'jane@example.com'), 'n'.repeat(43));
const [id, secret] = token.split('.') as [string, string];

const errorOf = (presented: string | undefined): unknown => {
  try {
    readToken({ Token: presented });
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('readToken', () => {
  it('reads the customer id and the hash from a token of our making', () => {
    expect(id).toHaveLength(22);
    expect(secret).toHaveLength(43);
    expect(readToken({ Token: token })).toEqual({ customerId: id, tokenHash: hashToken(token) });
  });

  it('reads a link copied with spaces around it as the token itself', () => {
    expect(readToken({ Token: `  ${token}\n` })).toEqual({ customerId: id, tokenHash: hashToken(token) });
  });

  it.each([undefined, '', '   ', '\t\n'])('answers a missing or blank token (%j) with NotEmpty on Token', (presented) => {
    const error = errorOf(presented);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      statusCode: 400,
      errorCode: 'NotEmpty',
      fieldErrors: [{ errorCode: 'NotEmpty', fieldName: 'Token', message: "'Token' must not be empty." }],
    });
  });

  it.each([
    ['an id one character short', `${id.slice(1)}.${secret}`],
    ['an id one character long', `A${id}.${secret}`],
    ['a secret one character short', `${id}.${secret.slice(1)}`],
    ['a secret one character long', `${id}.${secret}A`],
    ['no dot', `${id}${secret}`],
    ['two dots', `${id}..${secret}`],
    ['standard base64 characters', `${id.slice(0, -1)}+.${secret}`],
    ['a character outside base64url in the secret', `${id}.${secret.slice(0, -1)}=`],
    ['text before a valid token', `x ${token}`],
    ['text after a valid token', `${token} x`],
  ])('answers a token with %s with TokenNotFound (a 400), not a server error', (_case, presented) => {
    const error = errorOf(presented);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ statusCode: 400, errorCode: 'TokenNotFound' });
    expect(customerIdOfToken(presented)).toBeUndefined();
  });
});
