import { describe, expect, it } from 'vitest';
import { encryptedOptionSaysFalse, isEncryptedOverlay } from '../../../src/security/overlay.js';

describe('encrypted overlay', () => {
  it.each([
    [{ encrypted: '' }, true, false],
    [{ encrypted: 'true' }, true, false],
    [{ encrypted: 'false' }, true, true],
    [{ encrypted: ' FALSE ' }, true, true],
    [{ Encrypted: '' }, false, false],
    [{ 'com.docker.network.encrypted': '' }, false, false],
    [{}, false, false],
    [null, false, false],
    [undefined, false, false],
  ])('%j → encrypted %s, says false %s', (opts, enc, saysFalse) => {
    expect(isEncryptedOverlay(opts)).toBe(enc);
    expect(encryptedOptionSaysFalse(opts)).toBe(saysFalse);
  });

  it('does not take an inherited key for the option', () => {
    expect(isEncryptedOverlay(Object.create({ encrypted: '' }) as Record<string, string>)).toBe(false);
  });
});
