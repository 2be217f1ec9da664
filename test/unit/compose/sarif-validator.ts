// Validates SARIF documents against the SARIF 2.1.0 schema committed under test/fixtures/schemas/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../../..');

/** The SARIF 2.1.0 schema is draft-04, so it needs Ajv's draft-04 class. */
export function sarifValidator(): ValidateFunction {
  const Ajv04 = require('ajv-draft-04') as new (o: object) => { compile(s: object): ValidateFunction };
  const addFormats = require('ajv-formats') as (a: unknown) => void;
  // The schema's `language` pattern has a stray "]" that is only valid without the u flag.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(path.join(root, 'test/fixtures/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  return ajv.compile(schema);
}
