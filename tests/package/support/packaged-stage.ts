import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** A CloudFormation resource as `sls package` writes it. */
export interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
}

export interface Template {
  readonly Resources: Record<string, Resource>;
  readonly Conditions?: Record<string, unknown>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Condition?: string }>;
}

export interface PackagedStage {
  readonly stage: string;
  readonly template: Template;
  /** The folder holding the template and the functions' zip files. */
  readonly artifactsDir: string;
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: readonly string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

const projectRoot = join(__dirname, '../../..');

/**
 * Runs `sls package` exactly as a user would, but with every AWS credential removed: a deploy's
 * template must come out of the repository alone. `params` are passed as `--param name=value`.
 */
export function packageStage(stage: string, params: Record<string, string> = {}): PackagedStage {
  const artifactsDir = mkdtempSync(join(tmpdir(), `sls-${stage}-`));
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  const paramArgs = Object.entries(params).map(([name, value]) => `--param=${name}=${value}`);
  execFileSync(
    process.execPath,
    [require.resolve('osls/bin/serverless.js'), 'package', '--stage', stage, '--package', artifactsDir, ...paramArgs],
    {
      cwd: projectRoot,
      // Its own esbuild folder, so packaging never touches the local stack's bundle (see serverless.yml).
      env: { ...env, SLS_TELEMETRY_DISABLED: '1', ESBUILD_WORK_FOLDER: join('.esbuild', basename(artifactsDir)) },
      stdio: 'pipe',
    },
  );
  const template = JSON.parse(readFileSync(join(artifactsDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { stage, template, artifactsDir };
}

/** The stage's brand file, as the function bundles it. */
export function brandSenders(stage: string): string[] {
  const file = JSON.parse(readFileSync(join(projectRoot, 'config', `brands.${stage}.json`), 'utf8')) as {
    brands: Array<{ senderAddress: string }>;
  };
  return file.brands.map((brand) => brand.senderAddress.toLowerCase());
}

export function resource(template: Template, logicalId: string): Resource {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`The template has no resource ${logicalId}`);
  return found;
}

/** `[logicalId, resource]` pairs of one type. */
export const resourcesOfType = (template: Template, type: string): Array<[string, Resource]> =>
  Object.entries(template.Resources).filter(([, candidate]) => candidate.Type === type);

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** The single item of a list, or an error saying how many there were. */
export function onlyOne<T>(items: readonly T[]): T {
  const [first, ...rest] = items;
  if (first === undefined || rest.length > 0) throw new Error(`Expected exactly one, found ${items.length}`);
  return first;
}

/** `{ Ref }` or `{ Fn::GetAtt: [id, ...] }` -> the logical id it points at. */
export function referencedId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** Every statement of a role's inline policies, or of an `AWS::IAM::Policy`/`ManagedPolicy`. */
export function policyStatements(holder: Resource): PolicyStatement[] {
  const documents =
    holder.Type === 'AWS::IAM::Role'
      ? asList(holder.Properties.Policies ?? []).map((policy) => (isRecord(policy) ? policy.PolicyDocument : undefined))
      : [holder.Properties.PolicyDocument];
  return documents.flatMap((document) => {
    if (!isRecord(document)) throw new Error(`${holder.Type} has a policy without a document`);
    return asList(document.Statement).map((statement) => {
      if (!isRecord(statement) || typeof statement.Effect !== 'string') throw new Error(`Malformed statement: ${JSON.stringify(statement)}`);
      if ('NotAction' in statement || 'NotResource' in statement) throw new Error(`NotAction/NotResource grant by exclusion: ${JSON.stringify(statement)}`);
      const actions = asList(statement.Action);
      if (!actions.every((action): action is string => typeof action === 'string')) throw new Error(`Non-string action: ${JSON.stringify(statement)}`);
      return { Effect: statement.Effect, Action: actions, Resource: statement.Resource, Condition: statement.Condition };
    });
  });
}

/** Every IAM statement in the template, with the logical id of the resource holding it. */
export function allIamStatements(template: Template): Array<{ holder: string; statement: PolicyStatement }> {
  const holders = ['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].flatMap((type) => resourcesOfType(template, type));
  return holders.flatMap(([holder, found]) => policyStatements(found).map((statement) => ({ holder, statement })));
}

/**
 * The ARN text of a statement's resources, with intrinsic functions rendered as placeholders
 * (`${AWS::Region}`, `<Ref X>`), so wildcards written into `Fn::Sub` or `Fn::Join` still show.
 */
export function resourceTexts(resources: unknown): string[] {
  return asList(resources).map(function render(value: unknown): string {
    if (typeof value === 'string') return value;
    if (!isRecord(value)) return String(value);
    const sub = value['Fn::Sub'];
    if (typeof sub === 'string') return sub;
    if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map(render).join(join[0]);
    const id = referencedId(value);
    if (id) return `<${id}>`;
    throw new Error(`Cannot read the resource ${JSON.stringify(value)}`);
  });
}

/** Evaluates a template condition (`Fn::Not`, `Fn::Equals`, `Fn::And`, `Fn::Or` over literals). */
export function conditionHolds(template: Template, name: string): boolean {
  const evaluate = (expression: unknown): boolean => {
    const [only, ...more] = isRecord(expression) ? Object.entries(expression) : [];
    if (!only || more.length > 0) throw new Error(`Cannot evaluate ${JSON.stringify(expression)}`);
    const [fn, args] = only;
    const list = asList(args);
    switch (fn) {
      case 'Fn::Not':
        return !evaluate(list[0]);
      case 'Fn::And':
        return list.every(evaluate);
      case 'Fn::Or':
        return list.some(evaluate);
      case 'Fn::Equals':
        if (list.some(isRecord)) throw new Error(`Fn::Equals over a non-literal: ${JSON.stringify(list)}`);
        return String(list[0]) === String(list[1]);
      case 'Condition':
        return conditionHolds(template, String(args));
      default:
        throw new Error(`Unsupported condition function ${fn}`);
    }
  };
  const expression = template.Conditions?.[name];
  if (expression === undefined) throw new Error(`The template has no condition ${name}`);
  return evaluate(expression);
}

/** The path of an API Gateway method, rebuilt from its resource tree (`/json/reply/X`). */
export function pathOfMethod(template: Template, method: { Properties: Record<string, unknown> }): string {
  const pathOf = (resourceRef: unknown): string => {
    const id = referencedId(resourceRef);
    if (id === 'ApiGatewayRestApi') return ''; // the root resource
    const node = id ? template.Resources[id] : undefined;
    if (!node || node.Type !== 'AWS::ApiGateway::Resource') throw new Error(`Unknown API resource ${JSON.stringify(resourceRef)}`);
    return `${pathOf(node.Properties.ParentId)}/${String(node.Properties.PathPart)}`;
  };
  return pathOf(method.Properties.ResourceId) || '/';
}

/** `METHOD /path` for every API Gateway method. */
export function routes(template: Template, only: (method: { Properties: Record<string, unknown> }) => boolean = () => true): string[] {
  return resourcesOfType(template, 'AWS::ApiGateway::Method')
    .filter(([, method]) => only(method))
    .map(([, method]) => `${String(method.Properties.HttpMethod)} ${pathOfMethod(template, method)}`)
    .sort();
}

/** The names of the entries in a function's deployment zip, read from its central directory. */
export function zipEntryNames(packaged: PackagedStage, fn: Resource): string[] {
  return [...zipEntries(packaged, fn).keys()];
}

/** The text of one file in a function's zip artifact (stored or deflated, as `sls package` writes them). */
export function zipEntryText(packaged: PackagedStage, fn: Resource, name: string): string {
  const read = zipEntries(packaged, fn).get(name);
  if (!read) throw new Error(`The artifact has no ${name}`);
  return read().toString('utf8');
}

/** A function's zip artifact, read through its central directory: each entry's name, and how to read its bytes. */
function zipEntries(packaged: PackagedStage, fn: Resource): Map<string, () => Buffer> {
  const code = fn.Properties.Code;
  if (!isRecord(code) || typeof code.S3Key !== 'string') throw new Error('Function without an S3 artifact');
  const zip = readFileSync(join(packaged.artifactsDir, basename(code.S3Key)));
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])); // end of central directory record
  if (end === -1) throw new Error(`${code.S3Key} is not a zip file`);
  const entries = new Map<string, () => Buffer>();
  for (let entry = 0, at = zip.readUInt32LE(end + 16); entry < zip.readUInt16LE(end + 10); entry += 1) {
    const [nameLength, extraLength, commentLength] = [28, 30, 32].map((offset) => zip.readUInt16LE(at + offset)) as [number, number, number];
    const [method, compressedSize, localHeader] = [zip.readUInt16LE(at + 10), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 42)];
    entries.set(zip.toString('utf8', at + 46, at + 46 + nameLength), () => {
      const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(start, start + compressedSize);
      return method === 8 ? inflateRawSync(data) : data;
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
