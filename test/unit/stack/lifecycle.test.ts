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
