// What a promise was rejected with, checked to be of the expected class: for tests that look into an error's fields
// (its message by id, its hint) rather than its text alone.
import { expect } from 'vitest';

export async function rejection<T>(p: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(type);
  return e as T;
}
