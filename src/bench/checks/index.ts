// Every benchmark check, registered by requirement (a catalogue entry's `check`).
import { Registry } from '../../core/registry.js';
import { CATALOGUES, CIS_VERSIONS } from '../catalogue.js';
import { defineBenchCheck, type BenchCheck } from '../check.js';
import { daemonChecks } from './daemon.js';
import { fileChecks, hostChecks } from './host.js';
import { imageChecks, operationsChecks, runtimeChecks } from './runtime.js';
import { swarmChecks } from './swarm.js';

export const benchChecks = new Registry<BenchCheck>('benchmark check').register(
  ...[...hostChecks, ...daemonChecks, ...fileChecks, ...imageChecks, ...runtimeChecks, ...operationsChecks, ...swarmChecks].map(defineBenchCheck),
);

/** Every catalogue entry of every version has the check of its requirement, and every check states a requirement. */
export function catalogueGaps(): { missingChecks: string[]; unknownChecks: string[] } {
  const entries = CIS_VERSIONS.flatMap((v) => CATALOGUES[v].map((c) => ({ v, c })));
  const stated = new Set(entries.map((e) => e.c.check));
  return {
    missingChecks: entries.filter((e) => !benchChecks.has(e.c.check)).map((e) => `${e.v} ${e.c.id}`),
    unknownChecks: benchChecks.ids().filter((id) => !stated.has(id)),
  };
}

/** The requirements the checks evaluate: one per check function. */
export const REQUIREMENTS: readonly string[] = [...new Set(CIS_VERSIONS.flatMap((v) => CATALOGUES[v].map((c) => c.check)))];
