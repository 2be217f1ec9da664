// The English of what the vulnerability database says when it cannot do what was asked (bundles, sources, downloads,
// importers, the database file), by id; src/i18n/ja/vulndb.ts says it in Japanese. Paths, URLs and numbers are values.
import { defineMessages } from '../core/message.js';

export const vulndbMessages = defineMessages({
  // shared hints
  'vulndb.failedDownload.hint': 'the download may have failed; run the update again',
  'vulndb.cutShort.hint': 'the download may have been cut short; run the update again',
  'vulndb.freshCopy.hint': 'run the update again to download a fresh copy',

  // bundles (db export / db import BUNDLE)
  'vulndb.bundle.notJson': '{file}: the bundle manifest is not valid JSON',
  'vulndb.bundle.notBundle': '{file}: not a swarmguard DB bundle (manifest format)',
  'vulndb.bundle.notBundle.hint': 'make bundles with `swarmguard db export FILE`',
  'vulndb.bundle.newer': '{file}: the bundle has schema version {version}; this swarmguard reads up to {max}',
  'vulndb.bundle.order': '{file}: manifest.json must come before vuln.db',
  'vulndb.bundle.unreadable': '{file}: cannot read the bundle ({error})',
  'vulndb.bundle.unreadable.hint': 'the file may be truncated; copy it again',
  'vulndb.bundle.incomplete': '{file}: not a swarmguard DB bundle (needs manifest.json and vuln.db)',
  'vulndb.bundle.checksum': '{file}: checksum mismatch; the bundle is damaged',
  'vulndb.bundle.checksum.hint': 'copy the bundle again',

  // sources: --source and the config file's vulndb.sources
  'vulndb.url.notUrl': '{where}: a value of {length} characters is not a URL',
  'vulndb.url.notUrl.hint': 'use http:// or https:// URLs',
  'vulndb.url.scheme': '{where}: only http and https URLs are supported ({url})',
  'vulndb.url.credentials': '{where}: {url} carries a user name or password: refused, it would be stored and printed',
  'vulndb.url.credentials.hint': 'serve the feed from a mirror that needs no credentials in the URL',
  'vulndb.source.noUrl': '--source: no URL given',
  'vulndb.config.notJson': 'not valid JSON: {error}',
  'vulndb.config.notList': 'vulndb.sources must be a list',
  'vulndb.config.urlNotString': '{where}: URLs must be strings',
  'vulndb.config.noUrl': '{where}: needs "url" or "urls"',
  'vulndb.config.typeNotString': '{where}: "type" must be a string',
  'vulndb.source.unknownType': 'unknown source type "{type}"',
  'vulndb.source.unknownType.hint': 'use one of: {types}',

  // downloads: each mirror tried, then the failure
  'vulndb.download.failed': 'could not download {url}: {attempts}',
  'vulndb.download.failedNoUrl': 'could not download source: {attempts}',
  'vulndb.download.failed.hint': 'check the network or the mirror list; on a host without internet use `swarmguard db import`',
  'vulndb.download.attempt': '{url}: {error}',
  'vulndb.download.http': '{url}: HTTP {status}',
  'vulndb.download.httpNotRetryable': '{url}: HTTP {status} (not retryable, trying the next mirror anyway)',
  'vulndb.download.announcedTooLarge': '{url}: refused, the server announces {total} bytes (limit {max})',
  'vulndb.download.transfer': '{url}: transfer failed after {bytes} bytes ({error})',
  'vulndb.download.short': '{url}: got {bytes} of {total} bytes',
  'vulndb.download.idle': 'no data for {seconds} s',
  'vulndb.download.overLimit': 'more than {max} bytes, the limit',
  'vulndb.redirect.tooMany': 'more than {max} redirects',
  'vulndb.redirect.downgrade': 'refused a redirect from https to {scheme} ({origin})',
  'vulndb.redirect.scheme': 'refused a redirect to {scheme}',

  // importers
  'vulndb.import.noSuchPath': '{file}: no such file or directory',
  'vulndb.import.unknownFormat': '{file}: not a recognised advisory format',
  'vulndb.import.unknownFormat.hint':
    'supported: OSV JSON or an osv.dev all.zip, Alpine secdb JSON/YAML, Debian security tracker JSON, NVD CVE JSON 2.0 (.json or .json.gz), the CISA KEV catalogue JSON, FIRST EPSS scores CSV (.csv or .csv.gz), or a bundle from `swarmguard db export`',
  'vulndb.alpine.notSecdb': '{file}: not an Alpine secdb document (needs distroversion and packages)',
  'vulndb.alpine.packagesNotList': '{file}: not an Alpine secdb document (packages is not a list)',
  'vulndb.alpine.unparsable': '{file}: cannot parse the Alpine secdb ({error})',
  'vulndb.alpine.unparsable.hint': 'the download may be truncated; run the update again',
  'vulndb.epss.longLine': '{file}: a line is longer than {max} characters: not an EPSS scores file',
  'vulndb.epss.notHeader': '{file}: the first row is not the EPSS header (cve,epss,percentile)',
  'vulndb.epss.notHeader.hint': 'import the CSV published by FIRST (epss_scores-YYYY-MM-DD.csv.gz)',
  'vulndb.epss.noDate': '{file}: no score date (neither a #model_version…,score_date:… line nor a date in the file name)',
  'vulndb.epss.noDate.hint': 'keep the published file name epss_scores-YYYY-MM-DD.csv, or the comment line FIRST writes above the header',
  'vulndb.epss.noHeader': '{file}: no EPSS header row (cve,epss,percentile): not an EPSS scores file',
  'vulndb.nvd.corruptGzip': '{file}: the gzip data is corrupt or truncated ({error})',
  'vulndb.nvd.unreadable': '{file}: cannot read the file ({error})',
  'vulndb.osv.noSuchFile': '{file}: no such file',
  'vulndb.osv.notJson': '{file}: not valid JSON ({error})',
  'vulndb.osv.notJson.hint': 'an OSV file is one JSON advisory, or a zip of them',

  // streamed JSON feeds
  'vulndb.json.notObject': '{file}: expected a JSON object at the top level',
  'vulndb.json.trailing': '{file}: unexpected data after the top-level JSON object',
  'vulndb.json.array': '{file}: expected a JSON object at the top level, found an array',
  'vulndb.json.unbalanced': '{file}: unbalanced JSON brackets',
  'vulndb.json.memberTooLarge': '{file}: a top-level member larger than {max} characters (it starts before character {at})',
  'vulndb.json.memberTooLarge.hint': 'this source is skipped; the others are updated',
  'vulndb.json.empty': '{file}: empty file, expected a JSON object',
  'vulndb.json.truncated': '{file}: the JSON ends early (truncated file?)',
  'vulndb.json.recordTooLarge': '{file}: a single record larger than {max} bytes',

  // zip archives (osv.dev all.zip)
  'vulndb.zip.unreadable': '{file}: not a readable zip archive ({error})',
  'vulndb.zip.unreadable.hint': 'the download may be truncated or corrupt; run the update again, or check the file',
  'vulndb.zip.unknownError': 'unknown error',
  'vulndb.zip.corrupt': '{file}: corrupt zip archive ({error})',
  'vulndb.zip.corruptEntry': '{file}: corrupt zip entry {name} ({error})',

  // the update lock
  'vulndb.lock.busy': 'another database update is running (pid {pid}, lock {lock})',
  'vulndb.lock.busy.hint': 'wait for it to finish; if that process is not swarmguard, remove the lock file',
  'vulndb.lock.cannotTake': 'cannot take the lock {lock}',
  'vulndb.lock.cannotTake.hint': 'another process keeps taking it; try again',

  // the database file
  'vulndb.db.missing': 'no vulnerability database at {file}',
  'vulndb.db.missing.hint':
    'run `swarmguard db update` to download one, or on a host without internet `swarmguard db import BUNDLE` (made with `swarmguard db export` elsewhere); --db PATH or $SWARMGUARD_DB pick another file',
  'vulndb.db.notSqlite': '{file} is not a swarmguard vulnerability database (not an SQLite file)',
  'vulndb.db.notSqlite.hint': 'point --db at the file `swarmguard db update` wrote, or remove this file and run `swarmguard db update`',
  'vulndb.db.cannotOpen': 'cannot open the vulnerability database {file}: {error}',
  'vulndb.db.newer': '{file} has schema version {version}; this swarmguard reads up to {max}',
  'vulndb.db.newer.hint': 'upgrade swarmguard, or run `swarmguard db update --db OTHER_PATH` to build a database this version can read',
  'vulndb.db.foreign': '{file} is an SQLite file but not a swarmguard vulnerability database',
  'vulndb.db.foreign.hint': 'point --db at the file `swarmguard db update` wrote',
  'vulndb.db.unreadable': 'cannot read the vulnerability database {file}: {error}',
  'vulndb.db.unreadable.hint': 'the file may be damaged; run `swarmguard db update` to rebuild it',
  'vulndb.db.otherSqlite': 'the file is an SQLite database of something else, not a swarmguard vulnerability database',
  'vulndb.db.otherSqlite.hint': 'point --db at another path',

  // db update / db import
  'vulndb.update.failedSome': '{count} source(s) could not be updated (the other {ok} were checked): {list}',
  'vulndb.update.failedAll': '{count} source(s) could not be updated: {list}',
  'vulndb.update.failed.hint': 'the previous data of those sources is kept; check the network or the mirror list and run `swarmguard db update` again',
  'vulndb.update.sourceFailed': '{id}: {error}',
  'vulndb.update.cannotImport': 'cannot import it ({error})',
  'vulndb.update.noBranches': '{url} lists no branches (vX.Y/)',
  'vulndb.import.failedSome': '{count} file(s) could not be imported (the other {imported} were): {what}',
  'vulndb.import.failedAll': 'nothing was imported, the database is unchanged: {what}',
  'vulndb.import.failed.hint': 'fix or re-download the named files and import them again',
  'vulndb.import.fileFailed': '{file}: {error}',
  // db update / db import: progress, one line each
  'vulndb.update.indexDown': '{id}: {error}',
  'vulndb.update.indexDownKnown': '{id}: {error}; updating the {count} branch files imported before',
  'vulndb.update.notModified': '{id}: not modified since the last update',
  'vulndb.update.notUpdated': '{id}: not updated: {error}',
  'vulndb.import.notImported': '{file}: not imported: {error}',
  'vulndb.imported': '{source}: {records} advisories imported',
  'vulndb.imported.skipped': '{source}: {records} advisories imported, {skipped} skipped ({summary})',
});

/** Says one of these messages by id (`say(id, data)`), as `vulndbMessages.say` does. */
export const say = vulndbMessages.say;
