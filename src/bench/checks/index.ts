// Every benchmark check, registered by catalogue id.
import { Registry } from '../../core/registry.js';
import { CATALOGUE } from '../catalogue.js';
import { defineBenchCheck, type BenchCheck } from '../check.js';
import { daemonChecks } from './daemon.js';
import { fileChecks, hostChecks } from './host.js';
import { imageChecks, operationsChecks, runtimeChecks } from './runtime.js';
import { swarmChecks } from './swarm.js';

export const benchChecks = new Registry<BenchCheck>('benchmark check').register(
  ...[...hostChecks, ...daemonChecks, ...fileChecks, ...imageChecks, ...runtimeChecks, ...operationsChecks, ...swarmChecks].map(defineBenchCheck),
);

/** Every catalogue entry has its check, and every check its entry. */
export function catalogueGaps(): { missingChecks: string[]; unknownChecks: string[] } {
  const ids = new Set(CATALOGUE.map((c) => c.id));
  return {
    missingChecks: CATALOGUE.filter((c) => !benchChecks.has(c.id)).map((c) => c.id),
    unknownChecks: benchChecks.ids().filter((id) => !ids.has(id)),
  };
}
