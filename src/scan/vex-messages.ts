// The English of what --vex says about a VEX file it cannot use, by id; src/i18n/ja/vulndb.ts says it in Japanese.
// The file is named by InputError; formats and the parser's own words are values.
import { defineMessages } from '../core/message.js';

export const vexMessages = defineMessages({
  'vex.formats.hint': '--vex reads OpenVEX, CycloneDX VEX (JSON) and CSAF 2.0 VEX documents',
  'vex.notJson': 'not JSON: {error}',
  'vex.notVex': 'not a VEX document (no OpenVEX @context, CycloneDX bomFormat or CSAF document.csaf_version)',
  'vex.invalid': 'not a valid {format} document: {issue}',
  'vex.issue': '{path}: {problem}',
  'vex.top': '(top)',
  'vex.missing': 'no such VEX file',
  'vex.tooLarge': 'the VEX file is {size} bytes; the limit is {limit}',
  // notes: statements that can match nothing
  'vex.note.noProduct': '{file}: statement {n} names no product by purl: it cannot match a package',
  'vex.note.noComponent': '{file}: {vuln}: affects no component with a purl: it cannot match a package',
  'vex.note.aVulnerability': 'a vulnerability',
  'vex.note.csafNoPurl': '{file}: product {id} ({name}) has no purl in product_identification_helper: statements about it cannot match a package',
  'vex.note.notInTree': 'not in the product tree',
});
