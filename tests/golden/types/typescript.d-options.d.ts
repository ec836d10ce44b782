/* Options:
Date: 2026-11-28 13:05:09
Version: 8.00
Tip: To override a DTO option, remove "//" prefix before updating
BaseUrl: https://regapi.pumpalarm.com

GlobalNamespace: dtos
MakePropertiesOptional: False
//AddServiceStackTypes: True
//AddResponseStatus: False
//AddImplicitVersion: 
//AddDescriptionAsComments: True
//IncludeTypes: 
//ExcludeTypes: 
//DefaultImports: 
*/


declare namespace dtos
{

    interface IReturn<T>
    {
    }

    interface IReturnVoid
    {
    }

    // @DataContract
    interface ResponseError
    {
        // @DataMember(Order=1)
        ErrorCode: string;

        // @DataMember(Order=2)
        FieldName: string;

        // @DataMember(Order=3)
        Message: string;

        // @DataMember(Order=4)
        Meta: { [index:string]: string; };
    }

    // @DataContract
    interface ResponseStatus
    {
        // @DataMember(Order=1)
        ErrorCode: string;

        // @DataMember(Order=2)
        Message: string;

        // @DataMember(Order=3)
        StackTrace: string;

        // @DataMember(Order=4)
        Errors: ResponseError[];

        // @DataMember(Order=5)
        Meta: { [index:string]: string; };
    }

    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    interface ResetCustomerPasswordResponse
    {
        // @DataMember
        ResponseStatus?: ResponseStatus;
    }

    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    interface VerifyCustomerPasswordResetTokenResponse
    {
        /** @description The brand the link belongs to */
        // @DataMember
        CustomerBrandName?: string;

        /** @description The customer's address, masked (j***@example.com) */
        // @DataMember
        MaskedEmail?: string;

        /** @description When the link stops working (ISO 8601, UTC) */
        // @DataMember
        ExpiresAt?: string;

        // @DataMember
        ResponseStatus?: ResponseStatus;
    }

    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    interface CompleteCustomerPasswordResetResponse
    {
        /** @description The brand of the customer */
        // @DataMember
        CustomerBrandName?: string;

        /** @description The customer's address */
        // @DataMember
        Email?: string;

        // @DataMember
        ResponseStatus?: ResponseStatus;
    }

    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    interface RevokeCustomerPasswordResetTokensResponse
    {
        /** @description How many live links were ended (0 when there was none) */
        // @DataMember
        RevokedCount?: number;

        // @DataMember
        ResponseStatus?: ResponseStatus;
    }

    /** @description Customer Portal can use this to reset a customers password */
    // @Route("/ResetCustomerPassword", "POST,OPTIONS")
    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    interface ResetCustomerPasswordRequest extends IReturn<ResetCustomerPasswordResponse>
    {
        /** @description Customers Email Address */
        // @DataMember
        Email: string;

        /** @description BrandName associated with the customer */
        // @DataMember
        CustomerBrandName?: string;

        /** @description Language of the emails (e.g. 'de'); else Accept-Language, else the brand's default */
        // @DataMember
        Locale?: string;
    }

    /** @description Customer Portal can use this to check a reset link before showing the new-password form; it does not use the token up */
    // @Route("/VerifyCustomerPasswordResetToken", "POST,OPTIONS")
    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    interface VerifyCustomerPasswordResetTokenRequest extends IReturn<VerifyCustomerPasswordResetTokenResponse>
    {
        /** @description The token from the reset link */
        // @DataMember
        Token: string;
    }

    /** @description Customer Portal uses this to redeem a reset link exactly once; it answers whose password to set */
    // @Route("/CompleteCustomerPasswordReset", "POST,OPTIONS")
    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    interface CompleteCustomerPasswordResetRequest extends IReturn<CompleteCustomerPasswordResetResponse>
    {
        /** @description The token from the reset link */
        // @DataMember
        Token: string;

        /** @description Language of the emails (e.g. 'de'); else Accept-Language, else the brand's default */
        // @DataMember
        Locale?: string;
    }

    /** @description Customer Portal calls this when a customer's password or address changes: it ends every live reset link of the customer's mailbox */
    // @Route("/RevokeCustomerPasswordResetTokens", "POST,OPTIONS")
    // @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")
    interface RevokeCustomerPasswordResetTokensRequest extends IReturn<RevokeCustomerPasswordResetTokensResponse>
    {
        /** @description Customers Email Address */
        // @DataMember
        Email: string;

        /** @description BrandName associated with the customer */
        // @DataMember
        CustomerBrandName?: string;
    }

}

