// .NET's DataContractSerializer (as Mono ships it: the .NET Framework reference source) run against
// the service's XML. `write <dir>` writes the response of each golden case into <dir>, `write-lists
// <dir>` the lists of auto-batched calls; `read <file>...`
// reads documents the way a ServiceStack XmlServiceClient does and prints what it found (string and
// int? members, ResponseStatus), one JSON line per file. Compiled with ServiceStack.cs by
// tests/support/data-contract-check.ts.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Serialization;
using System.Text;
using System.Xml;

// The old host's DTOs: plain classes, so the namespace comes from the CLR namespace.
namespace Registrar.Model.Model.Transactions.UserRegistration
{
    using ServiceStack;

    public class ResetCustomerPasswordResponse { public ResponseStatus ResponseStatus { get; set; } }

    public class VerifyCustomerPasswordResetTokenResponse
    {
        public string CustomerBrandName { get; set; }
        public string MaskedEmail { get; set; }
        public string ExpiresAt { get; set; }
        public ResponseStatus ResponseStatus { get; set; }
    }

    public class CompleteCustomerPasswordResetResponse
    {
        public string CustomerBrandName { get; set; }
        public string Email { get; set; }
        public ResponseStatus ResponseStatus { get; set; }
    }

    public class RevokeCustomerPasswordResetTokensResponse
    {
        public int? RevokedCount { get; set; }
        public ResponseStatus ResponseStatus { get; set; }
    }

    public class ResetCustomerPasswordRequest
    {
        public string Email { get; set; }
        public string CustomerBrandName { get; set; }
        public string Locale { get; set; }
    }

    public static class DataContractCheck
    {
        static readonly Dictionary<string, Type> TypesByRoot = new[] {
            typeof(ResetCustomerPasswordResponse), typeof(VerifyCustomerPasswordResetTokenResponse),
            typeof(CompleteCustomerPasswordResetResponse), typeof(RevokeCustomerPasswordResetTokensResponse), typeof(ErrorResponse),
        }.ToDictionary(t => t.Name);

        // The cases of tests/unit/wire/golden.test.ts, with the same values.
        static Dictionary<string, object> GoldenCases() => new Dictionary<string, object> {
            ["reset-success"] = new ResetCustomerPasswordResponse(),
            ["reset-validation-error"] = new ResetCustomerPasswordResponse {
                ResponseStatus = ResponseStatusUtils.CreateResponseStatus("NotEmpty", "'Email' must not be empty.",
                    new ResponseError { ErrorCode = "NotEmpty", FieldName = "Email", Message = "'Email' must not be empty." },
                    new ResponseError { ErrorCode = "UnknownBrand", FieldName = "CustomerBrandName", Message = "'Customer Brand Name' is not a known brand." }),
            },
            ["verify-success"] = new VerifyCustomerPasswordResetTokenResponse {
                CustomerBrandName = "PumpAlarm", MaskedEmail = "j***@example.com", ExpiresAt = "2026-01-02T03:04:05.000Z",
            },
            ["verify-token-not-found"] = new VerifyCustomerPasswordResetTokenResponse {
                ResponseStatus = ResponseStatusUtils.CreateResponseStatus("TokenNotFound", "This reset link is not valid. Request a new one."),
            },
            ["complete-success"] = new CompleteCustomerPasswordResetResponse { CustomerBrandName = "AquaGuard", Email = "jane.doe&co@example.com" },
            ["complete-token-used"] = new CompleteCustomerPasswordResetResponse {
                ResponseStatus = ResponseStatusUtils.CreateResponseStatus("TokenUsed", "This reset link has already been used. Request a new one."),
            },
            ["revoke-success"] = new RevokeCustomerPasswordResetTokensResponse { RevokedCount = 1 },
            ["revoke-none"] = new RevokeCustomerPasswordResetTokensResponse { RevokedCount = 0 },
            ["revoke-validation-error"] = new RevokeCustomerPasswordResetTokensResponse {
                ResponseStatus = ResponseStatusUtils.CreateResponseStatus("NotEmpty", "'Email' must not be empty.",
                    new ResponseError { ErrorCode = "NotEmpty", FieldName = "Email", Message = "'Email' must not be empty." }),
            },
            ["not-found"] = new ErrorResponse { ResponseStatus = ResponseStatusUtils.CreateResponseStatus("NotFound", "Handler for Request not found") },
        };

