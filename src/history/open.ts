// Opening a history file, for the scan history and the audit runs alike: private from the start, busy waits rather
// than fails while another process writes, write-ahead log for writers; what goes wrong is said in the store's words.
import { UserError, messageOf } from '../core/errors.js';
import { openSqlite, type SqlDatabase } from '../core/sqlite.js';
import { say } from './messages.js';
import { ensurePrivateFile } from './private.js';

export interface HistoryOpenOptions {
  /** Never creates the file or changes its journal. */
  readonly?: boolean;
  foreignKeys?: boolean;
  /** Whose history it is, for the error: the scan history's or the audit runs'. */
  store: 'scan' | 'audit';
}

export function openHistoryFile(file: string, options: HistoryOpenOptions): SqlDatabase {
  let db: SqlDatabase | undefined;
  try {
    if (!options.readonly) ensurePrivateFile(file); // 0700 directory, 0600 file, whoever comes first
    db = openSqlite(file, { readonly: options.readonly === true });
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    if (options.foreignKeys) db.pragma('foreign_keys = ON');
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof UserError) throw e;
    const error = messageOf(e);
    throw options.store === 'scan'
      ? new UserError(say('history.scan.cannotOpen', { file, error }), { hint: say('history.scan.cannotOpen.hint') })
      : new UserError(say('history.audit.cannotOpen', { file, error }), { hint: say('history.audit.cannotOpen.hint') });
  }
}
