import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { callAws } from './aws-errors';
import type { AddressSealer } from '../reset/sealed-address';
import type { ConsumeResult, RequestedLanguage, OutboxKind, OutboxMarker, ResetTokenRecord, TokenReader, TokenRedeemer, TokenRevoker } from '../ports';

/**
 * Partition key prefix of token items; other item kinds share the table under other prefixes (the
 * functions' IAM policies are scoped by them).
 */
export const TOKEN_KEY_PREFIX = 'token#';

/** The table's key for a customer's token item. */
export const tokenKey = (customerId: string): string => `${TOKEN_KEY_PREFIX}${customerId}`;

type Item = Record<string, AttributeValue>;

/** Longer Locale or Accept-Language values are cut: no browser sends one near it. */
const MAX_LANGUAGE_LENGTH = 256;

/**
 * A requested language's attributes under `names` (its Locale's, its Accept-Language's), as the
 * request asked, cut to {@link MAX_LANGUAGE_LENGTH}; what it did not ask is left out.
 */
function languageAttributes(language: RequestedLanguage, [localeName, acceptLanguageName]: readonly [string, string]): [string, string][] {
  const asked: [string, string | undefined][] = [
    [localeName, language.locale?.slice(0, MAX_LANGUAGE_LENGTH)],
    [acceptLanguageName, language.acceptLanguage?.slice(0, MAX_LANGUAGE_LENGTH)],
  ];
  return asked.filter((entry): entry is [string, string] => !!entry[1]);
}

const OUTBOX_KINDS: ReadonlySet<string> = new Set<OutboxKind>(['reset-password', 'password-changed']);

/**
 * A reset request's item (see {@link DynamoDbTokenStore} for the attributes), its email queued for the
 * sender: what ResetQueue writes in place of the mailbox's earlier item. `sealedAddress` is the
 * record's address sealed under the item's key (sealed-address.ts), 540 bytes for every address.
 */
export function resetItemOf(record: ResetTokenRecord, sealedAddress: Uint8Array): Record<string, AttributeValue> {
  return {
    pk: { S: tokenKey(record.customerId) },
    brand: { S: record.brand },
    address: { B: sealedAddress },
    nonce: { S: record.nonce },
    tokenHash: { S: record.tokenHash },
    ...Object.fromEntries(languageAttributes(record.language, ['locale', 'acceptLanguage']).map(([name, value]) => [name, { S: value }])),
    createdAt: { N: String(record.createdAt) },
    expiresAt: { N: String(record.expiresAt) },
    keyVersion: { S: record.keyVersion },
    outbox: { S: 'reset-password' },
  };
}

/**
 * Token items in DynamoDB: one item per customer mailbox, replaced whole by each request, so only the
 * newest link lives. Attributes: `brand`, `keyVersion` (S); `locale`, `acceptLanguage` (S, what the
 * reset request asked its email's language to be, when it asked); `nonce`, `tokenHash` (S,
 * base64url); `address` (B, the sealed address, sealed-address.ts); `createdAt`, `expiresAt`
 * (N, epoch seconds; `expiresAt` is the table's TTL attribute, and reads still check it, as TTL
 * deletion runs late); `outbox` (S) while an email waits for the sender; `handledAt`, `usedAt` (N);
 * `noticeLocale`, `noticeAcceptLanguage` (S), what a redeeming request asked its notice's language to be.
 * The sender's stream filter lets through images that carry `outbox` (serverless.yml), so the
 * sender's own mark, which removes it, starts nothing.
 *
 * Split by role (ports.ts): each function's bundle holds the calls it makes and no others. The
 * sealer is asked for at each call: its key comes from a secret the first request fetches.
 */
export class DynamoDbTokenReader implements TokenReader {
  constructor(
    protected readonly client: DynamoDBClient,
    protected readonly tableName: string,
    private readonly sealer: () => Promise<AddressSealer>,
  ) {}

