// Whether a healthcheck is defined: the one answer for an image's HEALTHCHECK (image lint, the engine snapshot the
// benchmark reads), and whether one is switched off (CIS 5.27 on a service). It sits in core so that the engine edge,
// which imports only core, asks the same predicate. Docker's own reading: no test, an empty test or ["NONE"] (a
// disabled check) is no healthcheck.

export function definesHealthcheck(test: readonly unknown[] | null | undefined): boolean {
  return test !== undefined && test !== null && test.length > 0 && test[0] !== 'NONE';
}

/** Whether a container or service spec switches the image's healthcheck off (["NONE"]); an empty test inherits it. */
export function disablesHealthcheck(test: readonly unknown[] | null | undefined): boolean {
  return test?.[0] === 'NONE';
}
