// The English of what reading packages says, by id (src/i18n/ja/packages.ts says it in Japanese): a scan that read
// only part of an image, and the warnings of the inventory's readers (src/packages/analyzers/messages.ts has the
// analyzers' own). Whether a warning cut the scan short is its `cut` flag (incomplete.ts), not its words.
import { defineMessages } from '../core/message.js';

export const packagesMessages = defineMessages({
  'packages.notScannedCompletely': '{ref} was not scanned completely ({count} part(s) not read), first: {first}',
  'packages.deadline': 'not scanned: {ref}: the scan ran past its deadline of {seconds} s (SWARMGUARD_SCAN_DEADLINE_MS)',
  // one file in the analyzer worker (run.ts, keeper.ts); {budget} is a time as budgetText writes it ("60 s", "200 ms")
  'packages.file.timeout': '{path}: not scanned: reading it took longer than {budget}: stopped and skipped (a crafted file?)',
  'packages.file.failed': '{path}: not scanned: reading it failed ({why}): skipped',
  'packages.file.stoppedBefore': '{path}: not scanned: the scan was stopped before it was read',
  'packages.file.stoppedWhile': '{path}: not scanned: the scan was stopped while it was read',
  // the files of one image together (run.ts, keeper.ts)
  'packages.run.overCap': 'not scanned: {count} more file(s) for the {analyzer} analyzer beyond its cap of {max}: not read',
  'packages.run.stopped': 'not scanned: {count} file(s) not read: the scan was stopped',
  'packages.run.outOfTime': 'not scanned: {count} file(s) not read: the analysis ran out of its time budget',
  'packages.keep.budgetSpent': "not scanned: the analyzers' budget of {bytes} bytes for one image is spent: {count} file(s) not read, the first {first}",
  // one analyzer on one kept file (wanted.ts)
  'packages.analyze.tooLarge': "{path}: {size} bytes, over the {analyzer} analyzer's {max}-byte limit: not read",
  'packages.analyze.failed': '{path}: the {analyzer} analyzer could not read it ({error})',
  // rpm databases, any format (rpmdb/)
  'packages.rpmdb.tooMany': 'not scanned: more than {max} packages: the rest not read',
  'packages.rpmdb.tooLarge': 'not scanned: refused: the package headers add up to more than {max} bytes',
  // Berkeley DB (rpmdb/bdb.ts)
  'packages.rpmdb.bdb.badMagic': 'not a Berkeley DB hash database (bad magic)',
  'packages.rpmdb.bdb.pageSize': 'page size {size} is not a Berkeley DB page size',
  'packages.rpmdb.bdb.encrypted': 'the database is encrypted',
  'packages.rpmdb.bdb.notHash': 'not a hash database (the metadata page has another type)',
  'packages.rpmdb.bdb.truncated': 'the metadata names {named} pages but the file holds {pages}: truncated, reading what is there',
  'packages.rpmdb.bdb.sharedChains': 'not scanned: refused: {count} overflow chain(s) run into pages another chain already read (a crafted database)',
  'packages.rpmdb.bdb.badEntry': '{count} entry skipped: page numbers outside the file, a page loop or a broken chain',
  'packages.rpmdb.bdb.badEntries': '{count} entries skipped: page numbers outside the file, a page loop or a broken chain',
  // ndb (rpmdb/ndb.ts)
  'packages.rpmdb.ndb.badMagic': 'not an ndb database (bad magic)',
  'packages.rpmdb.ndb.version': 'ndb version {version} is not known',
  'packages.rpmdb.ndb.slotPages': '{count} slot pages is not a plausible ndb index',
  'packages.rpmdb.ndb.truncated': 'the slot index runs past the end of the file: truncated, reading what is there',
  'packages.rpmdb.ndb.badSlots': '{count} slot(s) skipped: bad magic, or a blob outside the file',
  // SQLite (rpmdb/sqlite.ts); {objects} is a list of packages.rpmdb.sqlite.object
  'packages.rpmdb.sqlite.noHeader': 'not a SQLite database (no SQLite header)',
  'packages.rpmdb.sqlite.unreadable': 'not a readable SQLite database ({error})',
  'packages.rpmdb.sqlite.notOnlyTables': 'not scanned: refused: the database defines {objects}; an rpmdb has only tables',
  'packages.rpmdb.sqlite.object': 'a {type} "{name}"',
  'packages.rpmdb.sqlite.noPackages': 'no Packages table',
  'packages.rpmdb.sqlite.computed': 'not scanned: refused: the Packages table has {count} generated or hidden column(s); an rpmdb stores its headers',
  'packages.rpmdb.sqlite.noBlob': 'the Packages table has no blob column',
  'packages.rpmdb.sqlite.rowsSkipped': '{count} row(s) skipped: the blob is not a blob or is too large',
  'packages.rpmdb.sqlite.cannotRead': 'cannot read the Packages table ({error})',
});
