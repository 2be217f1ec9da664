// A scan cut short (an analyzer's timeout, crash or cap, a refused database, the scan's deadline) read only
// part of the image: it is "not scanned", never clean. Such warnings carry the `cut` flag, so that whoever stores
// a verdict (serve, watch) or prints a total can tell them from a note without reading their words.
import { ExitCode, UserError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { parseMessage } from '../core/message-data.js';
import { packagesMessages as M } from './messages.js';
import type { InventoryWarning } from './types.js';

/** A warning that says part of the image was not read. */
export function cutShort(m: Message): InventoryWarning {
  return { ...m, cut: true };
}

/** A warning said inside another's words (the file or database it came from, held in `outer`'s data): cut when `inner` is. */
export function warningWithin(outer: Message, inner: InventoryWarning): InventoryWarning {
  return inner.cut === true ? cutShort(outer) : outer;
}

/** A warning read back from outside the process (a node's inventory, a cached layer): a message, with its `cut` flag. */
export function parseInventoryWarning(v: unknown): InventoryWarning | undefined {
  const m = parseMessage(v);
  if (m === undefined) return undefined;
  return (v as { cut?: unknown }).cut === true ? cutShort(m) : m;
}

/** The warnings that say part of the image was not read. */
export function notScannedWarnings(warnings: readonly InventoryWarning[]): InventoryWarning[] {
  return warnings.filter((w) => w.cut === true);
}

/** Throws when part of the image was not read: such a scan must be stored as failed, never as clean. */
export function assertScanned(ref: string, warnings: readonly InventoryWarning[]): void {
  const cut = notScannedWarnings(warnings);
  if (cut.length)
    throw new UserError(M.say('packages.notScannedCompletely', { ref, count: cut.length, first: cut[0]! }), { code: 'failed', exitCode: ExitCode.NOT_SCANNED });
}

/** The longest one scan may take: SWARMGUARD_SCAN_DEADLINE_MS, default 5 minutes. */
export function scanDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SWARMGUARD_SCAN_DEADLINE_MS);
  return Number.isInteger(n) && n > 0 ? n : 5 * 60_000;
}

/** How long a stopped scan may take to let go of what it holds before its deadline error is given anyway. */
const STOP_GRACE_MS = 5_000;

/**
 * Runs `work` under the scan deadline: when it passes, `work`'s signal is aborted with a clear error, so that
 * reading, downloading and analysing stop, and the promise rejects with that error once `work` has let go (or
 * after a short grace), so the scan's slot is free for the next one with nothing left running.
 */
export async function withScanDeadline<T>(ref: string, work: (signal: AbortSignal) => Promise<T>, ms = scanDeadlineMs()): Promise<T> {
  const ac = new AbortController();
  const why = new UserError(M.say('packages.deadline', { ref, seconds: Math.round(ms / 1000) }), { code: 'failed', exitCode: ExitCode.NOT_SCANNED });
  const timer = setTimeout(() => ac.abort(why), ms);
  // Whatever `work` makes of being stopped (a partial result, its own error), the scan failed on its deadline.
  const running = work(ac.signal).then((v) => {
    if (ac.signal.aborted) throw why;
    return v;
  });
  const stopped = new Promise<never>((_, reject) => {
    ac.signal.addEventListener(
      'abort',
      () => {
        const grace = setTimeout(() => reject(why), STOP_GRACE_MS);
        running
          .then(
            () => undefined,
            () => undefined,
          )
          .finally(() => {
            clearTimeout(grace);
            reject(why);
          });
      },
      { once: true },
    );
  });
  try {
    return await Promise.race([running, stopped]);
  } finally {
    clearTimeout(timer);
  }
}
