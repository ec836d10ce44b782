/* Options:
Date: 2026-11-28 13:05:09
Version: 8.00
Tip: To override a DTO option, remove "//" prefix before updating
BaseUrl: https://regapi.pumpalarm.com

GlobalNamespace: dtos
MakePropertiesOptional: False
AddServiceStackTypes: False
//AddResponseStatus: False
//AddImplicitVersion: 
AddDescriptionAsComments: False
//IncludeTypes: 
//ExcludeTypes: 
DefaultImports: IReturn:@servicestack/client,ResponseStatus:@servicestack/client
*/

import { IReturn } from "@servicestack/client";
import { ResponseStatus } from "@servicestack/client";

export namespace dtos
{

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
        // @DataMember
        public CustomerBrandName?: string;

        // @DataMember
        public MaskedEmail?: string;

        // @DataMember
        public ExpiresAt?: string;

        // @DataMember
        public ResponseStatus?: ResponseStatus;

        public constructor(init?: Partial<VerifyCustomerPasswordResetTokenResponse>) { (Object as any).assign(this, init); }
    }

    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    export class CompleteCustomerPasswordResetResponse
    {
        // @DataMember
        public CustomerBrandName?: string;

        // @DataMember
        public Email?: string;

        // @DataMember
        public ResponseStatus?: ResponseStatus;

        public constructor(init?: Partial<CompleteCustomerPasswordResetResponse>) { (Object as any).assign(this, init); }
    }

    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    export class RevokeCustomerPasswordResetTokensResponse
    {
        // @DataMember
        public RevokedCount?: number;

        // @DataMember
        public ResponseStatus?: ResponseStatus;

        public constructor(init?: Partial<RevokeCustomerPasswordResetTokensResponse>) { (Object as any).assign(this, init); }
    }

    // @Route("/ResetCustomerPassword", "POST,OPTIONS")
    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    export class ResetCustomerPasswordRequest implements IReturn<ResetCustomerPasswordResponse>
    {
        // @DataMember
        public Email: string;

        // @DataMember
        public CustomerBrandName?: string;

        // @DataMember
        public Locale?: string;

        public constructor(init?: Partial<ResetCustomerPasswordRequest>) { (Object as any).assign(this, init); }
        public getTypeName() { return 'ResetCustomerPasswordRequest'; }
        public getMethod() { return 'POST'; }
        public createResponse() { return new ResetCustomerPasswordResponse(); }
    }

    // @Route("/VerifyCustomerPasswordResetToken", "POST,OPTIONS")
    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    export class VerifyCustomerPasswordResetTokenRequest implements IReturn<VerifyCustomerPasswordResetTokenResponse>
    {
        // @DataMember
        public Token: string;

        public constructor(init?: Partial<VerifyCustomerPasswordResetTokenRequest>) { (Object as any).assign(this, init); }
        public getTypeName() { return 'VerifyCustomerPasswordResetTokenRequest'; }
        public getMethod() { return 'POST'; }
        public createResponse() { return new VerifyCustomerPasswordResetTokenResponse(); }
    }

    // @Route("/CompleteCustomerPasswordReset", "POST,OPTIONS")
    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    export class CompleteCustomerPasswordResetRequest implements IReturn<CompleteCustomerPasswordResetResponse>
    {
        // @DataMember
        public Token: string;

        // @DataMember
        public Locale?: string;

        public constructor(init?: Partial<CompleteCustomerPasswordResetRequest>) { (Object as any).assign(this, init); }
        public getTypeName() { return 'CompleteCustomerPasswordResetRequest'; }
        public getMethod() { return 'POST'; }
        public createResponse() { return new CompleteCustomerPasswordResetResponse(); }
    }

    // @Route("/RevokeCustomerPasswordResetTokens", "POST,OPTIONS")
    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    export class RevokeCustomerPasswordResetTokensRequest implements IReturn<RevokeCustomerPasswordResetTokensResponse>
    {
        // @DataMember
        public Email: string;

        // @DataMember
        public CustomerBrandName?: string;

        public constructor(init?: Partial<RevokeCustomerPasswordResetTokensRequest>) { (Object as any).assign(this, init); }
        public getTypeName() { return 'RevokeCustomerPasswordResetTokensRequest'; }
        public getMethod() { return 'POST'; }
        public createResponse() { return new RevokeCustomerPasswordResetTokensResponse(); }
    }

}

