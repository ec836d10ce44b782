import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node versions in play must agree: the code is built for and must run on the oldest Node it
 * supports (`engines`, esbuild's `target`, the types, the README, and the machine that runs
 * serverless offline and the tests), and is deployed on a Lambda runtime that is still supported and
 * no older than that. The reasons are in serverless.yml, next to `runtime`.
 */
const root = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};
const serverlessYml = read('serverless.yml');

/**
 * Lambda's Node runtimes not yet past end of support (AWS Lambda runtimes page; nodejs20.x ended
 * April 2026), newest last: the service deploys on the newest.
 */
const SUPPORTED_LAMBDA_RUNTIMES = ['nodejs22.x', 'nodejs24.x'];
/** Node 20 left support in April 2026; 22 (maintenance to April 2027) is the oldest still supported. */
const OLDEST_SUPPORTED_NODE = 22;

const oldest = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1]);
const single = (pattern: RegExp): string => {
  const found = [...serverlessYml.matchAll(pattern)].map((m) => m[1]!);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('Node versions', () => {
  it('names the oldest supported Node as ">=N" in engines', () => {
    expect(oldest).toBeGreaterThanOrEqual(OLDEST_SUPPORTED_NODE);
  });

  it('builds every bundle for that Node: esbuild target in serverless.yml, the npm scripts and the local portal', () => {
    expect(single(/^\s+target: (\S+)$/gm)).toBe(`node${oldest}`);
    for (const script of ['bench', 'load', 'emails']) expect(pkg.scripts[script]).toContain(`--target=node${oldest} `);
    expect([...read('scripts/local-stack.js').matchAll(/target: '(\w+)'/g)].map((m) => m[1])).toEqual([`node${oldest}`]);
  });

  it('type-checks against that Node and tells people to install it', () => {
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^${oldest}\\.`));
    expect(read('README.md')).toContain(`Node.js ${oldest} or newer`);
  });

  it('deploys on the newest Lambda runtime, no older than that Node, and documents it', () => {
    const runtime = single(/^\s+runtime: (\S+)$/gm);
    expect(runtime).toBe(SUPPORTED_LAMBDA_RUNTIMES.at(-1));
    expect(Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1])).toBeGreaterThanOrEqual(oldest);
    expect(read('docs/deploy.md')).toContain(`\`${runtime}\``);
  });

  it('runs the tests on a Node the code supports', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(oldest);
  });
});