        // Auto-batched calls (tests/golden/batch): the lists a client sends and the lists it reads back.
        static Dictionary<string, object> ListCases() => new Dictionary<string, object> {
            ["reset-list"] = new List<ResetCustomerPasswordResponse> { new ResetCustomerPasswordResponse(), new ResetCustomerPasswordResponse() },
            ["revoke-list"] = new List<RevokeCustomerPasswordResetTokensResponse> {
                new RevokeCustomerPasswordResetTokensResponse { RevokedCount = 1 }, new RevokeCustomerPasswordResetTokensResponse { RevokedCount = 0 },
            },
            ["revoke-empty-list"] = new List<RevokeCustomerPasswordResetTokensResponse>(),
            ["reset-requests"] = new List<ResetCustomerPasswordRequest> {
                new ResetCustomerPasswordRequest { Email = "a@example.com" },
                new ResetCustomerPasswordRequest { Email = "b&co@example.com", CustomerBrandName = "AquaGuard", Locale = "de" },
            },
        };

        // ServiceStack's XmlSerializer: an XmlWriter over UTF-8 without a byte-order mark.
        static byte[] Write(object dto)
        {
            var stream = new MemoryStream();
            using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
                new DataContractSerializer(dto.GetType()).WriteObject(writer, dto);
            return stream.ToArray();
        }

        static string Json(string value) => value == null ? "null" : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        static string Describe(ResponseStatus status)
        {
            if (status == null) return "null";
            var errors = status.Errors == null ? "null" : "[" + string.Join(",", status.Errors.Select(e =>
                "{\"ErrorCode\":" + Json(e.ErrorCode) + ",\"FieldName\":" + Json(e.FieldName) + ",\"Message\":" + Json(e.Message) + "}")) + "]";
            return "{\"ErrorCode\":" + Json(status.ErrorCode) + ",\"Message\":" + Json(status.Message) + ",\"Errors\":" + errors + "}";
        }

        // Reads a document as the client would: the type from its root element, then every member.
        static string Read(string path)
        {
            var root = XmlReader.Create(path);
            root.MoveToContent();
            var type = TypesByRoot[root.LocalName];
            root.Close();
            using (var reader = XmlReader.Create(path))
            {
                var dto = new DataContractSerializer(type).ReadObject(reader);
                var members = type.GetProperties().Where(p => p.PropertyType == typeof(string) || p.PropertyType == typeof(int?))
                    .Select(p => Json(p.Name) + ":" + (p.PropertyType == typeof(int?) ? ((int?)p.GetValue(dto))?.ToString() ?? "null" : Json((string)p.GetValue(dto))));
                var status = (ResponseStatus)type.GetProperty("ResponseStatus").GetValue(dto);
                return "{\"File\":" + Json(Path.GetFileName(path)) + ",\"Type\":" + Json(type.Name) + ","
                    + string.Join("", members.Select(m => m + ",")) + "\"ResponseStatus\":" + Describe(status) + "}";
            }
        }

        public static int Main(string[] args)
        {
            if (args.Length == 2 && args[0] == "write")
            {
                foreach (var c in GoldenCases()) File.WriteAllBytes(Path.Combine(args[1], c.Key + ".xml"), Write(c.Value));
                return 0;
            }
            if (args.Length == 2 && args[0] == "write-lists")
            {
                foreach (var c in ListCases()) File.WriteAllBytes(Path.Combine(args[1], c.Key + ".xml"), Write(c.Value));
                return 0;
            }
            if (args.Length >= 2 && args[0] == "read")
            {
                foreach (var path in args.Skip(1)) Console.WriteLine(Read(path));
                return 0;
            }
            Console.Error.WriteLine("usage: DataContractCheck.exe write <dir> | write-lists <dir> | read <file>...");
            return 2;
        }
    }
}
