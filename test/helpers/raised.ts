// The UserError a call raises, for tests of what errors say: sync or async, and the test fails when the call raises
// nothing or something that is no UserError.
import { expect } from 'vitest';
import { UserError } from '../../src/core/errors.js';

export async function raised(fn: () => unknown): Promise<UserError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('nothing was raised');
}
