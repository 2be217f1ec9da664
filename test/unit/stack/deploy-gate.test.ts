// The deploy gate's policy, apart from the command that prints it: refuse at or above --fail-on, unless --force.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { decideGate } from '../../../src/stack/deploy-gate.js';

const finding = (id: string, severity: Finding['severity']): Finding => ({
  id,
  title: id,
  severity,
  category: 'compose',
  target: { kind: 'file', path: 'stack.yml' },
  message: id,
  references: [],
});

describe('decideGate', () => {
  const high = finding('overlay-not-encrypted', 'HIGH');
  const low = finding('no-healthcheck', 'LOW');

  it('passes when nothing is at or above the threshold, counting what is below', () => {
    expect(decideGate({ findings: [low], blocking: [] }, 'web', 'HIGH', false)).toEqual({ kind: 'pass', below: 1 });
  });

  it('refuses with exit 1 and the finding count, before anything is changed', () => {
    const o = decideGate({ findings: [high, low], blocking: [high] }, 'web', 'HIGH', false);
    expect(o.kind).toBe('refused');
    if (o.kind !== 'refused') return;
    expect(o.error.exitCode).toBe(1);
    expect(o.error.message).toBe('deploy of stack "web" refused: 1 lint finding at or above HIGH');
    expect(o.error.text.id).toBe('stack.deploy.refused.one');
    expect(o.below).toBe(1);
    const two = decideGate({ findings: [high, high], blocking: [high, high] }, 'web', 'MEDIUM', false);
    expect(two.kind === 'refused' && two.error.message).toBe('deploy of stack "web" refused: 2 lint findings at or above MEDIUM');
  });

  it('lets --force go on, keeping the blocking findings to show', () => {
    expect(decideGate({ findings: [high], blocking: [high] }, 'web', 'HIGH', true)).toEqual({ kind: 'forced', blocking: [high], below: 0 });
  });
});
