// Whether a healthcheck is defined: the one answer for an image's HEALTHCHECK, a container's and a service's.
// Docker's own reading: no test, an empty test or ["NONE"] (a disabled check) is no healthcheck.

export function definesHealthcheck(test: readonly unknown[] | null | undefined): boolean {
  return test !== undefined && test !== null && test.length > 0 && test[0] !== 'NONE';
}
