import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderNativeTypes } from '../../../lib/wire/native-types';
import { allOperations, resetCustomerPassword, verifyCustomerPasswordResetToken } from '../../../lib/wire/operations';
import { decodeXmlRequest, encodeXmlResponse } from '../../../lib/wire/xml';
import { serviceStackTypes } from '../../support/data-contract-check';

/*
 * The generated C# compiled with Mono's C# compiler and run with .NET's own DataContractSerializer
 * (Debian's mono-devel), as a .NET XmlServiceClient reads and writes these DTOs. ServiceStack's
 * client types are tests/dotnet/ServiceStack.cs, with the contracts ServiceStack.Interfaces declares.
 */
const PROGRAM = `
using System;
using System.IO;
using System.Runtime.Serialization;
using System.Text;
using Registrar.Model.Model.Transactions.UserRegistration;
public static class Program
{
    static T Read<T>(string path)
    {
        using (var stream = File.OpenRead(path)) return (T)new DataContractSerializer(typeof(T)).ReadObject(stream);
    }
    public static void Main(string[] args)
    {
        var success = Read<VerifyCustomerPasswordResetTokenResponse>(args[0]);
        Console.WriteLine(success.CustomerBrandName + " " + success.MaskedEmail + " " + success.ExpiresAt.Value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ") + " " + (success.ResponseStatus == null));
        var error = Read<VerifyCustomerPasswordResetTokenResponse>(args[1]);
        Console.WriteLine(error.ExpiresAt.HasValue + " " + error.ResponseStatus.ErrorCode + " " + error.ResponseStatus.Message);
        var written = new MemoryStream();
        new DataContractSerializer(typeof(ResetCustomerPasswordRequest)).WriteObject(written, new ResetCustomerPasswordRequest { Email = "jane@example.com", CustomerBrandName = "PumpAlarm" });
        Console.WriteLine(Encoding.UTF8.GetString(written.ToArray()));
    }
}
`;

describe('the generated C# DTOs, with .NET DataContractSerializer (Mono)', () => {
  let lines: string[];
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'dotnet-dtos-'));
    const generated = renderNativeTypes('csharp', allOperations, {}, 'https://regapi.pumpalarm.com', new Date());
    if (!generated.ok) throw new Error(generated.message);
    writeFileSync(join(dir, 'dtos.cs'), generated.body);
    writeFileSync(join(dir, 'program.cs'), PROGRAM);
    const expiresAt = '2026-11-28T13:00:00.000Z';
    writeFileSync(join(dir, 'success.xml'), encodeXmlResponse(verifyCustomerPasswordResetToken, { CustomerBrandName: 'PumpAlarm', MaskedEmail: 'j***@example.com', ExpiresAt: expiresAt }, undefined));
    writeFileSync(
      join(dir, 'error.xml'),
      encodeXmlResponse(verifyCustomerPasswordResetToken, {}, { errorCode: 'TokenNotFound', message: 'This reset link is not valid. Request a new one.', errors: [] }),
    );
    // Warnings are fine (the stubs' members are never read); errors fail the compile and the test.
    execFileSync('mcs', ['-nologo', '-r:System.Runtime.Serialization.dll', '-out:program.exe', 'dtos.cs', serviceStackTypes, 'program.cs'], { cwd: dir, stdio: 'pipe' });
    lines = execFileSync('mono', ['program.exe', 'success.xml', 'error.xml'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
  }, 60_000);

  it("compile as C# and read Verify's success: ExpiresAt, an xs:dateTime in UTC, becomes a DateTime", () => {
    expect(lines[0]).toBe('PumpAlarm j***@example.com 2026-11-28T13:00:00Z True');
  });

  it('read an error of Verify, whose ExpiresAt is nil, without throwing, and keep its ErrorCode (DateTime? not DateTime)', () => {
    expect(lines[1]).toBe('False TokenNotFound This reset link is not valid. Request a new one.');
  });

  it('write a request the service reads back: the DataContract namespace and member names are the old host\'s', () => {
    expect(decodeXmlRequest(lines[2]!, resetCustomerPassword)).toEqual({ Email: 'jane@example.com', CustomerBrandName: 'PumpAlarm' });
  });
});
