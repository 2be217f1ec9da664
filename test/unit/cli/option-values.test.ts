// Option values several commands share: --listen HOST:PORT (serve, dashboard) and comma-separated ids.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectIds, parseListen } from '../../../src/cli/option-values.js';
import { UserError } from '../../../src/core/errors.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { raised } from '../../helpers/raised.js';

describe('parseListen', () => {
  it('takes HOST:PORT, an IPv6 host in brackets, and a host name', () => {
    expect(parseListen('127.0.0.1:8090', 8090)).toEqual({ host: '127.0.0.1', port: 8090 });
    expect(parseListen('[::1]:0', 8091)).toEqual({ host: '::1', port: 0 });
    expect(parseListen('0.0.0.0:65535', 8091)).toEqual({ host: '0.0.0.0', port: 65535 });
    expect(parseListen('dash.internal:443', 8091)).toEqual({ host: 'dash.internal', port: 443 });
  });

  it('refuses anything else, a port above 65535 too, with the example port in the hint', async () => {
    for (const bad of [
      '',
      '8090',
      ':8090',
      '127.0.0.1',
      '127.0.0.1:',
      '127.0.0.1:123456',
      '127.0.0.1:65536',
      '127.0.0.1:99999',
      '::1:8090',
      '[::1',
      'host:80x',
      '[::1]8090',
    ]) {
      const e = await raised(() => parseListen(bad, 8091));
      expect(e.message, bad).toBe(`--listen: "${bad}" is not HOST:PORT`);
      expect(e.hint).toBe('e.g. 127.0.0.1:8091');
      expect(localizeMessage(e.hintText!, 'ja')).toBe('例: 127.0.0.1:8091');
    }
  });

  it('gives back the host and port it was given (property), and stays fast on a flood', () => {
    const host = fc.stringMatching(/^[a-z0-9.-]{1,40}$/);
    fc.assert(
      fc.property(host, fc.integer({ min: 0, max: 65535 }), (h, p) => {
        expect(parseListen(`${h}:${p}`, 1)).toEqual({ host: h, port: p });
        expect(parseListen(`[${h}]:${p}`, 1)).toEqual({ host: h, port: p });
      }),
    );
    const started = process.hrtime.bigint();
    expect(() => parseListen('a:'.repeat(50_000), 1)).toThrow(UserError);
    expect(() => parseListen(`${'a'.repeat(100_000)}:${'1'.repeat(100_000)}`, 1)).toThrow(UserError);
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
  });
});

describe('collectIds', () => {
  it('splits on commas, drops blanks, keeps order across repeats', () => {
    expect(collectIds('a, b,,c', ['x'])).toEqual(['x', 'a', 'b', 'c']);
  });
});
