// The benchmark catalogues live in src/core/references/cis-docker.ts; this is the bench's view of them.
export {
  CATALOGUES,
  CIS_VERSIONS,
  LATEST_CIS,
  SECTIONS,
  cisEntry,
  describe,
  entryForCheck,
  isCisVersion,
  type CatalogueEntry,
  type CisVersion,
} from '../core/references/cis-docker.js';
import { CATALOGUES, type CatalogueEntry } from '../core/references/cis-docker.js';

/** CIS Docker Benchmark 1.6.0, the ids docker-bench-security uses. */
export const CATALOGUE: readonly CatalogueEntry[] = CATALOGUES['1.6.0'];
export const CATALOGUE_BY_ID: ReadonlyMap<string, CatalogueEntry> = new Map(CATALOGUE.map((c) => [c.id, c]));
