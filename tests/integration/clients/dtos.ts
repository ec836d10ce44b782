/* Options:
Date: 2026-11-30 00:14:10
Version: 8.00
Tip: To override a DTO option, remove "//" prefix before updating
BaseUrl: http://127.0.0.1:3000

//GlobalNamespace: 
//MakePropertiesOptional: True
//AddServiceStackTypes: True
//AddResponseStatus: False
//AddImplicitVersion: 
//AddDescriptionAsComments: True
//IncludeTypes: 
//ExcludeTypes: 
//DefaultImports: 
*/


export interface IReturn<T>
{
    createResponse(): T;
}

export interface IReturnVoid
{
    createResponse(): void;
}

// @DataContract
export class ResponseError
{
    // @DataMember(Order=1)
    public ErrorCode?: string;

    // @DataMember(Order=2)
    public FieldName?: string;

    // @DataMember(Order=3)
    public Message?: string;

    // @DataMember(Order=4)
    public Meta?: { [index:string]: string; };

    public constructor(init?: Partial<ResponseError>) { (Object as any).assign(this, init); }
}

// @DataContract
export class ResponseStatus
{
    // @DataMember(Order=1)
    public ErrorCode?: string;

    // @DataMember(Order=2)
    public Message?: string;

    // @DataMember(Order=3)
    public StackTrace?: string;

    // @DataMember(Order=4)
    public Errors?: ResponseError[];

    // @DataMember(Order=5)
    public Meta?: { [index:string]: string; };

    public constructor(init?: Partial<ResponseStatus>) { (Object as any).assign(this, init); }
}

// @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
export class ResetCustomerPasswordResponse
{
    // @DataMember
    public ResponseStatus?: ResponseStatus;

    public constructor(init?: Partial<ResetCustomerPasswordResponse>) { (Object as any).assign(this, init); }
}

// @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
export class VerifyCustomerPasswordResetTokenResponse
{
    /** @description The brand the link belongs to */
    // @DataMember
    public CustomerBrandName?: string;

    /** @description The customer's address, masked (j***@example.com) */
    // @DataMember
    public MaskedEmail?: string;

    /** @description When the link stops working (ISO 8601, UTC) */
    // @DataMember
    public ExpiresAt?: string;

    // @DataMember
    public ResponseStatus?: ResponseStatus;

    public constructor(init?: Partial<VerifyCustomerPasswordResetTokenResponse>) { (Object as any).assign(this, init); }
}

// @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
export class CompleteCustomerPasswordResetResponse
{
    /** @description The brand of the customer */
    // @DataMember
    public CustomerBrandName?: string;

    /** @description The customer's address */
    // @DataMember
    public Email?: string;

    // @DataMember
    public ResponseStatus?: ResponseStatus;

    public constructor(init?: Partial<CompleteCustomerPasswordResetResponse>) { (Object as any).assign(this, init); }
}

// @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
export class RevokeCustomerPasswordResetTokensResponse
{
    /** @description How many live links were ended (0 when there was none) */
    // @DataMember
    public RevokedCount?: number;

    // @DataMember
    public ResponseStatus?: ResponseStatus;

    public constructor(init?: Partial<RevokeCustomerPasswordResetTokensResponse>) { (Object as any).assign(this, init); }
}

/** @description Customer Portal can use this to reset a customers password */
// @Route("/ResetCustomerPassword", "POST,OPTIONS")
// @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
export class ResetCustomerPasswordRequest implements IReturn<ResetCustomerPasswordResponse>
{
    /** @description Customers Email Address */
    // @DataMember
    public Email?: string;

    /** @description BrandName associated with the customer */
    // @DataMember
    public CustomerBrandName?: string;

    /** @description Language of the emails (e.g. 'de'); else Accept-Language, else the brand's default */
    // @DataMember
    public Locale?: string;

    public constructor(init?: Partial<ResetCustomerPasswordRequest>) { (Object as any).assign(this, init); }
    public getTypeName() { return 'ResetCustomerPasswordRequest'; }
    public getMethod() { return 'POST'; }
    public createResponse() { return new ResetCustomerPasswordResponse(); }
}

/** @description Customer Portal can use this to check a reset link before showing the new-password form; it does not use the token up */
// @Route("/VerifyCustomerPasswordResetToken", "POST,OPTIONS")
// @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
export class VerifyCustomerPasswordResetTokenRequest implements IReturn<VerifyCustomerPasswordResetTokenResponse>
{
    /** @description The token from the reset link */
    // @DataMember
    public Token?: string;

    public constructor(init?: Partial<VerifyCustomerPasswordResetTokenRequest>) { (Object as any).assign(this, init); }
    public getTypeName() { return 'VerifyCustomerPasswordResetTokenRequest'; }
    public getMethod() { return 'POST'; }
    public createResponse() { return new VerifyCustomerPasswordResetTokenResponse(); }
}

/** @description Customer Portal uses this to redeem a reset link exactly once; it answers whose password to set */
// @Route("/CompleteCustomerPasswordReset", "POST,OPTIONS")
// @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
export class CompleteCustomerPasswordResetRequest implements IReturn<CompleteCustomerPasswordResetResponse>
{
    /** @description The token from the reset link */
    // @DataMember
    public Token?: string;

    /** @description Language of the emails (e.g. 'de'); else Accept-Language, else the brand's default */
    // @DataMember
    public Locale?: string;

    public constructor(init?: Partial<CompleteCustomerPasswordResetRequest>) { (Object as any).assign(this, init); }
    public getTypeName() { return 'CompleteCustomerPasswordResetRequest'; }
    public getMethod() { return 'POST'; }
    public createResponse() { return new CompleteCustomerPasswordResetResponse(); }
}

/** @description Customer Portal calls this when a customer's password or address changes: it ends every live reset link of the customer's mailbox */
// @Route("/RevokeCustomerPasswordResetTokens", "POST,OPTIONS")
// @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
export class RevokeCustomerPasswordResetTokensRequest implements IReturn<RevokeCustomerPasswordResetTokensResponse>
{
    /** @description Customers Email Address */
    // @DataMember
    public Email?: string;

    /** @description BrandName associated with the customer */
    // @DataMember
    public CustomerBrandName?: string;

    public constructor(init?: Partial<RevokeCustomerPasswordResetTokensRequest>) { (Object as any).assign(this, init); }
    public getTypeName() { return 'RevokeCustomerPasswordResetTokensRequest'; }
    public getMethod() { return 'POST'; }
    public createResponse() { return new RevokeCustomerPasswordResetTokensResponse(); }
}

