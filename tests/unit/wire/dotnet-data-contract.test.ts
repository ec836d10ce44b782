import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * .NET's own DataContractSerializer (Mono's, the .NET Framework reference source) against the golden
 * documents: it must write them byte for byte from DTOs like the old host's, and read every one
 * back with the values of the JSON golden of the same name. Needs `mcs` and `mono` (Debian's
 * mono-devel, which .ci/run installs).
 */
const goldenDir = join(__dirname, '../../golden');
const program = join(__dirname, '../../dotnet/DataContractCheck.cs');
const buildDir = join(__dirname, '../../../.test-output/dotnet');
const executable = join(buildDir, 'DataContractCheck.exe');
const xmlGoldens = readdirSync(goldenDir).filter((name) => name.endsWith('.xml'));

interface ReadBack {
  readonly File: string;
  readonly Type: string;
  readonly ResponseStatus: { ErrorCode: string; Message: string; Errors: unknown[] | null } | null;
  readonly [member: string]: unknown;
}

beforeAll(() => {
  mkdirSync(buildDir, { recursive: true });
  execFileSync('mcs', ['-nologo', '-r:System.Runtime.Serialization', '-r:System.Xml', `-out:${executable}`, program]);
}, 60_000);

describe(".NET's DataContractSerializer and the golden XML documents", () => {
  it('writes every golden XML document byte for byte (namespace declarations on nil members included)', () => {
    const written = mkdtempSync(join(tmpdir(), 'data-contract-'));
    execFileSync('mono', [executable, 'write', written]);

    expect(readdirSync(written).sort()).toEqual([...xmlGoldens].sort());
    for (const name of xmlGoldens) expect(readFileSync(join(written, name), 'utf8')).toBe(readFileSync(join(goldenDir, name), 'utf8'));
  });

  it('reads every golden XML document back with the values of its JSON twin, Errors a list on every error', () => {
    const output = execFileSync('mono', [executable, 'read', ...xmlGoldens.map((name) => join(goldenDir, name))], { encoding: 'utf8' });
    const readBack = output.trim().split('\n').map((line) => JSON.parse(line) as ReadBack);

    expect(readBack.map((r) => r.File)).toEqual(xmlGoldens);
    for (const { File, Type, ResponseStatus, ...members } of readBack) {
      const json = JSON.parse(readFileSync(join(goldenDir, File.replace(/\.xml$/, '.json')), 'utf8')) as Record<string, unknown>;
      const { ResponseStatus: jsonStatus, ...jsonMembers } = json;
      for (const [name, value] of Object.entries(members)) expect([File, name, value]).toEqual([File, name, jsonMembers[name] ?? null]);
      expect(ResponseStatus).toEqual(jsonStatus ?? null);
      if (ResponseStatus) expect(Array.isArray(ResponseStatus.Errors)).toBe(true);
      expect(Type).toMatch(/Response$/);
    }
  });
});
