// Loaded with `node --import` in tests: appends the URL of every module the program imports to the
// file named by SG_IMPORT_LOG, so a test can tell which modules a command line loads.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(file, resolved.url + '\\n');
  return resolved;
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url, { data: { file: process.env.SG_IMPORT_LOG } });
