// A parser of untrusted input refuses with a UserError and nothing else: the property the tests of such parsers state.
import fc from 'fast-check';
import { UserError } from '../../src/core/errors.js';

/** Asserts that `parse`, given any value `values` draws, returns or throws a UserError, never anything else. */
export function expectOnlyUserErrors<T>(values: fc.Arbitrary<T>, parse: (value: T) => unknown): void {
  fc.assert(
    fc.property(values, (value) => {
      try {
        parse(value);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
      }
    }),
  );
}
