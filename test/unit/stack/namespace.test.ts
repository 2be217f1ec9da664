import { describe, it, expect } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { NAMESPACE_LABEL, scope, serviceName, stackLabels, validateStackName } from '../../../src/stack/namespace.js';

describe('stack names', () => {
  it.each(['web', 'my-app', 'prod_1', 'A1'])('accepts %j', (n) => {
    expect(() => validateStackName(n)).not.toThrow();
  });
  it.each(['', ' web', 'web ', 'my.app', '-web', 'web-', 'a/b', 'x'.repeat(62), 'caf\u00e9'])('refuses %j', (n) => {
    expect(() => validateStackName(n)).toThrow(UserError);
  });
  it('scopes names and labels', () => {
    expect(scope('web', 'db')).toBe('web_db');
    expect(stackLabels('web', { a: 'b' })).toEqual({ a: 'b', [NAMESPACE_LABEL]: 'web' });
  });
  it('refuses a service name Swarm would refuse', () => {
    expect(serviceName('web', 'api')).toBe('web_api');
    expect(() => serviceName('web', 'a.b')).toThrow(/not valid in Swarm/);
    expect(() => serviceName('web', 'x'.repeat(60))).toThrow(UserError);
  });
});
