/**
 * Every AWS client's send() answering at once, so timing a handler measures its own work. Imported
 * by the stubbed copies of the functions (reset.ts, sender.ts), each built with serverless.yml's
 * esbuild settings like the function itself.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RecordedCall } from '../floors/replay';
import { BENCH_SECRET } from '../secret';

/**
 * The operations sent (`UpdateItem`, `PutItem`, ...) while `recording.on`, in order: the floor replays
 * exactly these. Off by default, so timing loops do not pile up records for the GC to walk.
 */
export const sent: RecordedCall[] = [];
export const recording = { on: false };

/** What a GetItem finds, by table; a table not named here holds the key asked for (a known customer). */
export const items = new Map<string, unknown>();

/**
 * One answer fits every other call: an UpdateItem counts a first hit (within every limit) or marks
 * an item, a PutItem or SendEmail ignores it.
 */
const ANSWER = { Attributes: { hits: { N: '1' } }, MessageId: 'bench' };
const FOUND = { Item: { pk: { S: 'customer' } } };

// The keys, read once per instance by its first request: not a call of every request, so not
// recorded for the floor to replay.
Object.defineProperty(SecretsManagerClient.prototype, 'send', { value: async () => ({ SecretString: BENCH_SECRET }) });

/** Stubs send() on these client classes' own prototypes, so the handler's already created clients pick it up. */
export function stubSend(clients: ReadonlyArray<{ prototype: object }>): void {
  for (const Client of clients) {
    Object.defineProperty(Client.prototype, 'send', {
      // A command's operation name is the third entry of its schema: a string, so it survives
      // minification, which renames the command classes themselves.
      value: async (command: { schema: readonly unknown[]; input: { TableName?: string } }) => {
        const operation = String(command.schema[2]);
        if (recording.on) sent.push({ command: operation, input: command.input });
        if (operation !== 'GetItem') return ANSWER;
        const item = items.get(command.input.TableName ?? '');
        return item ? { Item: item } : FOUND;
      },
    });
  }
}
