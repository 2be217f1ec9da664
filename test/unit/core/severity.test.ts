import { describe, expect, it } from 'vitest';
import { atLeast, compareSeverity, parseSeverity, parseSeverityList } from '../../../src/core/severity.js';
import { UserError } from '../../../src/core/errors.js';

describe('severity', () => {
  it('orders CRITICAL above HIGH above MEDIUM above LOW above INFO', () => {
    expect(['LOW', 'CRITICAL', 'INFO', 'HIGH', 'MEDIUM'].map((s) => parseSeverity(s)).sort(compareSeverity)).toEqual([
      'CRITICAL',
      'HIGH',
      'MEDIUM',
      'LOW',
      'INFO',
    ]);
    expect(atLeast('HIGH', 'HIGH')).toBe(true);
    expect(atLeast('MEDIUM', 'HIGH')).toBe(false);
    expect(atLeast('CRITICAL', 'LOW')).toBe(true);
  });

  it('parses case-insensitively and rejects unknown names with a hint', () => {
    expect(parseSeverity(' high ')).toBe('HIGH');
    expect(() => parseSeverity('urgent', '--fail-on')).toThrow(UserError);
    try {
      parseSeverity('urgent', '--fail-on');
    } catch (e) {
      expect((e as UserError).message).toContain('--fail-on');
      expect((e as UserError).hint).toContain('CRITICAL');
    }
  });

  it('parses lists and de-duplicates', () => {
    expect(parseSeverityList('critical,HIGH,high')).toEqual(['CRITICAL', 'HIGH']);
    expect(() => parseSeverityList(' , ')).toThrow(UserError);
  });
});

describe('UNKNOWN severity', () => {
  it('is a level of its own, below LOW and above INFO, never equal to MEDIUM', () => {
    expect(['MEDIUM', 'UNKNOWN', 'LOW', 'INFO'].map((s) => parseSeverity(s)).sort(compareSeverity)).toEqual(['MEDIUM', 'LOW', 'UNKNOWN', 'INFO']);
    expect(atLeast('UNKNOWN', 'LOW')).toBe(false);
    expect(atLeast('UNKNOWN', 'UNKNOWN')).toBe(true);
    expect(atLeast('UNKNOWN', 'MEDIUM')).toBe(false);
  });

  it('is accepted by --severity and --fail-on', () => {
    expect(parseSeverityList('critical,unknown')).toEqual(['CRITICAL', 'UNKNOWN']);
    expect(parseSeverity('Unknown', '--fail-on')).toBe('UNKNOWN');
  });
});
