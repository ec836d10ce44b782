import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataContractSerializer } from '../../support/data-contract-check';

/**
 * .NET's own DataContractSerializer against the golden documents: it must write them byte for byte
 * from DTOs like the old host's, and read every one back with the values of the JSON golden of the
 * same name.
 */
const goldenDir = join(__dirname, '../../golden');
const xmlGoldens = readdirSync(goldenDir).filter((name) => name.endsWith('.xml'));

describe(".NET's DataContractSerializer and the golden XML documents", () => {
  it('writes every golden XML document byte for byte (namespace declarations on nil members included)', () => {
    const written = mkdtempSync(join(tmpdir(), 'data-contract-'));
    dataContractSerializer.writeGoldenCases(written);

    expect(readdirSync(written).sort()).toEqual([...xmlGoldens].sort());
    for (const name of xmlGoldens) expect(readFileSync(join(written, name), 'utf8')).toBe(readFileSync(join(goldenDir, name), 'utf8'));
  }, 60_000);

  it('reads every golden XML document back with the values of its JSON twin, Errors a list on every error', () => {
    const readBack = dataContractSerializer.read(xmlGoldens.map((name) => join(goldenDir, name)));

    expect(readBack.map((r) => r.File)).toEqual(xmlGoldens);
    for (const { File, Type, ResponseStatus, ...members } of readBack) {
      const json = JSON.parse(readFileSync(join(goldenDir, File.replace(/\.xml$/, '.json')), 'utf8')) as Record<string, unknown>;
      const { ResponseStatus: jsonStatus, ...jsonMembers } = json;
      for (const [name, value] of Object.entries(members)) expect([File, name, value]).toEqual([File, name, jsonMembers[name] ?? null]);
      expect(ResponseStatus).toEqual(jsonStatus ?? null);
      if (ResponseStatus) expect(Array.isArray(ResponseStatus.Errors)).toBe(true);
      expect(Type).toMatch(/Response$/);
    }
  }, 60_000);

  it('writes every list of an auto-batched call (tests/golden/batch) byte for byte', () => {
    const written = mkdtempSync(join(tmpdir(), 'data-contract-lists-'));
    dataContractSerializer.writeListCases(written);

    const listGoldens = readdirSync(join(goldenDir, 'batch'));
    expect(readdirSync(written).sort()).toEqual([...listGoldens].sort());
    for (const name of listGoldens) expect(readFileSync(join(written, name), 'utf8')).toBe(readFileSync(join(goldenDir, 'batch', name), 'utf8'));
  }, 60_000);
});
