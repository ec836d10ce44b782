import { hashToken, tokenStateOf } from '../../../lib/reset/token';

const NOW = 1_800_000_000;
const presented = hashToken('a presented token');
const record = (change: Partial<{ tokenHash: string; expiresAt: number; usedAt: number }> = {}) => ({ tokenHash: presented, expiresAt: NOW + 60, keyVersion: '1', ...change });

describe('tokenStateOf', () => {
  it('reads a matching, unused token before its expiry as live, up to the second before it', () => {
    expect(tokenStateOf(record(), presented, NOW, '1')).toBe('live');
    expect(tokenStateOf(record({ expiresAt: NOW + 1 }), presented, NOW, '1')).toBe('live');
    expect(tokenStateOf(record({ expiresAt: NOW }), presented, NOW, '1')).toBe('TokenExpired');
  });

  it('reads a stored hash of another length (a damaged or foreign record) as TokenNotFound, not a crash', () => {
    expect(tokenStateOf(record({ tokenHash: 'c2hvcnQ' }), presented, NOW, '1')).toBe('TokenNotFound');
    expect(tokenStateOf(record({ tokenHash: `${presented}AAAA` }), presented, NOW, '1')).toBe('TokenNotFound');
    expect(tokenStateOf(record({ tokenHash: '' }), presented, NOW, '1')).toBe('TokenNotFound');
  });

  it('reads another hash as TokenNotFound whatever the record says, so a replaced token tells nothing of its successor', () => {
    const other = hashToken('another token');
    expect(tokenStateOf(record({ tokenHash: other }), presented, NOW, '1')).toBe('TokenNotFound');
    expect(tokenStateOf(record({ tokenHash: other, usedAt: NOW - 5 }), presented, NOW, '1')).toBe('TokenNotFound');
    expect(tokenStateOf(record({ tokenHash: other, expiresAt: NOW - 5 }), presented, NOW, '1')).toBe('TokenNotFound');
    expect(tokenStateOf(undefined, presented, NOW, '1')).toBe('TokenNotFound');
  });

  it('reads a used token as TokenUsed even after its expiry', () => {
    expect(tokenStateOf(record({ usedAt: NOW - 5, expiresAt: NOW - 1 }), presented, NOW, '1')).toBe('TokenUsed');
  });
});
