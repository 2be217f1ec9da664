// Manual scans (`image scan`) go into the same history as serve and watch, so `history` shows them and
// `watch --enforce` can judge a digest by them.
import { messageOf } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { familiarName, tryParseImageReference } from '../core/image-reference.js';
import { english, type Message } from '../core/message.js';
import { sayOnStderr } from '../i18n/user-errors.js';
import { packagesMessages } from '../packages/messages.js';
import { historyMessages } from './messages.js';
import { HistoryStore, defaultHistoryPath } from './store.js';

/** The parts of a scan report that are recorded (src/scan/scan.ts ScanReport fits). */
export interface ManualScan {
  /** The image as the user named it. */
  ref: string;
  inventory: { imageId?: string; repoDigest?: string };
  /** Everything matched, before display filters: the verdict must not depend on --severity. */
  all: readonly Finding[];
  /** The scan's targets: those not covered by any advisory are recorded as such. */
  targets?: readonly { label: string; covered: boolean }[];
  /** What part of the image was not read (an analyzer's time budget, crash or cap): such a scan is recorded as failed. */
  notScanned?: readonly Message[];
}

/**
 * Records a finished manual scan; returns its id, or undefined when the image has no digest to key it by.
 * A history that cannot be written is a warning, never a failed scan.
 */
export function recordManualScan(scan: ManualScan, options: { file?: string; warn?: (m: Message) => void } = {}): number | undefined {
  const digest = scan.inventory.repoDigest ?? scan.inventory.imageId;
  if (digest === undefined || !/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
  const ref = tryParseImageReference(scan.ref);
  const warn = options.warn ?? sayOnStderr;
  let store: HistoryStore | undefined;
  try {
    store = new HistoryStore(options.file ?? defaultHistoryPath());
    return store.record(
      { digest, repository: ref ? familiarName(ref) : scan.ref, tag: ref?.tag ?? null, trigger: 'manual', origin: `ref:${scan.ref}` },
      scan.all,
      (scan.targets ?? []).filter((t) => !t.covered).map((t) => t.label),
      // The sentence serve and watch store for such a scan (assertScanned), in English as the history keeps it.
      scan.notScanned?.length
        ? english(packagesMessages.say('packages.notScannedCompletely', { ref: scan.ref, count: scan.notScanned.length, first: scan.notScanned[0]! }))
        : undefined,
    );
  } catch (e) {
    warn(historyMessages.say('history.scan.notRecorded', { error: messageOf(e) }));
    return undefined;
  } finally {
    store?.close();
  }
}
