// The English of the notes a scan and a diff write beside their tables, by id: an OS release past its end of life,
// a target with no advisories ("not covered"), the caveats of comparing two images. src/i18n/ja/notes.ts says them
// in Japanese; names, versions and dates are values, put in as they are.
import { defineMessages } from '../core/message.js';

export const scanNoteMessages = defineMessages({
  'scan.note.endOfLife': '{os} is end of life since {date}: it gets no more security fixes, so findings are incomplete; move to a supported release',
  'scan.note.noFeed': 'no advisory feed for {os}: its OS packages were not checked (not covered)',
  'scan.note.osUnknown': 'the OS of the image is unknown: its OS packages were not checked (not covered)',
  'scan.note.uncomparable.one': '{key}: cannot compare with 1 advisory ({shown}): {reason}; not checked against it',
  'scan.note.uncomparable': '{key}: cannot compare with {count} advisories ({shown}): {reason}; not checked against them',
  'scan.note.uncomparable.more': '{ids}, +{count} more',
  'scan.note.inventory': 'inventory: {warning}',
  'scan.note.ofTarget': '{target}: {note}',
  'scan.note.ignoreExpired': '{file}:{line}: the entry for {id} expired on {date}; it is reported again',
  'scan.note.ignored': '{count} finding(s) ignored by {file}',
  'scan.note.ignoreFile': 'the ignore file',
  'scan.note.noAdvisories': 'no advisories for this release in the database ({namespace}): not covered; add a source for it and run `swarmguard db update`',
  'scan.caveat.alpine':
    "{alpine} is Alpine-based: Alpine's security feed lists fixes only, with no record of vulnerabilities that are still unfixed, so its OS-package counts are not like for like with {other}",
  'scan.caveat.distributions': 'the images use different distributions ({a}, {b}): each is matched against its own feed, whose coverage and ratings differ',
  'scan.caveat.uncovered': '{ref}: not covered, no advisories were checked for {targets}; its counts are not a clean result',
  'scan.caveat.nothingCompared': 'neither image had any packages checked against advisories: this comparison says nothing about their vulnerabilities',
});
