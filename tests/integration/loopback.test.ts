import { readFileSync } from 'node:fs';
import { testPorts } from './support/stack';

/** The addresses sockets listen on at `port`, from the kernel's own tables (IPv4 and IPv6). */
function listeningAddresses(port: string): string[] {
  const hexPort = Number(port).toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, localPort] = local!.split(':');
      // 0A is TCP_LISTEN.
      if (state === '0A' && localPort === hexPort) addresses.push(address!);
    }
  }
  return addresses;
}

/** 127.0.0.1 as /proc/net/tcp writes it (little-endian hex), and as an IPv4-mapped IPv6 address. */
const LOOPBACK = new Set(['0100007F', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);

describe('the local stack', () => {
  it.each(Object.entries(testPorts))('listens on loopback only: %s', (_name, port) => {
    const addresses = listeningAddresses(port);
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((address) => !LOOPBACK.has(address))).toEqual([]);
  });
});
