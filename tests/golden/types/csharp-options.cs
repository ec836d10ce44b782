/* Options:
Date: 2026-11-28 13:05:09
Version: 8.00
Tip: To override a DTO option, remove "//" prefix before updating
BaseUrl: https://api.example.com/v1

GlobalNamespace: Portal.Dtos
MakePartial: False
MakeVirtual: False
MakeInternal: True
//MakeDataContractsExtensible: False
AddNullableAnnotations: True
AddReturnMarker: False
AddDescriptionAsComments: False
//AddDataContractAttributes: False
AddIndexesToDataMembers: True
//AddGeneratedCodeAttributes: False
//AddResponseStatus: False
//AddImplicitVersion: 
//InitializeCollections: False
//ExportValueTypes: False
//IncludeTypes: 
//ExcludeTypes: 
AddNamespaces: System.Net,System.Text
//AddDefaultXmlNamespace: http://schemas.servicestack.net/types
*/

using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.Serialization;
using ServiceStack;
using ServiceStack.DataAnnotations;
using System.Net;
using System.Text;
using Portal.Dtos;

namespace Portal.Dtos
{
    [Description("Customer Portal uses this to redeem a reset link exactly once; it answers whose password to set")]
    [Route("/CompleteCustomerPasswordReset", "POST,OPTIONS")]
    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    internal class CompleteCustomerPasswordResetRequest
    {
        [Description("The token from the reset link")]
        [DataMember(Order=1)]
        public string Token { get; set; }

        [Description("Language of the emails (e.g. 'de'); else Accept-Language, else the brand's default")]
        [DataMember(Order=2)]
        public string? Locale { get; set; }
    }

    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    internal class CompleteCustomerPasswordResetResponse
    {
        [Description("The brand of the customer")]
        [DataMember(Order=1)]
        public string? CustomerBrandName { get; set; }

        [Description("The customer's address")]
        [DataMember(Order=2)]
        public string? Email { get; set; }

        [DataMember(Order=3)]
        public ResponseStatus? ResponseStatus { get; set; }
    }

    [Description("Customer Portal can use this to reset a customers password")]
    [Route("/ResetCustomerPassword", "POST,OPTIONS")]
    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    internal class ResetCustomerPasswordRequest
    {
        [Description("Customers Email Address")]
        [DataMember(Order=1)]
        public string Email { get; set; }

        [Description("BrandName associated with the customer")]
        [DataMember(Order=2)]
        public string? CustomerBrandName { get; set; }

        [Description("Language of the emails (e.g. 'de'); else Accept-Language, else the brand's default")]
        [DataMember(Order=3)]
        public string? Locale { get; set; }
    }

    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    internal class ResetCustomerPasswordResponse
    {
        [DataMember(Order=1)]
        public ResponseStatus? ResponseStatus { get; set; }
    }

    [Description("Customer Portal calls this when a customer's password or address changes: it ends every live reset link of the customer's mailbox")]
    [Route("/RevokeCustomerPasswordResetTokens", "POST,OPTIONS")]
    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    internal class RevokeCustomerPasswordResetTokensRequest
    {
        [Description("Customers Email Address")]
        [DataMember(Order=1)]
        public string Email { get; set; }

        [Description("BrandName associated with the customer")]
        [DataMember(Order=2)]
        public string? CustomerBrandName { get; set; }
    }

    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    internal class RevokeCustomerPasswordResetTokensResponse
    {
        [Description("How many live links were ended (0 when there was none)")]
        [DataMember(Order=1)]
        public int? RevokedCount { get; set; }

        [DataMember(Order=2)]
        public ResponseStatus? ResponseStatus { get; set; }
    }

    [Description("Customer Portal can use this to check a reset link before showing the new-password form; it does not use the token up")]
    [Route("/VerifyCustomerPasswordResetToken", "POST,OPTIONS")]
    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    internal class VerifyCustomerPasswordResetTokenRequest
    {
        [Description("The token from the reset link")]
        [DataMember(Order=1)]
        public string Token { get; set; }
    }

    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    internal class VerifyCustomerPasswordResetTokenResponse
    {
        [Description("The brand the link belongs to")]
        [DataMember(Order=1)]
        public string? CustomerBrandName { get; set; }

        [Description("The customer's address, masked (j***@example.com)")]
        [DataMember(Order=2)]
        public string? MaskedEmail { get; set; }

        [Description("When the link stops working (ISO 8601, UTC)")]
        [DataMember(Order=3)]
        public DateTime? ExpiresAt { get; set; }

        [DataMember(Order=4)]
        public ResponseStatus? ResponseStatus { get; set; }
    }

}

