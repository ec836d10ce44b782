// Child of the cold-init section: loads one bundle in this fresh process the way the Lambda runtime
// does (require for CommonJS, import() for ES modules) and reports how long that took. Plain
// JavaScript so nothing is loaded before the clock starts beyond what this file needs.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.argv[2];
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
if (file.endsWith('.mjs')) await import(pathToFileURL(file).href);
else createRequire(import.meta.url)(file);
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(`\n${JSON.stringify({ wallMs, cpuMs: (user + system) / 1000 })}\n`);
