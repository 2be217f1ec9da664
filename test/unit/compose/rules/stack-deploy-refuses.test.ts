import { describe, expect, it } from 'vitest';
import { lintWith } from '../helpers.js';

describe('stack-deploy-refuses', () => {
  it.each([
    ['name: app\nservices:\n  a:\n    image: x:1\n', '(root) Additional property name is not allowed', 1],
    ['services:\n  a:\n    image: x:1\n    platform: linux/amd64\n', 'services.a Additional property platform is not allowed', 4],
    [
      'services:\n  a:\n    image: x:1\n    depends_on:\n      b:\n        condition: service_healthy\n  b:\n    image: y:1\n',
      'services.a.depends_on must be a list',
      4,
    ],
    ['services:\n  a:\n    image: x:1\n    volumes:\n      - "${EMPTY}:/data"\n', 'invalid spec: :/data: empty section between colons', 5],
  ])('reports %j at the line with the CLI reason', async (yaml, reason, line) => {
    const f = await lintWith('stack-deploy-refuses', yaml);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'HIGH', evidence: { reason }, target: { line } });
  });

  it('accepts what the stack schema allows: depends_on as a list, x- extensions, a bind with both sides', async () => {
    const yaml =
      'x-common: &c\n  image: x:1\nservices:\n  a:\n    <<: *c\n    x-note: ok\n    depends_on: [b]\n    volumes:\n      - ./data:/data:ro\n  b:\n    image: y:1\n';
    expect(await lintWith('stack-deploy-refuses', yaml)).toEqual([]);
  });
});
