import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule } from './rule-test.js';

describeRule('overlay-not-encrypted', (lint) => {
  it('reports an overlay network without the encrypted option, at the network key', async () => {
    const f = await lint(`services:
  web:
    image: nginx:1
    networks: [front]
networks:
  front:
    driver: overlay
`);
    expect(f).toHaveLength(1);
    expect(lines(f)).toEqual([6]);
    expect(f[0]?.message).toContain('"front"');
    expect(f[0]?.fixable).toBe(true);
  });

  it('treats a network without a driver as an overlay (docker stack deploy default)', async () => {
    const f = await lint('services:\n  web:\n    image: a:1\n    networks: [n]\nnetworks:\n  n: {}\n');
    expect(f).toHaveLength(1);
  });

  it('accepts encrypted "" and "true" and a bare key', async () => {
    for (const v of ['""', '"true"', '', 'true']) {
      const f = await lint(
        `services:\n  web:\n    image: a:1\n    networks: [n]\nnetworks:\n  n:\n    driver: overlay\n    driver_opts:\n      encrypted: ${v}\n`,
      );
      expect(f, `encrypted: ${v}`).toEqual([]);
    }
  });

  it('says encrypted: "false" still encrypts (INFO), as the engine only checks the key', async () => {
    const f = await lint('services:\n  web:\n    image: a:1\n    networks: [n]\nnetworks:\n  n:\n    driver_opts:\n      encrypted: "false"\n');
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('INFO');
    expect(lines(f)).toEqual([8]);
  });

  it('reports each service on the implicit default network, at the service key', async () => {
    const f = await lint('services:\n  web:\n    image: a:1\n  api:\n    image: b:1\n    networks: [n]\nnetworks:\n  n:\n    driver_opts: {encrypted: ""}\n');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toContain('implicit default');
    expect(lines(f)).toEqual([2]);
  });

  it('ignores external networks and other drivers', async () => {
    const f = await lint('services:\n  web:\n    image: a:1\n    networks: [ext, br]\nnetworks:\n  ext:\n    external: true\n  br:\n    driver: bridge\n');
    expect(f).toEqual([]);
  });

  it('uses an explicitly declared default network instead of the implicit one', async () => {
    const enc = await lint('services:\n  web:\n    image: a:1\nnetworks:\n  default:\n    driver_opts:\n      encrypted: ""\n');
    expect(enc).toEqual([]);
    const plain = await lint('services:\n  web:\n    image: a:1\nnetworks:\n  default:\n    driver: overlay\n');
    expect(lines(plain)).toEqual([5]);
  });
});