  async findResetToken(customerId: string): Promise<ResetTokenRecord | undefined> {
    const result = await callAws('DynamoDB', this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: tokenKey(customerId) } }, ConsistentRead: true }),
    ));
    return this.fromItem(result.Item);
  }

  /** The record an item holds, its address opened; undefined for no item or one of another kind. */
  protected async fromItem(item: Item | undefined): Promise<ResetTokenRecord | undefined> {
    if (!item?.pk?.S?.startsWith(TOKEN_KEY_PREFIX) || !item.address?.B) return undefined;
    const customerId = item.pk.S.slice(TOKEN_KEY_PREFIX.length);
    const email = (await this.sealer()).open(customerId, item.address.B);
    const outbox = item.outbox?.S;
    const optional = (name: 'usedAt' | 'handledAt') => (item[name]?.N === undefined ? {} : { [name]: Number(item[name].N) });
    const noticeLanguage = { locale: item.noticeLocale?.S, acceptLanguage: item.noticeAcceptLanguage?.S };
    // An item written before the sender negotiated holds the chosen locale, which it chooses again.
    const language = { locale: item.locale?.S, acceptLanguage: item.acceptLanguage?.S };
    return {
      customerId,
      brand: item.brand?.S ?? '',
      email,
      nonce: item.nonce?.S ?? '',
      tokenHash: item.tokenHash?.S ?? '',
      language,
      createdAt: Number(item.createdAt?.N),
      expiresAt: Number(item.expiresAt?.N),
      keyVersion: item.keyVersion?.S ?? '',
      ...(outbox !== undefined && OUTBOX_KINDS.has(outbox) ? { outbox: outbox as OutboxKind } : {}),
      ...optional('usedAt'),
      ...optional('handledAt'),
      ...(item.usedAt ? { noticeLanguage } : {}),
    };
  }
}

/** Complete's redeem, on top of the read. */
export class DynamoDbTokenRedeemer extends DynamoDbTokenReader implements TokenRedeemer {
  async consumeResetToken(customerId: string, tokenHash: string, nowSeconds: number, keyVersion: string, language: RequestedLanguage): Promise<ConsumeResult> {
    const set = languageAttributes(language, ['noticeLocale', 'noticeAcceptLanguage']);
    try {
      const result = await callAws('DynamoDB', this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: tokenKey(customerId) } },
          UpdateExpression: `SET usedAt = :now, outbox = :notice${set.map(([name]) => `, ${name} = :${name}`).join('')}`,
          // attribute_exists(address): an item of the model before sealed addresses is no link of ours.
          ConditionExpression: 'tokenHash = :hash AND keyVersion = :keyVersion AND attribute_exists(address) AND attribute_not_exists(usedAt) AND expiresAt > :now',
          ExpressionAttributeValues: {
            ':hash': { S: tokenHash },
            ':keyVersion': { S: keyVersion },
            ':now': { N: String(nowSeconds) },
            ':notice': { S: 'password-changed' },
            ...Object.fromEntries(set.map(([name, value]) => [`:${name}`, { S: value }])),
          },
          ReturnValues: 'ALL_NEW',
          // The item as it stood when the condition failed tells expired from used from replaced.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ));
      return { consumed: true, record: (await this.fromItem(result.Attributes))! };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { consumed: false, record: await this.fromItem(error.Item) };
      throw error;
    }
  }
}

/** The sender's mark, on top of the read. */
export class DynamoDbOutbox extends DynamoDbTokenReader implements OutboxMarker {
  async markEmailHandled(customerId: string, nonce: string, kind: OutboxKind, nowSeconds: number, expiresAt?: number): Promise<boolean> {
    try {
      await callAws('DynamoDB', this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: tokenKey(customerId) } },
          UpdateExpression: `SET handledAt = :now${expiresAt === undefined ? '' : ', expiresAt = :expiresAt'} REMOVE outbox`,
          ConditionExpression: 'nonce = :nonce AND outbox = :kind',
          ExpressionAttributeValues: {
            ':now': { N: String(nowSeconds) },
            ':nonce': { S: nonce },
            ':kind': { S: kind },
            ...(expiresAt === undefined ? {} : { ':expiresAt': { N: String(expiresAt) } }),
          },
        }),
      ));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/** Revoke's conditional delete: it reads no item, so it holds no address key. */
export class DynamoDbTokenRevoker implements TokenRevoker {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /**
   * Deletes the mailbox's item if it holds a live token (one DeleteItem, conditional). Deleted rather
   * than marked: the sealed address leaves the table at once instead of at the TTL, and verify,
   * complete and the sender see what a replaced link shows (no item: `TokenNotFound`, and a queued
   * email `superseded`, never sent) without a revoked state for each to learn. A used item stays, with
   * its queued "password changed" notice, and reads as `TokenUsed`; so does an item of the earlier
   * model, without a sealed address, which complete refuses anyway (left to TTL, not counted).
   */
  async revokeResetTokens(customerId: string, keyVersion: string, nowSeconds: number): Promise<number> {
    try {
      await callAws('DynamoDB', this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: tokenKey(customerId) } },
          ConditionExpression: 'attribute_exists(tokenHash) AND keyVersion = :keyVersion AND attribute_exists(address) AND attribute_not_exists(usedAt) AND expiresAt > :now',
          ExpressionAttributeValues: { ':keyVersion': { S: keyVersion }, ':now': { N: String(nowSeconds) } },
        }),
      ));
      return 1;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 0;
      throw error;
    }
  }
}
