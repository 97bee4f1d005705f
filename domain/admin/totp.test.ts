import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, newTotpSecret, totpCode, totpStep, verifyTotp } from './totp.js';

// RFC 6238 appendix B, SHA1 seed "12345678901234567890"; the 8-digit codes' last 6 digits are the 6-digit codes.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('at %i s gives the RFC code %s', (seconds, code) => {
    const secret = base32Decode(RFC_SECRET)!;
    expect(hotp(secret, totpStep(seconds * 1000), 8)).toBe(code);
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code.slice(-6));
  });

  it('base32 round-trips any bytes, and reads lower case, spaces and padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = base32Encode(bytes);
        expect([...base32Decode(text)!]).toEqual([...bytes]);
        expect([...base32Decode(`${text.toLowerCase().replace(/(.{4})/g, '$1 ')}==`)!]).toEqual([...bytes]);
      }),
    );
    expect(base32Decode('not base32!')).toBeNull();
  });

  it('accepts the code of this step and one either side, never further, never malformed', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2026, 10, 25, 12, 0, 10);
    const step = totpStep(now);
    for (const delta of [-1, 0, 1])
      expect(verifyTotp(secret, totpCode(secret, now + delta * 30_000), now, null)).toBe(step + delta);
    for (const delta of [-3, -2, 2, 3])
      expect(verifyTotp(secret, totpCode(secret, now + delta * 30_000), now, null)).toBeNull();
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456'])
      expect(verifyTotp(secret, bad, now, null)).toBeNull();
  });

  it('never accepts a code twice: only a step after the last one used counts', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2026, 10, 25, 12, 0, 10);
    const code = totpCode(secret, now);
    const used = verifyTotp(secret, code, now, null)!;
    expect(verifyTotp(secret, code, now, used)).toBeNull();
    expect(verifyTotp(secret, code, now + 10_000, used)).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), now + 30_000, used)).toBe(used + 1);
  });

  it("refuses another secret's code (any secret, any time)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 30_000, max: 4_000_000_000_000 }), (now) => {
        const mine = newTotpSecret();
        const theirs = newTotpSecret();
        const code = totpCode(theirs, now);
        // A 6-digit code collides with probability ~3/10^6 across the window: count it as a refusal unless it equals one of mine.
        const mineInWindow = [-1, 0, 1].map((d) => totpCode(mine, now + d * 30_000));
        expect(verifyTotp(mine, code, now, null) !== null).toBe(mineInWindow.includes(code));
      }),
    );
  });
});
