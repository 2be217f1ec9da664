// What a call raises, for tests of what errors say: sync or async, checked to be a UserError (or the class given),
// and the test fails when the call raises nothing or something of another class.
import { expect } from 'vitest';
import { UserError } from '../../src/core/errors.js';

export async function raised(fn: () => unknown): Promise<UserError>;
export async function raised<T>(fn: () => unknown, type: abstract new (...args: never[]) => T): Promise<T>;
export async function raised(fn: () => unknown, type: abstract new (...args: never[]) => unknown = UserError): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return e;
  }
  throw new Error('nothing was raised');
}
