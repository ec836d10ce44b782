// ServiceStack's own types as its libraries declare them for .NET clients (ServiceStack.Interfaces):
// the DataContract of ResponseStatus, ResponseError and ErrorResponse, ResponseStatusUtils'
// construction of an error's ResponseStatus, and the attribute and interface generated DTOs use.
// Compiled into the tests' C# programs instead of ServiceStack's assemblies, which are not here.
using System;
using System.Collections.Generic;
using System.Runtime.Serialization;

namespace ServiceStack
{
    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class ResponseStatus
    {
        [DataMember(Order = 1)] public string ErrorCode { get; set; }
        [DataMember(Order = 2)] public string Message { get; set; }
        [DataMember(Order = 3)] public string StackTrace { get; set; }
        [DataMember(Order = 4)] public List<ResponseError> Errors { get; set; }
        [DataMember(Order = 5)] public Dictionary<string, string> Meta { get; set; }
    }

    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class ResponseError
    {
        [DataMember(Order = 1)] public string ErrorCode { get; set; }
        [DataMember(Order = 2)] public string FieldName { get; set; }
        [DataMember(Order = 3)] public string Message { get; set; }
        [DataMember(Order = 4)] public Dictionary<string, string> Meta { get; set; }
    }

    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class ErrorResponse
    {
        [DataMember(Order = 1)] public ResponseStatus ResponseStatus { get; set; }
    }

    public static class ResponseStatusUtils
    {
        // As ServiceStack's ResponseStatusUtils.CreateResponseStatus: Errors starts as an empty list.
        public static ResponseStatus CreateResponseStatus(string errorCode, string message, params ResponseError[] errors) =>
            new ResponseStatus { ErrorCode = errorCode, Message = message, Errors = new List<ResponseError>(errors) };
    }

    public interface IReturn<T> { }

    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
    public class RouteAttribute : Attribute
    {
        public RouteAttribute(string path, string verbs) { }
    }
}

namespace ServiceStack.DataAnnotations { }
