import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { entryOf, type EsbuildSettings } from './build';
import { esbuildWorkFolders, outDir, root, stage } from './settings';
import { readZip } from './zip';

/** A function's bundle as `sls package` built it, ready to load as Lambda would. */
export interface FunctionBundle {
  /** The function's key in serverless.yml. */
  readonly name: string;
  /** The source entry it was built from, relative to the project root. */
  readonly entry: string;
  /** The bundle, extracted from the function's zip with its source map beside it. */
  readonly file: string;
  /** The function's environment as deployed, plus what the Lambda runtime itself sets. */
  readonly env: Readonly<Record<string, string>>;
}

export interface PackagedService {
  readonly functions: readonly FunctionBundle[];
  /** serverless.yml's `custom.esbuild`, as resolved by the framework. */
  readonly esbuild: EsbuildSettings;
}

/** The parts of `serverless-state.json` (written by `sls package`) the bench reads. */
interface ServerlessState {
  service: {
    provider: { region: string; memorySize?: number; environment?: Record<string, string> };
    custom: { esbuild: EsbuildSettings };
    functions: Record<string, { name: string; handler: string; memorySize?: number; environment?: Record<string, string>; package: { artifact: string } }>;
  };
}

/**
 * Runs `sls package` as a user would (no AWS credentials: nothing here may reach AWS) and extracts
 * each function's bundle from its zip.
 */
export function packageService(): PackagedService {
  const packageDir = join(outDir, 'package');
  rmSync(packageDir, { recursive: true, force: true });
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  try {
    execFileSync(process.execPath, [require.resolve('osls/bin/serverless.js'), 'package', '--stage', stage, '--package', packageDir], {
      cwd: root,
      env: { ...env, SLS_TELEMETRY_DISABLED: '1', ESBUILD_WORK_FOLDER: esbuildWorkFolders.package },
      stdio: 'pipe',
    });
  } catch (error) {
    const output = (error as { stdout?: Buffer; stderr?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`sls package failed:\n${output}${(error as { stderr?: Buffer }).stderr?.toString() ?? ''}`);
  }
  const state = JSON.parse(readFileSync(join(packageDir, 'serverless-state.json'), 'utf8')) as ServerlessState;
  const { provider, custom, functions } = state.service;

  return {
    esbuild: custom.esbuild,
    functions: Object.entries(functions).map(([name, fn]) => {
      const handlerModule = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
      const extracted = join(outDir, 'functions', name);
      rmSync(extracted, { recursive: true, force: true });
      const files = readZip(join(packageDir, basename(fn.package.artifact)));
      for (const [path, data] of files) {
        mkdirSync(dirname(join(extracted, path)), { recursive: true });
        writeFileSync(join(extracted, path), data);
      }
      const bundle = ['.js', '.mjs', '.cjs'].map((ext) => handlerModule + ext).find((path) => files.has(path));
      if (!bundle) throw new Error(`The zip of ${name} has no bundle for ${fn.handler}`);
      return {
        name,
        entry: entryOf(handlerModule),
        file: join(extracted, bundle),
        env: {
          ...provider.environment,
          ...fn.environment,
          // Set by Lambda itself. The credentials are dummies: the bench talks to 127.0.0.1 only.
          AWS_REGION: provider.region,
          AWS_LAMBDA_FUNCTION_NAME: fn.name,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize ?? provider.memorySize ?? 1024),
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
          AWS_ACCESS_KEY_ID: 'bench',
          AWS_SECRET_ACCESS_KEY: 'bench',
          AWS_SESSION_TOKEN: 'bench',
          // Lambda runs Node 22; the SDK's notice about an older local Node is not a figure.
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      };
    }),
  };
}
