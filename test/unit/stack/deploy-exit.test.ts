// A deploy that fails at one step exits by the error's code: the same failure gives the same exit code in every
// language (before, the code was picked by matching the English message, so ETIMEDOUT exited 3 in English and 4 in Japanese).
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { translateEngineError } from '../../../src/engine/models.js';
import { setLocale, type Locale } from '../../../src/i18n/locale.js';
import { deployFailureExit } from '../../../src/stack/deploy.js';

const sys = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:2375`), { code, errno: -1, syscall: 'connect' });

afterEach(() => setLocale('en'));

describe('deployFailureExit', () => {
  const failures: [string, unknown, number][] = [
    ['ECONNREFUSED', sys('ECONNREFUSED'), 3],
    ['ETIMEDOUT', sys('ETIMEDOUT'), 3],
    ['ECONNRESET (socket hang up)', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 3],
    ['EHOSTUNREACH', sys('EHOSTUNREACH'), 3],
    ['ENOENT (no socket)', sys('ENOENT'), 3],
    ['EPIPE', sys('EPIPE'), 3],
    ['409 conflict', Object.assign(new Error('(HTTP code 409) conflict'), { statusCode: 409, json: { message: 'name conflicts' } }), 4],
    ['500 error', Object.assign(new Error('(HTTP code 500) server error'), { statusCode: 500 }), 4],
    ['EACCES', sys('EACCES'), 4],
  ];
  for (const [name, failure, exit] of failures) {
    it(`exits ${exit} on ${name}, in English and in Japanese`, () => {
      const codes = (['en', 'ja'] as Locale[]).map((l) => {
        setLocale(l);
        return deployFailureExit(translateEngineError(failure, 'creating network web_front'));
      });
      expect(codes).toEqual([exit, exit]);
    });
  }

  it('keeps bad input as bad input', () => {
    expect(deployFailureExit(new UserError('secret exists with other content'))).toBe(2);
    expect(deployFailureExit(new UserError('x', { code: 'failed' }))).toBe(4);
  });
});
