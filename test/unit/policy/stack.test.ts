// policy check of a stack, service by service: the compose loader's services (user and healthcheck overrides, a
// build-only service, an image that cannot be read) and a deployed stack's specs, each over real image layouts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/compose/load.js';
import { parseServiceList } from '../../../src/engine/models.js';
import { collectPolicyFacts } from '../../../src/policy/facts.js';
import { parsePolicy } from '../../../src/policy/policy.js';
import { policyFindings, renderPolicyTable } from '../../../src/report/policy.js';
import { checkServices, composeServices, distinctImages, swarmServices } from '../../../src/policy/stack.js';
import { createStyler } from '../../../src/core/style.js';
import { buildLayout } from './oci-layout.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-pstack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const layout = (name: string, user: string) => {
  const d = path.join(tmp, name);
  mkdirSync(d);
  return buildLayout(d, { user, name: `team/${name}` }).dir;
};
const layouts: Record<string, string> = { 'team/rootly:1': layout('rootly', ''), 'team/nonroot:1': layout('nonroot', '10001') };
const policy = parsePolicy('name: stack\nrules:\n  - rule: non-root-user\n  - rule: healthcheck\n', 'stack.yaml');
let reads = 0;
const collect = (ref: string) => {
  reads += 1;
  const input = layouts[ref];
  if (input === undefined) return Promise.reject(new Error(`image ${ref} is not on this engine`));
  return collectPolicyFacts(ref, policy, { input, dbPath: path.join(tmp, 'no.db') });
};

const stackFile = path.join(tmp, 'stack.yml');
writeFileSync(
  stackFile,
  `services:
  web:
    image: team/rootly:1
  api:
    image: team/rootly:1
    user: "10001:10001"
    healthcheck:
      disable: true
  worker:
    image: team/nonroot:1
    user: root
    healthcheck:
      test: ["CMD", "/app/server", "--ping"]
  builder:
    build: .
  ghost:
    image: team/ghost:1
`,
);

describe('policy check of a compose stack', () => {
  it('judges each service: its image read once, its user and healthcheck over the image', async () => {
    const services = composeServices(await loadCompose([stackFile]));
    expect(services.map((s) => [s.name, s.image, s.overrides])).toEqual([
      ['api', 'team/rootly:1', { user: '10001:10001', healthcheck: ['NONE'] }],
      ['builder', undefined, {}],
      ['ghost', 'team/ghost:1', {}],
      ['web', 'team/rootly:1', {}],
      ['worker', 'team/nonroot:1', { user: 'root', healthcheck: ['CMD', '/app/server', '--ping'] }],
    ]);
    expect(distinctImages(services)).toEqual(['team/rootly:1', 'team/ghost:1', 'team/nonroot:1']);
    reads = 0;
    const results = await checkServices(services, policy, collect);
    expect(reads).toBe(3);
    const table: Record<string, (boolean | string)[]> = Object.fromEntries(
      results.map((r) => [r.service ?? r.image, [r.passed, ...r.results.map((x) => `${x.rule}:${x.outcome}`)]]),
    );
    expect(table).toEqual({
      // The service's user wins over the image's root; its disabled healthcheck fails where the image has one.
      api: [false, 'non-root-user:pass', 'healthcheck:fail'],
      builder: [false, 'non-root-user:unknown', 'healthcheck:unknown'],
      ghost: [false, 'non-root-user:unknown', 'healthcheck:unknown'],
      web: [false, 'non-root-user:fail', 'healthcheck:pass'],
      worker: [false, 'non-root-user:fail', 'healthcheck:pass'],
    });
    const by = (svc: string, rule: string) => results.find((r) => r.service === svc)?.results.find((x) => x.rule === rule)?.evidence;
    expect(by('api', 'non-root-user')).toEqual(["service api sets user: 10001:10001 (the image's USER is unset)"]);
    expect(by('api', 'healthcheck')).toEqual(['service api disables the healthcheck (NONE)']);
    expect(by('worker', 'non-root-user')).toEqual(["service worker sets user: root (the image's USER is 10001)"]);
    expect(by('web', 'non-root-user')).toEqual(['the image runs as root (no USER)']);
    expect(by('builder', 'healthcheck')).toEqual(['the service names no image']);
    expect(by('ghost', 'healthcheck')).toEqual(['the image could not be read: image team/ghost:1 is not on this engine']);

    // SARIF/JSON targets: the line of the service's image in the stack file.
    const web = policyFindings(results).find((f) => f.id === 'policy/non-root-user' && f.evidence?.service === 'web');
    expect(web?.target).toMatchObject({ kind: 'file', line: 3, pointer: 'services.web.image' });
    expect(renderPolicyTable(results, createStyler(false))).toMatch(/^service web \(team\/rootly:1\): fails the policy "stack"$/m);
  });

  it('a deployed stack: the services its specs name, with their user and healthcheck', async () => {
    const specs = parseServiceList([
      {
        ID: 'svc1',
        Version: { Index: 1 },
        Spec: {
          Name: 'shop_web',
          Labels: { 'com.docker.stack.namespace': 'shop' },
          TaskTemplate: { ContainerSpec: { Image: 'team/nonroot:1', Healthcheck: { Test: ['NONE'] } } },
        },
      },
      { ID: 'svc2', Version: { Index: 1 }, Spec: { Name: 'shop_db', TaskTemplate: { ContainerSpec: { Image: 'team/rootly:1', User: '999' } } } },
    ]);
    const services = swarmServices('shop', specs);
    expect(services.map((s) => [s.name, s.image, s.overrides, s.target])).toEqual([
      ['shop_db', 'team/rootly:1', { user: '999' }, { kind: 'service', name: 'shop_db', id: 'svc2', stack: 'shop' }],
      ['shop_web', 'team/nonroot:1', { healthcheck: ['NONE'] }, { kind: 'service', name: 'shop_web', id: 'svc1', stack: 'shop' }],
    ]);
    const results = await checkServices(services, policy, collect);
    expect(results.map((r) => [r.service, r.passed])).toEqual([
      ['shop_db', true],
      ['shop_web', false],
    ]);
  });
});
