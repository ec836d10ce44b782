/* Options:
Date: 2026-11-28 13:05:09
Version: 8.00
Tip: To override a DTO option, remove "//" prefix before updating
BaseUrl: https://regapi.pumpalarm.com

//GlobalNamespace: 
//MakePartial: True
//MakeVirtual: True
//MakeInternal: False
//MakeDataContractsExtensible: False
//AddNullableAnnotations: False
//AddReturnMarker: True
//AddDescriptionAsComments: True
//AddDataContractAttributes: False
//AddIndexesToDataMembers: False
//AddGeneratedCodeAttributes: False
//AddResponseStatus: False
//AddImplicitVersion: 
//InitializeCollections: False
//ExportValueTypes: False
//IncludeTypes: 
//ExcludeTypes: 
//AddNamespaces: 
//AddDefaultXmlNamespace: http://schemas.servicestack.net/types
*/

using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.Serialization;
using ServiceStack;
using ServiceStack.DataAnnotations;
using Registrar.Model.Model.Transactions.UserRegistration;

namespace Registrar.Model.Model.Transactions.UserRegistration
{
    ///<summary>
    ///Customer Portal uses this to redeem a reset link exactly once; it answers whose password to set
    ///</summary>
    [Route("/CompleteCustomerPasswordReset", "POST,OPTIONS")]
    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    public partial class CompleteCustomerPasswordResetRequest
        : IReturn<CompleteCustomerPasswordResetResponse>
    {
        ///<summary>
        ///The token from the reset link
        ///</summary>
        [DataMember]
        public virtual string Token { get; set; }

        ///<summary>
        ///Language of the emails (e.g. 'de'); else Accept-Language, else the brand's default
        ///</summary>
        [DataMember]
        public virtual string Locale { get; set; }
    }

    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    public partial class CompleteCustomerPasswordResetResponse
    {
        ///<summary>
        ///The brand of the customer
        ///</summary>
        [DataMember]
        public virtual string CustomerBrandName { get; set; }

        ///<summary>
        ///The customer's address
        ///</summary>
        [DataMember]
        public virtual string Email { get; set; }

        [DataMember]
        public virtual ResponseStatus ResponseStatus { get; set; }
    }

    ///<summary>
    ///Customer Portal can use this to reset a customers password
    ///</summary>
    [Route("/ResetCustomerPassword", "POST,OPTIONS")]
    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    public partial class ResetCustomerPasswordRequest
        : IReturn<ResetCustomerPasswordResponse>
    {
        ///<summary>
        ///Customers Email Address
        ///</summary>
        [DataMember]
        public virtual string Email { get; set; }

        ///<summary>
        ///BrandName associated with the customer
        ///</summary>
        [DataMember]
        public virtual string CustomerBrandName { get; set; }

        ///<summary>
        ///Language of the emails (e.g. 'de'); else Accept-Language, else the brand's default
        ///</summary>
        [DataMember]
        public virtual string Locale { get; set; }
    }

    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    public partial class ResetCustomerPasswordResponse
    {
        [DataMember]
        public virtual ResponseStatus ResponseStatus { get; set; }
    }

    ///<summary>
    ///Customer Portal calls this when a customer's password or address changes: it ends every live reset link of the customer's mailbox
    ///</summary>
    [Route("/RevokeCustomerPasswordResetTokens", "POST,OPTIONS")]
    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    public partial class RevokeCustomerPasswordResetTokensRequest
        : IReturn<RevokeCustomerPasswordResetTokensResponse>
    {
        ///<summary>
        ///Customers Email Address
        ///</summary>
        [DataMember]
        public virtual string Email { get; set; }

        ///<summary>
        ///BrandName associated with the customer
        ///</summary>
        [DataMember]
        public virtual string CustomerBrandName { get; set; }
    }

    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    public partial class RevokeCustomerPasswordResetTokensResponse
    {
        ///<summary>
        ///How many live links were ended (0 when there was none)
        ///</summary>
        [DataMember]
        public virtual int? RevokedCount { get; set; }

        [DataMember]
        public virtual ResponseStatus ResponseStatus { get; set; }
    }

    ///<summary>
    ///Customer Portal can use this to check a reset link before showing the new-password form; it does not use the token up
    ///</summary>
    [Route("/VerifyCustomerPasswordResetToken", "POST,OPTIONS")]
    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    public partial class VerifyCustomerPasswordResetTokenRequest
        : IReturn<VerifyCustomerPasswordResetTokenResponse>
    {
        ///<summary>
        ///The token from the reset link
        ///</summary>
        [DataMember]
        public virtual string Token { get; set; }
    }

    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]
    public partial class VerifyCustomerPasswordResetTokenResponse
    {
        ///<summary>
        ///The brand the link belongs to
        ///</summary>
        [DataMember]
        public virtual string CustomerBrandName { get; set; }

        ///<summary>
        ///The customer's address, masked (j***@example.com)
        ///</summary>
        [DataMember]
        public virtual string MaskedEmail { get; set; }

        ///<summary>
        ///When the link stops working (ISO 8601, UTC)
        ///</summary>
        [DataMember]
        public virtual DateTime? ExpiresAt { get; set; }

        [DataMember]
        public virtual ResponseStatus ResponseStatus { get; set; }
    }

}

