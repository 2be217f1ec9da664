// A scan cut short (an analyzer's timeout, crash or cap, a refused database, the scan's deadline) read only
// part of the image: it is "not scanned", never clean. Such warnings carry this mark, so that whoever stores
// a verdict (serve, watch) can tell them from a note.
export const NOT_SCANNED = 'not scanned: ';

/** The warnings that say part of the image was not read. */
export function notScannedWarnings(warnings: readonly string[]): string[] {
  return warnings.filter((w) => w.includes(NOT_SCANNED));
}

/** Throws when part of the image was not read: such a scan must be stored as failed, never as clean. */
export function assertScanned(ref: string, warnings: readonly string[]): void {
  const cut = notScannedWarnings(warnings);
  if (cut.length) throw new Error(`${ref} was not scanned completely (${cut.length} part(s) not read), first: ${cut[0]!}`);
}

/** The longest one scan may take: SWARMGUARD_SCAN_DEADLINE_MS, default 5 minutes. */
export function scanDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SWARMGUARD_SCAN_DEADLINE_MS);
  return Number.isInteger(n) && n > 0 ? n : 5 * 60_000;
}

/** Fails `work` with a clear error once the scan deadline has passed. */
export async function withScanDeadline<T>(ref: string, work: Promise<T>, ms = scanDeadlineMs()): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${NOT_SCANNED}${ref}: the scan ran past its deadline of ${Math.round(ms / 1000)} s (SWARMGUARD_SCAN_DEADLINE_MS)`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
