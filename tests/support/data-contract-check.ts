import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** What .NET's DataContractSerializer read from one document (tests/dotnet/DataContractCheck.cs, `read`). */
export interface ReadBack {
  readonly File: string;
  readonly Type: string;
  readonly ResponseStatus: { ErrorCode: string; Message: string; Errors: { ErrorCode: string; FieldName: string; Message: string }[] | null } | null;
  readonly [member: string]: unknown;
}

const program = join(__dirname, '../dotnet/DataContractCheck.cs');
/** ServiceStack's client types (ResponseStatus, ResponseError, ...), shared by every C# program of the tests. */
export const serviceStackTypes = join(__dirname, '../dotnet/ServiceStack.cs');
const executable = join(__dirname, '../../.test-output/dotnet/DataContractCheck.exe');
let compiled = false;

/**
 * .NET's DataContractSerializer, as Mono ships it (the .NET Framework reference source), with DTOs
 * like the old host's: compiled with `mcs` on first use (Debian's mono-devel; .ci/run installs it).
 */
export const dataContractSerializer = {
  /** Writes the response of every golden case (tests/golden) into `dir`, one `<case>.xml` each. */
  writeGoldenCases(dir: string): void {
    execFileSync('mono', [compile(), 'write', dir]);
  },
  /** Writes the lists of auto-batched calls (tests/golden/batch) into `dir`, one `<case>.xml` each. */
  writeListCases(dir: string): void {
    execFileSync('mono', [compile(), 'write-lists', dir]);
  },
  /** Reads each document as a ServiceStack XmlServiceClient would, by its root element's type. */
  read(files: readonly string[]): ReadBack[] {
    const output = execFileSync('mono', [compile(), 'read', ...files], { encoding: 'utf8' });
    return output.trim().split('\n').map((line) => JSON.parse(line) as ReadBack);
  },
};

function compile(): string {
  if (!compiled) {
    mkdirSync(join(executable, '..'), { recursive: true });
    execFileSync('mcs', ['-nologo', '-r:System.Runtime.Serialization', '-r:System.Xml', `-out:${executable}`, program, serviceStackTypes]);
    compiled = true;
  }
  return executable;
}
