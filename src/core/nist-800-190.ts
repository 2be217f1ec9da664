// NIST SP 800-190 references: the table lives in src/references; this is how findings cite it.
import type { Reference } from './finding.js';
import { NIST_800_190, NIST_AREAS, type Nist800190Id } from './references/nist-800-190.js';

export { NIST_800_190, NIST_AREAS, type Nist800190Id };

export function nistRef(id: Nist800190Id): Reference {
  return { type: 'nist-800-190', id, title: NIST_800_190[id] };
}

export function nistArea(id: string): string | undefined {
  const area = id.split('.').slice(0, 2).join('.');
  return NIST_AREAS[area];
}
