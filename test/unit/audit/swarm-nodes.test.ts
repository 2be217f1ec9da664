// The swarm audit's node checks: a node that is not ready, or not active, is reported with what it is.
import { describe, expect, it } from 'vitest';
import { auditSwarmServices } from '../../../src/audit/swarm-checks.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';

const node = (id: string, hostname: string, state: string, availability: string) => ({
  ID: id,
  Spec: { Role: 'worker', Availability: availability },
  Description: { Hostname: hostname, Engine: { EngineVersion: '20.10.24' } },
  Status: { State: state },
});

describe('swarm audit: nodes', () => {
  it('reports a node down and a node drained, and nothing for a ready, active one', () => {
    const findings = auditSwarmServices(
      snapshotOf({ swarm: { nodes: [node('n1', 'm1', 'ready', 'active'), node('n2', 'w1', 'down', 'active'), node('n3', 'w2', 'ready', 'drain')] } }),
    );
    const of = (id: string) => findings.filter((f) => f.id === id).map((f) => [f.message, f.evidence]);
    expect(of('node-not-ready')).toEqual([['node w1 is down', { state: 'down' }]]);
    expect(of('node-drained')).toEqual([['node w2 is drain', { availability: 'drain' }]]);
  });
});
