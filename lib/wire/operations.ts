/**
 * The request and response DTOs of every operation, in one place. Decoders, encoders and the
 * route table read these definitions, so the wire format cannot drift from the code.
 */

/** DataContract namespace of the Registrar DTOs (from the old service's metadata page). */
export const DTO_NAMESPACE = 'http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration';

export interface FieldSpec {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

export interface OperationSpec {
  readonly requestName: string;
  readonly responseName: string;
  /** The custom route, without format ending. */
  readonly route: string;
  readonly description: string;
  /** Request members; the decoders read only these (anything else is ignored, as ServiceStack does). */
  readonly requestFields: readonly FieldSpec[];
  /** Response members other than ResponseStatus, in the order the JSON encoder writes them. */
  readonly responseFields: readonly FieldSpec[];
}

/** The decoded request: each declared field's value, or undefined when absent or null. */
export type RequestDto = Readonly<Record<string, string | undefined>>;

/** Response members other than ResponseStatus; undefined members are omitted / written as nil. */
export type ResponseMembers = Readonly<Record<string, string | number | undefined>>;

export const resetCustomerPassword = {
  requestName: 'ResetCustomerPasswordRequest',
  responseName: 'ResetCustomerPasswordResponse',
  route: '/ResetCustomerPassword',
  description: 'Customer Portal can use this to reset a customers password',
  requestFields: [
    { name: 'Email', required: true, description: 'Customers Email Address' },
    { name: 'CustomerBrandName', required: false, description: 'BrandName associated with the customer' },
  ],
  responseFields: [],
} as const satisfies OperationSpec;
