// Docker's reading of a healthcheck test list: nothing, an empty list or NONE is no healthcheck.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definesHealthcheck } from '../../../src/core/healthcheck.js';

describe('definesHealthcheck', () => {
  it('reads CMD and CMD-SHELL as defined, and no test, an empty one or NONE as none', () => {
    expect(definesHealthcheck(['CMD', 'true'])).toBe(true);
    expect(definesHealthcheck(['CMD-SHELL', 'curl -f http://localhost/'])).toBe(true);
    expect(definesHealthcheck(['NONE'])).toBe(false);
    expect(definesHealthcheck([])).toBe(false);
    expect(definesHealthcheck(undefined)).toBe(false);
    expect(definesHealthcheck(null)).toBe(false);
  });

  it('depends on the first word only', () => {
    fc.assert(fc.property(fc.string(), fc.array(fc.string(), { maxLength: 5 }), (first, rest) => definesHealthcheck([first, ...rest]) === (first !== 'NONE')));
  });
});
