import { randomUUID } from 'node:crypto';
import { apiUrl } from './stack';

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** A request to the local API (a text body, or raw bytes), answered as raw text so tests see exactly what a client gets. */
export async function send(method: string, path: string, body?: string | Uint8Array, headers: Record<string, string> = {}): Promise<HttpResult> {
  const response = await fetch(`${apiUrl}${path}`, { method, headers, body });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

export const postJson = (path: string, dto: unknown, headers: Record<string, string> = {}) =>
  send('POST', path, JSON.stringify(dto), { 'Content-Type': 'application/json', ...headers });

/** An address no other test uses, so tests can look for their own item and email. */
export const uniqueEmail = (label: string): string => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** A well-formed token that was never issued: it decodes, and the operation answers TokenNotFound. */
export const UNISSUED_TOKEN = `${'A'.repeat(22)}.${'B'.repeat(43)}`;
