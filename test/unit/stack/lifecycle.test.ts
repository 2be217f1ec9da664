import { describe, it, expect } from 'vitest';
import { displayImage, formatPorts, humanDuration } from '../../../src/stack/lifecycle.js';

describe('humanDuration (Go units.HumanDuration)', () => {
  it.each([
    [500, 'Less than a second'],
    [1000, '1 second'],
    [45_000, '45 seconds'],
    [60_000, 'About a minute'],
    [119_000, 'About a minute'],
    [120_000, '2 minutes'],
    [59 * 60_000, '59 minutes'],
    [60 * 60_000, 'About an hour'],
    [5 * 3_600_000, '5 hours'],
    [3 * 86_400_000, '3 days'],
    [20 * 86_400_000, '2 weeks'],
    [90 * 86_400_000, '3 months'],
    [800 * 86_400_000, '2 years'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('formatPorts / displayImage', () => {
  it('formats ingress and host ports, skipping unpublished ones', () => {
    expect(
      formatPorts([
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' },
        { Protocol: 'udp', TargetPort: 53, PublishedPort: 5353, PublishMode: 'host' },
        { Protocol: 'tcp', TargetPort: 9000, PublishMode: 'ingress' },
      ]),
    ).toBe('*:8080->80/tcp, 5353->53/udp (host)');
    expect(formatPorts(undefined)).toBe('');
  });
  it('drops a pinned digest', () => {
    expect(displayImage(`web:1@sha256:${'b'.repeat(64)}`)).toBe('web:1');
    expect(displayImage('web:1')).toBe('web:1');
  });
});

describe('stack ps / services filters and rows', () => {
  it('parses --filter KEY=VALUE and refuses unknown keys', async () => {
    const { parseFilters, matchesFilter } = await import('../../../src/stack/lifecycle.js');
    const f = parseFilters(['desired-state=running', 'node=vm', 'node=n2'], ['id', 'name', 'node', 'desired-state']);
    expect(matchesFilter(f, { 'desired-state': 'running', node: 'n2' })).toBe(true);
    expect(matchesFilter(f, { 'desired-state': 'shutdown', node: 'vm' })).toBe(false);
    expect(matchesFilter(parseFilters(['id=abc', 'name=web'], ['id', 'name']), { id: 'abcdef', name: 'st_web.1' })).toBe(true);
    expect(matchesFilter(parseFilters(['id=bcd'], ['id']), { id: 'abcdef' })).toBe(false);
    expect(() => parseFilters(['color=red'], ['id', 'name'])).toThrow(/KEY one of id, name/);
    expect(() => parseFilters(['=x'], ['id'])).toThrow(/--filter/);
  });

  it('renders the task table with history marks and cut errors; JSON rows stay plain', async () => {
    const { renderTaskTable } = await import('../../../src/cli/stack.js');
    const { createStyler } = await import('../../../src/core/style.js');
    const now = Date.parse('2026-01-01T00:10:00Z');
    const row = {
      id: 'a'.repeat(25),
      name: 'st_web.1',
      image: `web:1@sha256:${'c'.repeat(64)}`,
      node: 'vm',
      desiredState: 'running',
      state: 'running',
      since: '2026-01-01T00:08:00Z',
      error: '',
      ports: '',
      history: false,
    };
    const old = { ...row, id: 'b'.repeat(25), desiredState: 'shutdown', state: 'failed', error: `task: non-zero exit (1) ${'x'.repeat(80)}`, history: true };
    const text = renderTaskTable([row, old], createStyler(false), true, now);
    expect(text).toMatch(/^a{12}\s+st_web\.1\s+web:1\s+vm\s+Running\s+Running 2 minutes ago/m);
    expect(text).toMatch(/\\_ st_web\.1/);
    expect(text).toMatch(/task: non-zero exit \(1\) x+…/);
    const full = renderTaskTable([old], createStyler(false), false, now);
    expect(full).toContain('b'.repeat(25));
    expect(full).toContain('x'.repeat(80));
    expect(row.name).not.toMatch(/\\_/);
  });
});
