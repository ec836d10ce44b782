/**
 * The request and response DTOs of every operation, in one place. Decoders, encoders and the
 * route table read these definitions, so the wire format cannot drift from the code.
 */

/** DataContract namespace of the Registrar DTOs (from the old service's metadata page). */
export const DTO_NAMESPACE = 'http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration';
/** Namespace of ServiceStack's own types: ResponseStatus, ResponseError, ErrorResponse. */
export const SERVICESTACK_NAMESPACE = 'http://schemas.servicestack.net/types';

/**
 * The .NET type of a member, as ServiceStack's metadata names it. `string` and `DateTime` travel as
 * JSON strings, `DateTime` as an ISO 8601 UTC timestamp (xs:dateTime in XML); `int` (System.Int32)
 * as a JSON number (xs:int in XML).
 */
export type FieldType = 'string' | 'DateTime' | 'int';

export interface FieldSpec {
  readonly name: string;
  /**
   * Whether the member is always there: the request validator refuses a request without it. Every
   * response member is `false`, because an error response leaves them all empty; generated types
   * declare such members nullable (`DateTime?` in C#, optional in TypeScript).
   */
  readonly required: boolean;
  readonly description: string;
  /** `string` unless said otherwise. */
  readonly type?: FieldType;
}

/** What the encoders need to write a response document. */
export interface ResponseShape {
  readonly responseName: string;
  /** Response members other than ResponseStatus, in the order the JSON encoder writes them. */
  readonly responseFields: readonly FieldSpec[];
  /** XML namespace of the response; the DTO namespace unless said otherwise. */
  readonly namespace?: string;
}

export interface OperationSpec extends ResponseShape {
  readonly requestName: string;
  /** The custom route, without format ending. */
  readonly route: string;
  readonly description: string;
  /** Request members; the decoders read only these (anything else is ignored, as ServiceStack does). */
  readonly requestFields: readonly FieldSpec[];
  /** Whether API Gateway asks for the portal's API key (`x-api-key`) on a deployed stage. */
  readonly requiresApiKey: boolean;
  /** Whether the operation counts requests against the brand's rate limits (and so may answer 429). */
  readonly rateLimited?: boolean;
  /** Whether the operation reads a reset token (and so may answer 400 TokenNotFound, TokenExpired or TokenUsed). */
  readonly readsToken?: boolean;
}

/** The decoded request: each declared field's value, or undefined when absent or null. */
export type RequestDto = Readonly<Record<string, string | undefined>>;

/** Response members other than ResponseStatus; undefined members are omitted / written as nil. */
export type ResponseMembers = Readonly<Record<string, string | number | undefined>>;

/**
 * Picks an operation's fields out of decoded name/value pairs, matching names ignoring case (as
 * ServiceStack does for JSON, forms and query strings). Unknown names are ignored. A field that
 * arrives more than once, with the same name or in another case, takes the LAST value: the one rule
 * of every format (docs/api.md, "A field given twice"). It is what ServiceStack.Text does with JSON
 * and what API Gateway does with a repeated query parameter; ServiceStack's own form and query
 * reader keeps the first instead (`GetRequestParams` renames repeats `Name#1`). `read` turns a raw
 * value into the field's text, or undefined for "absent".
 */
export function pickRequestFields(
  entries: Iterable<readonly [string, unknown]>,
  operation: OperationSpec,
  read: (value: unknown, field: FieldSpec) => string | undefined,
): Record<string, string | undefined> {
  const byLowerName = new Map<string, unknown>();
  for (const [name, value] of entries) byLowerName.set(name.toLowerCase(), value);
  const dto: Record<string, string | undefined> = {};
  for (const field of operation.requestFields) {
    const value = read(byLowerName.get(field.name.toLowerCase()), field);
    if (value !== undefined) dto[field.name] = value;
  }
  return dto;
}

/** ServiceStack's generic error response, for requests that reach no operation (404). */
export const errorResponse: ResponseShape = { responseName: 'ErrorResponse', responseFields: [], namespace: SERVICESTACK_NAMESPACE };

const localeField: FieldSpec = {
  name: 'Locale',
  required: false,
  description: "Language of the emails (e.g. 'de'); else Accept-Language, else the brand's default",
};
const tokenField: FieldSpec = { name: 'Token', required: true, description: 'The token from the reset link' };
/** The customer, as the old service's request named it (its metadata page's words). */
const customerFields: readonly FieldSpec[] = [
  { name: 'Email', required: true, description: 'Customers Email Address' },
  { name: 'CustomerBrandName', required: false, description: 'BrandName associated with the customer' },
];

export const resetCustomerPassword = {
  requestName: 'ResetCustomerPasswordRequest',
  responseName: 'ResetCustomerPasswordResponse',
  route: '/ResetCustomerPassword',
  description: 'Customer Portal can use this to reset a customers password',
  requestFields: [...customerFields, localeField],
  responseFields: [],
  requiresApiKey: false,
  rateLimited: true,
} as const satisfies OperationSpec;

export const verifyCustomerPasswordResetToken = {
  requestName: 'VerifyCustomerPasswordResetTokenRequest',
  responseName: 'VerifyCustomerPasswordResetTokenResponse',
  route: '/VerifyCustomerPasswordResetToken',
  description: 'Customer Portal can use this to check a reset link before showing the new-password form; it does not use the token up',
  requestFields: [tokenField],
  requiresApiKey: true,
  readsToken: true,
  responseFields: [
    { name: 'CustomerBrandName', required: false, description: 'The brand the link belongs to' },
    { name: 'MaskedEmail', required: false, description: "The customer's address, masked (j***@example.com)" },
    { name: 'ExpiresAt', required: false, type: 'DateTime', description: 'When the link stops working (ISO 8601, UTC)' },
  ],
} as const satisfies OperationSpec;

export const completeCustomerPasswordReset = {
  requestName: 'CompleteCustomerPasswordResetRequest',
  responseName: 'CompleteCustomerPasswordResetResponse',
  route: '/CompleteCustomerPasswordReset',
  description: 'Customer Portal uses this to redeem a reset link exactly once; it answers whose password to set',
  requestFields: [tokenField, localeField],
  requiresApiKey: true,
  readsToken: true,
  responseFields: [
    { name: 'CustomerBrandName', required: false, description: 'The brand of the customer' },
    { name: 'Email', required: false, description: "The customer's address" },
  ],
} as const satisfies OperationSpec;

export const revokeCustomerPasswordResetTokens = {
  requestName: 'RevokeCustomerPasswordResetTokensRequest',
  responseName: 'RevokeCustomerPasswordResetTokensResponse',
  route: '/RevokeCustomerPasswordResetTokens',
  description: "Customer Portal calls this when a customer's password or address changes: it ends every live reset link of the customer's mailbox",
  requestFields: customerFields,
  requiresApiKey: true,
  responseFields: [{ name: 'RevokedCount', required: false, type: 'int', description: 'How many live links were ended (0 when there was none)' }],
} as const satisfies OperationSpec;

/** Every operation of the service, for metadata and route checks. */
export const allOperations: readonly OperationSpec[] = [resetCustomerPassword, verifyCustomerPasswordResetToken, completeCustomerPasswordReset, revokeCustomerPasswordResetTokens];
