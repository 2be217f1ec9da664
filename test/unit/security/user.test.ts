import { describe, expect, it } from 'vitest';
import { classifyUser, runsAsRoot } from '../../../src/security/user.js';

describe('root user', () => {
  it.each([
    [undefined, 'image-default'],
    ['', 'image-default'],
    ['  ', 'image-default'],
    ['root', 'root'],
    ['0', 'root'],
    ['0:0', 'root'],
    ['root:wheel', 'root'],
    [':1000', 'root'],
    ['1000', 'non-root'],
    ['1000:0', 'non-root'],
    ['nobody', 'non-root'],
    ['rootless', 'non-root'],
    ['00', 'non-root'],
  ] as const)('%s → %s', (u, v) => {
    expect(classifyUser(u)).toBe(v);
  });

  it.each([
    ['', undefined, true],
    ['', '1000', false],
    ['', 'root', true],
    ['', '', true],
    ['1000', undefined, false],
    ['0', '1000', true],
  ] as const)('user %j with image user %j runs as root: %s', (u, img, root) => {
    expect(runsAsRoot(u, img)).toBe(root);
  });
});
