import { describe, expect, it } from 'vitest';
import { auditScore } from '../../../src/audit/audit.js';
import { mergeSameProblem } from '../../../src/audit/merge.js';
import { auditSwarmServices } from '../../../src/audit/swarm-checks.js';
import { cis, nist, type Finding } from '../../../src/core/finding.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';

const f = (over: Partial<Finding>): Finding => ({
  id: 'x',
  title: 't',
  severity: 'LOW',
  category: 'bench',
  target: { kind: 'node', hostname: 'h1' },
  message: 'm',
  references: [],
  ...over,
});

describe('audit score', () => {
  it('weighs findings by severity and never goes below 0', () => {
    expect(auditScore([])).toBe(100);
    expect(auditScore([f({ severity: 'CRITICAL' }), f({ severity: 'HIGH' }), f({ severity: 'MEDIUM' }), f({ severity: 'LOW' }), f({ severity: 'INFO' })])).toBe(
      82,
    );
    expect(auditScore(Array.from({ length: 20 }, () => f({ severity: 'CRITICAL' })))).toBe(0);
  });
});

describe('one problem, one finding', () => {
  it('merges the same CIS recommendation about this host from two sources, keeping both references', () => {
    const bench = f({ id: '2.7', severity: 'MEDIUM', references: [cis('2.7'), nist('4.3.1')], message: 'TLS: listening on tcp://0.0.0.0:2375' });
    const tip = f({
      id: 'tcp-api-unprotected',
      severity: 'CRITICAL',
      category: 'host',
      target: { kind: 'engine', endpoint: 'tcp://0.0.0.0:2375' },
      references: [cis('2.7'), nist('4.5.4')],
      message: 'unauthenticated API',
    });
    const merged = mergeSameProblem([bench, tip]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.severity).toBe('CRITICAL');
    expect(merged[0]!.references.map((r) => r.id)).toEqual(['2.7', '4.3.1', '4.5.4']);
    expect(merged[0]!.message).toContain('also reported as tcp-api-unprotected');
  });

  it('keeps findings about different services, and two findings of one source', () => {
    const a = f({ category: 'swarm', target: { kind: 'service', name: 'a' }, references: [cis('4.1')] });
    const b = f({ category: 'swarm', target: { kind: 'service', name: 'b' }, references: [cis('4.1')] });
    const c = f({ id: '4.1', references: [cis('4.1')] });
    expect(mergeSameProblem([a, b, c])).toHaveLength(3);
    expect(mergeSameProblem([c, { ...c, id: 'other' }])).toHaveLength(2);
  });
});

describe('swarm audit', () => {
  const svc = (name: string, containerSpec: Record<string, unknown>) => ({
    Spec: { Name: name, TaskTemplate: { ContainerSpec: { Image: 'img', ...containerSpec } } },
  });
  const run = (services: Record<string, unknown>[]) => auditSwarmServices(snapshotOf({ swarm: { services, nodes: [] } }));

  it('asks the shared predicates: AUTHOR is no secret, /run exposes the socket, "0:0" is root', () => {
    const found = run([
      svc('web', { Env: ['AUTHOR=jane', 'API_TOKEN=abc123'], Mounts: [{ Type: 'bind', Source: '/run', Target: '/r' }], User: '0:0' }),
      svc('ok', { Env: ['DB_PASSWORD_FILE=/run/secrets/db'], User: '1000', Mounts: [{ Type: 'bind', Source: '/srv', Target: '/s' }] }),
    ]);
    const ids = (name: string) => found.filter((x) => x.target.kind === 'service' && x.target.name === name).map((x) => x.id);
    expect(ids('web')).toEqual(expect.arrayContaining(['service-secret-in-env', 'service-docker-socket', 'service-runs-as-root']));
    expect(found.filter((x) => x.id === 'service-secret-in-env').map((x) => x.message)).toEqual([
      'web: API_TOKEN holds a literal value; the value is not shown',
    ]);
    expect(ids('ok')).not.toContain('service-docker-socket');
    expect(ids('ok')).not.toContain('service-runs-as-root');
    expect(JSON.stringify(found)).not.toContain('abc123');
  });
});
