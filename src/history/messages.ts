// The English of what the scan and audit history say when they cannot be opened or upgraded, by id;
// src/i18n/ja/history.ts says it in Japanese. Paths, URLs (without their password) and versions are values.
import { defineMessages } from '../core/message.js';

export const historyMessages = defineMessages({
  'history.cannotCreate': 'cannot create {file}: {error}',
  'history.location.unknown': '--history: {location} is neither a file nor a postgres:// URL',
  'history.location.unknown.hint': 'give a file path for SQLite, or postgres://user@host/db for PostgreSQL',

  // audit runs
  'history.audit.newer': 'the audit history in {file} was written by a newer swarmguard (audit schema {version})',
  'history.audit.upgradeFailed': 'cannot upgrade the audit history in {file} to schema {next}: {error}',
  'history.audit.upgradeFailed.hint': 'the file was left as it was; point $SWARMGUARD_HISTORY at a new file to start over',
  'history.audit.cannotOpen': 'cannot open the history {file}: {error}',
  'history.audit.cannotOpen.hint': 'check the path and its permissions, or pick another with --history or $SWARMGUARD_HISTORY',
  'history.audit.notHistory': '{file} is not a swarmguard history: {error}',
  'history.audit.notHistory.hint': 'point --history at another file',
  'history.audit.retention': '$SWARMGUARD_AUDIT_RETENTION_DAYS: "{raw}" is not a number of days',
  'history.audit.recorded': 'recorded audit run {id} in {file}',
  'history.audit.recordedPruned': 'recorded audit run {id} in {file} ({count} run(s) past the retention removed)',
  'history.audit.notKept': 'warning: the audit run was not kept in the history: {error}',
  'history.scan.notRecorded': 'warning: the scan was not recorded in the history: {error}',
  'history.audit.retention.hint': 'e.g. 90; 0 keeps every run',

  // the scan history in SQLite
  'history.scan.cannotOpen': 'cannot open the scan history {file}: {error}',
  'history.scan.cannotOpen.hint': 'check the path and its permissions, or pick another with $SWARMGUARD_HISTORY',
  'history.scan.newer': 'the scan history {file} was written by a newer swarmguard (schema {version})',
  'history.scan.notHistory': '{file} is not a swarmguard scan history: {error}',
  'history.scan.notHistory.hint': 'point $SWARMGUARD_HISTORY at a new file',

  // the scan history in PostgreSQL
  'history.pg.passwordFile': 'cannot read the database password file {file}: {error}',
  'history.pg.cannotOpen': 'cannot open the scan history at {location}: {error}',
  'history.pg.cannotOpen.hint': 'check that PostgreSQL runs there and that the user may create tables in that database',
  'history.pg.newer': 'the scan history at {location} was written by a newer swarmguard (schema {version})',
});

/** Says one of these messages by id (`say(id, data)`), as `historyMessages.say` does. */
export const say = historyMessages.say;
