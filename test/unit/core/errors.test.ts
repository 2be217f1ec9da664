// Error codes: what went wrong is a code read from the failure (errno, HTTP status), never from the wording, and
// the exit code follows from the code.
import { describe, expect, it } from 'vitest';
import { EXIT_FOR_CODE, EngineError, ExitCode, InputError, UserError, engineErrorCode, failureOf } from '../../../src/core/errors.js';
import { coreMessages } from '../../../src/core/messages.js';

/** The shape Node gives a failed connect (net.connect, http.request). */
const sys = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:2375`), { code, errno: -1, syscall: 'connect' });

describe('error codes', () => {
  it('reads the engine code from the system error or status behind a failure, through causes', () => {
    for (const c of ['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE'])
      expect(engineErrorCode(sys(c)), c).toBe('engine.unreachable');
    expect(engineErrorCode(sys('EACCES'))).toBe('engine.denied');
    expect(engineErrorCode(Object.assign(new Error('(HTTP code 503) unavailable'), { statusCode: 503 }))).toBe('engine.answered');
    expect(engineErrorCode(new Error('socket hang up'))).toBe('engine.failed');
    expect(engineErrorCode(new Error('wrapped', { cause: new Error('again', { cause: sys('ETIMEDOUT') }) }))).toBe('engine.unreachable');
    expect(failureOf(undefined)).toEqual({});
  });

  it('gives an EngineError the code of its cause and the exit code of that code', () => {
    const e = new EngineError('whatever the wording, in any language', { cause: sys('ETIMEDOUT') });
    expect(e.code).toBe('engine.unreachable');
    expect(e.exitCode).toBe(ExitCode.ENGINE);
    expect(new EngineError('x').code).toBe('engine.failed');
  });

  it('maps every code to one exit code, and keeps an explicit exit code', () => {
    expect(EXIT_FOR_CODE).toEqual({
      usage: 2,
      'engine.unreachable': 3,
      'engine.denied': 3,
      'engine.answered': 3,
      'engine.failed': 3,
      failed: 4,
    });
    expect(new UserError('x').exitCode).toBe(2);
    expect(new UserError('x', { code: 'failed' }).exitCode).toBe(4);
    expect(new UserError('x', { exitCode: ExitCode.FINDINGS }).exitCode).toBe(1);
    expect(new UserError('x', { exitCode: ExitCode.FAILED }).code).toBe('failed');
  });

  it('keeps the English as the message and the message by id for the printer', () => {
    const e = new UserError(coreMessages.say('core.severity.unknown', { flag: '--fail-on', input: 'urgent' }), {
      hint: coreMessages.say('core.severity.unknown.hint', { severities: 'HIGH, LOW' }),
    });
    expect(e.message).toBe('--fail-on: unknown severity "urgent"');
    expect(e.hint).toBe('use one of HIGH, LOW (case does not matter)');
    expect(e.text.id).toBe('core.severity.unknown');
    const input = new InputError('stack.yml', coreMessages.say('core.limit.invalid', { value: 'x' }), { line: 3 });
    expect(input.message).toBe('stack.yml:3: --limit: "x" is not a positive whole number');
    expect(input.text.id).toBe('core.inputAt');
    expect(new InputError('a.yml', 'plain text').message).toBe('a.yml: plain text');
  });
});
