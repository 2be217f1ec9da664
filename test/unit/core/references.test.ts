// Every CIS and NIST SP 800-190 reference any rule or check cites exists in its catalogue, with the title the citing
// code means (a number from another CIS edition fails here).
import { describe, expect, it } from 'vitest';
import { swarmAuditChecks } from '../../../src/audit/swarm-checks.js';
import { CATALOGUE_BY_ID } from '../../../src/bench/catalogue.js';
import { composeRules } from '../../../src/compose/rules/index.js';
import { citationProblems, cis, nist, type Reference } from '../../../src/core/finding.js';
import { NIST_800_190 } from '../../../src/core/nist-800-190.js';
import { hostTipChecks } from '../../../src/hardening/index.js';
import { imageLintRules } from '../../../src/imagelint/rules.js';
import { nodeChecks } from '../../../src/network/checks/node.js';
import { overlayChecks } from '../../../src/network/checks/overlay.js';

const cited = (): Reference[] => [
  ...composeRules.all().flatMap((r) => r.meta.references),
  ...swarmAuditChecks.all().flatMap((c) => c.meta.references),
  ...imageLintRules.all().flatMap((r) => r.meta.references),
  ...overlayChecks.all().flatMap((c) => c.meta.references),
  ...nodeChecks.all().flatMap((c) => c.meta.references),
  ...hostTipChecks.all().flatMap((c) => c.meta.references),
];

describe('references', () => {
  it('cites only CIS 1.6.0 recommendations and NIST sections that exist, under their own titles', () => {
    expect(citationProblems).toEqual([]);
    const refs = cited();
    expect(refs.length).toBeGreaterThan(20);
    for (const r of refs.filter((x) => x.type === 'cis-docker')) expect(r.title, `CIS ${r.id}`).toBe(CATALOGUE_BY_ID.get(r.id)?.title);
    for (const r of refs.filter((x) => x.type === 'nist-800-190'))
      expect(r.title, `NIST ${r.id}`).toContain((NIST_800_190 as Record<string, string>)[r.id.replace(/^5\./, '4.')]);
  });

  it('records a wrong number or title instead of trusting it', () => {
    const before = citationProblems.length;
    expect(cis('5.32').title).toBe('Ensure that the Docker socket is not mounted inside any containers');
    cis('5.12', "Ensure that the container's root filesystem is mounted as read only");
    cis('9.9');
    nist('4.4.3', 'Something else');
    expect(citationProblems.splice(before)).toEqual([
      'CIS 5.12 is "Ensure that CPU priority is set appropriately on containers", cited as "Ensure that the container\'s root filesystem is mounted as read only"',
      'CIS 9.9: no such recommendation in CIS Docker Benchmark 1.6.0',
      'NIST SP 800-190 4.4.3 is "Insecure container runtime configurations", cited as "Something else"',
    ]);
  });
});
