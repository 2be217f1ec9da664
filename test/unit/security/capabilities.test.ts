import { describe, expect, it } from 'vitest';
import { dangerousCapabilities, dropsAllCapabilities, normalizeCapability } from '../../../src/security/capabilities.js';

describe('capabilities', () => {
  it.each([
    [['SYS_ADMIN'], ['SYS_ADMIN'], [true]],
    [['cap_sys_admin', 'CAP_SYS_ADMIN'], ['SYS_ADMIN'], [true]],
    [['NET_BIND_SERVICE', 'CHOWN'], [], []],
    [
      ['NET_ADMIN', 'ALL'],
      ['NET_ADMIN', 'ALL'],
      [false, true],
    ],
    [[' net_raw '], ['NET_RAW'], [false]],
    [[], [], []],
  ])('%j → %j', (added, caps, escapes) => {
    const found = dangerousCapabilities(added);
    expect(found.map((f) => f.capability)).toEqual(caps);
    expect(found.map((f) => f.escape)).toEqual(escapes);
  });

  it.each([
    [['ALL'], true],
    [['all'], true],
    [['CAP_ALL'], true],
    [['NET_RAW'], false],
    [[], false],
  ])('drop %j drops all: %s', (drop, all) => {
    expect(dropsAllCapabilities(drop)).toBe(all);
  });

  it('normalizes', () => expect(normalizeCapability(' cap_net_raw')).toBe('NET_RAW'));
});
