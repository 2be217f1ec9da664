// The built CLI without blocking the test worker: one implementation, in test/helpers/run.ts.
export { runCli, type RunResult as CliResult } from '../../helpers/run.js';
