/**
 * The value every key's secret has in the bench (the customer-id key and the address key alike), in
 * the fake Secrets Manager and in the stubbed clients, so items one writes the other opens.
 */
export const BENCH_SECRET = 'bench-key-not-a-secret-0123456789abcdefghijkl';
