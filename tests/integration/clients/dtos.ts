/*
 * The service's DTOs written the way ServiceStack's "Add ServiceStack Reference" generates TypeScript
 * DTOs for the old host (PascalCase members, as its JSON was): classes implementing IReturn<T> with
 * getTypeName() and createResponse(). Clients in the portal use files like this one unchanged.
 */
import type { IReturn } from '@servicestack/client';

export class ResponseError {
  public ErrorCode?: string;
  public FieldName?: string;
  public Message?: string;
  public Meta?: { [index: string]: string };
}

export class ResponseStatus {
  public ErrorCode?: string;
  public Message?: string;
  public StackTrace?: string;
  public Errors?: ResponseError[];
  public Meta?: { [index: string]: string };
}

export class ResetCustomerPasswordResponse {
  public ResponseStatus?: ResponseStatus;
}

// @Route("/ResetCustomerPassword", "POST,OPTIONS")
export class ResetCustomerPasswordRequest implements IReturn<ResetCustomerPasswordResponse> {
  public Email?: string;
  public CustomerBrandName?: string;
  public Locale?: string;

  public constructor(init?: Partial<ResetCustomerPasswordRequest>) {
    Object.assign(this, init);
  }
  public getTypeName() {
    return 'ResetCustomerPasswordRequest';
  }
  public getMethod() {
    return 'POST';
  }
  public createResponse() {
    return new ResetCustomerPasswordResponse();
  }
}

export class VerifyCustomerPasswordResetTokenResponse {
  public CustomerBrandName?: string;
  public MaskedEmail?: string;
  public ExpiresAt?: string;
  public ResponseStatus?: ResponseStatus;
}

// @Route("/VerifyCustomerPasswordResetToken", "POST,OPTIONS")
export class VerifyCustomerPasswordResetTokenRequest implements IReturn<VerifyCustomerPasswordResetTokenResponse> {
  public Token?: string;

  public constructor(init?: Partial<VerifyCustomerPasswordResetTokenRequest>) {
    Object.assign(this, init);
  }
  public getTypeName() {
    return 'VerifyCustomerPasswordResetTokenRequest';
  }
  public getMethod() {
    return 'POST';
  }
  public createResponse() {
    return new VerifyCustomerPasswordResetTokenResponse();
  }
}

export class CompleteCustomerPasswordResetResponse {
  public CustomerBrandName?: string;
  public Email?: string;
  public ResponseStatus?: ResponseStatus;
}

// @Route("/CompleteCustomerPasswordReset", "POST,OPTIONS")
export class CompleteCustomerPasswordResetRequest implements IReturn<CompleteCustomerPasswordResetResponse> {
  public Token?: string;
  public Locale?: string;

  public constructor(init?: Partial<CompleteCustomerPasswordResetRequest>) {
    Object.assign(this, init);
  }
  public getTypeName() {
    return 'CompleteCustomerPasswordResetRequest';
  }
  public getMethod() {
    return 'POST';
  }
  public createResponse() {
    return new CompleteCustomerPasswordResetResponse();
  }
}
