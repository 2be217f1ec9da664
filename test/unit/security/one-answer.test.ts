// One question, one answer: the same service, container and image facts go to compose lint, the benchmark, the
// swarm audit, image lint and `network check`, and every tool that asks a shared question answers it the same way.
import { describe, expect, it } from 'vitest';
import { auditSwarmServices } from '../../../src/audit/swarm-checks.js';
import type { CheckContext } from '../../../src/bench/check.js';
import { benchChecks } from '../../../src/bench/checks/index.js';
import { matrix } from '../../../src/bench/all-nodes.js';
import { readBenchLog } from '../../../src/bench/log.js';
import { findingsFromLog } from '../../../src/bench/runner.js';
import type { HostFacts } from '../../../src/bench/host-facts.js';
import { runRules } from '../../../src/compose/rules/index.js';
import type { Finding } from '../../../src/core/finding.js';
import { lintImage } from '../../../src/imagelint/rules.js';
import { evaluateOverlays } from '../../../src/network/checks/overlay.js';
import { parseOverlayNetwork, type OverlayNetwork } from '../../../src/network/overlay.js';
import { hostMountRisk } from '../../../src/security/host-mount.js';
import { isEncryptedOverlay } from '../../../src/security/overlay.js';
import { stackKeyFate } from '../../../src/security/stack-keys.js';
import { convertStack } from '../../../src/stack/convert.js';
import { definesHealthcheck, disablesHealthcheck } from '../../../src/core/healthcheck.js';
import { hasHealthcheck } from '../../../src/engine/models.js';
import { daemonApiConfig, unauthenticatedApiHosts } from '../../../src/hardening/daemon-config.js';
import { checkTcpApi } from '../../../src/hardening/tcp-api-check.js';
import { containerOf, snapshotOf, type RawSnapshot } from '../../helpers/engine-snapshot.js';
import { loadText } from '../compose/helpers.js';
import { familiarName, formatFamiliar, normalizedName, tryParseImageReference } from '../../../src/core/image-reference.js';
import { imageProfile } from '../../../src/compose/init.js';
import { isPinnedReference, repositoryOf } from '../../../src/engine/node-job.js';
import { namesItsRegistry } from '../../../src/image/inventory.js';
import { imageSelected } from '../../../src/image/node-images.js';
import { imagePurl } from '../../../src/scan/openvex.js';
import { displayImage } from '../../../src/stack/lifecycle.js';

const host: HostFacts = {
  hostname: 'h',
  uid: 0,
  files: {},
  units: {},
  audit: { loaded: [], files: [] },
  daemon: { argv: null, config: null, listeners: [] },
  mounts: [],
  dockerGroup: { exists: false, members: [], uidMin: 1000, uidMax: 60000 },
  swarmNodeCert: null,
  swarmCaCert: null,
  groupNames: {},
};
const bench = (id: string, raw: RawSnapshot): boolean => {
  const ctx: CheckContext = {
    snapshot: snapshotOf({ info: { Swarm: { LocalNodeState: 'active' } }, ...raw }),
    host,
    options: { trustedUsers: [], swarmIntended: true, now: new Date() },
  };
  return benchChecks.get(id)!.evaluate(ctx).verdict === 'WARN';
};
const compose = async (yaml: string): Promise<Finding[]> => runRules(await loadText(yaml));
const has = (fs: Finding[], id: string): boolean => fs.some((f) => f.id === id);
const swarm = (containerSpec: Record<string, unknown>): Finding[] =>
  auditSwarmServices(
    snapshotOf({
      swarm: { nodes: [], services: [{ Spec: { Name: 'svc', TaskTemplate: { ContainerSpec: { Image: 'img', User: '1000', ...containerSpec } } } }] },
    }),
  );
const image = (config: Record<string, unknown>): string[] =>
  lintImage(
    {
      ref: 'img:1@sha256:' + 'a'.repeat(64),
      config: { config: { User: 'app', Healthcheck: { Test: ['CMD', 'x'] }, ...config }, history: [] },
      size: 1,
      tracked: new Map(),
      files: new Map(),
      warnings: [],
    },
    { allowedRegistries: [], maxSizeMiB: 500 },
  ).map((f) => f.id);
const svcYaml = (body: string): string => `services:\n  svc:\n    image: img:1\n    user: "1000"\n${body}`;

describe('one answer per question across tools', () => {
  it.each([
    ['/var/run/docker.sock', true],
    ['/run', true],
    ['/var/run/', true],
    ['/run/containerd/containerd.sock', true],
    ['/run/docker/containerd/containerd.sock', true],
    ['/srv/data', false],
    ['/run/user/1000', false],
  ])('does a bind mount of %s expose the engine socket? %s', async (source, exposed) => {
    expect(has(await compose(svcYaml(`    volumes:\n      - type: bind\n        source: ${source}\n        target: /x\n`)), 'docker-socket-mount')).toBe(
      exposed,
    );
    expect(bench('5.32', { containers: [containerOf('c', { Mounts: [{ Type: 'bind', Source: source, Destination: '/x', RW: true }] })] })).toBe(exposed);
    expect(
      bench('5.32', {
        swarm: { services: [{ Spec: { Name: 's', TaskTemplate: { ContainerSpec: { Mounts: [{ Type: 'bind', Source: source, Target: '/x' }] } } } }] },
      }),
    ).toBe(exposed);
    expect(has(swarm({ Mounts: [{ Type: 'bind', Source: source, Target: '/x' }] }), 'service-docker-socket')).toBe(exposed);
  });

  it.each([
    ['/etc', true],
    ['/etc/ssl/certs', true],
    ['/var/lib/docker/volumes', true],
    ['/', true],
    ['/srv/data', false],
    ['/etcetera', false],
  ])('is a read-write bind mount of %s sensitive? %s', async (source, sensitive) => {
    expect(has(await compose(svcYaml(`    volumes:\n      - ${source}:/x\n`)), 'sensitive-host-path')).toBe(sensitive);
    expect(bench('5.6', { containers: [containerOf('c', { Mounts: [{ Type: 'bind', Source: source, Destination: '/x', RW: true }] })] })).toBe(sensitive);
    expect(
      bench('5.6', {
        swarm: { services: [{ Spec: { Name: 's', TaskTemplate: { ContainerSpec: { Mounts: [{ Type: 'bind', Source: source, Target: '/x' }] } } } }] },
      }),
    ).toBe(sensitive);
  });

  it.each([
    ['/etc/localtime', false],
    ['/etc/timezone', false],
    ['/etc/ssl/certs', true],
    ['/var/lib/docker/volumes', true],
    ['/srv/data', false],
  ])('is a read-only bind mount of %s a host-mount risk? %s', async (source, risky) => {
    expect(hostMountRisk(source, true) !== undefined).toBe(risky);
    expect(has(await compose(svcYaml(`    volumes:\n      - ${source}:/x:ro\n`)), 'sensitive-host-path')).toBe(risky);
    expect(bench('5.6', { containers: [containerOf('c', { Mounts: [{ Type: 'bind', Source: source, Destination: '/x', RW: false }] })] })).toBe(risky);
    expect(
      bench('5.6', {
        swarm: {
          services: [{ Spec: { Name: 's', TaskTemplate: { ContainerSpec: { Mounts: [{ Type: 'bind', Source: source, Target: '/x', ReadOnly: true }] } } } }],
        },
      }),
    ).toBe(risky);
  });

  it.each([
    ['root', true],
    ['0', true],
    ['0:0', true],
    ['root:wheel', true],
    ['1000', false],
    ['nobody:nogroup', false],
  ])('does user %j run as root? %s', async (user, root) => {
    const yaml = `services:\n  svc:\n    image: img:1\n    user: "${user}"\n`;
    expect(has(await compose(yaml), 'user-root')).toBe(root);
    expect(bench('4.1', { containers: [containerOf('c', { Config: { User: user } })] })).toBe(root);
    expect(bench('4.1', { swarm: { services: [{ Spec: { Name: 's', TaskTemplate: { ContainerSpec: { User: user } } } }] } })).toBe(root);
    expect(has(swarm({ User: user }), 'service-runs-as-root')).toBe(root);
    expect(image({ User: user }).includes('image-runs-as-root')).toBe(root);
  });

  it.each([
    ['AUTHOR', 'jane', false],
    ['API_TOKEN', 'abc123', true],
    ['DB_PASSWORD_FILE', '/run/secrets/db', false],
    ['DB_PASSWORD', '/run/secrets/db', false],
    ['NOTE', 'AKIA' + 'ABCDEFGHIJKLMNOP', true],
    ['FEATURE_AUTH', 'true', false],
  ])('does %s=%s carry a secret? %s', async (name, value, secret) => {
    expect(has(await compose(svcYaml(`    environment:\n      ${name}: "${value}"\n`)), 'secret-in-environment')).toBe(secret);
    expect(has(swarm({ Env: [`${name}=${value}`] }), 'service-secret-in-env')).toBe(secret);
    expect(image({ Env: [`${name}=${value}`] }).includes('image-secret-in-env')).toBe(secret);
  });

  it.each([
    ['SYS_ADMIN', true],
    ['cap_sys_ptrace', true],
    ['NET_RAW', true],
    ['NET_BIND_SERVICE', false],
    ['CHOWN', false],
  ])('is adding %s dangerous? %s', async (cap, dangerous) => {
    expect(has(await compose(svcYaml(`    cap_drop: [ALL]\n    cap_add: [${cap}]\n`)), 'dangerous-capability')).toBe(dangerous);
    expect(bench('5.4', { containers: [containerOf('c', { HostConfig: { CapAdd: [cap] } })] })).toBe(dangerous);
    expect(bench('5.4', { swarm: { services: [{ Spec: { Name: 's', TaskTemplate: { ContainerSpec: { CapabilityAdd: [cap] } } } }] } })).toBe(dangerous);
  });

  it.each([
    [{ encrypted: '' }, true],
    [{ encrypted: 'true' }, true],
    [{ encrypted: 'false' }, true],
    [{}, false],
    [{ 'com.docker.network.encrypted': '' }, false],
  ])('is an overlay with driver options %j encrypted? %s', async (opts, encrypted) => {
    const optsYaml = Object.keys(opts).length
      ? `    driver_opts:\n${Object.entries(opts)
          .map(([k, v]) => `      ${k}: "${v}"`)
          .join('\n')}\n`
      : '';
    const yaml = `services:\n  svc:\n    image: img:1\n    networks: [app]\nnetworks:\n  app:\n    driver: overlay\n${optsYaml}`;
    const lint = (await compose(yaml)).filter((f) => f.id === 'overlay-not-encrypted' && f.severity !== 'INFO');
    expect(lint.length === 0).toBe(encrypted);
    const raw = { Id: 'n1', Name: 'app', Driver: 'overlay', Scope: 'swarm', Options: opts };
    expect(bench('7.3', { networks: [raw] })).toBe(!encrypted);
    const net = parseOverlayNetwork(raw) as OverlayNetwork;
    expect(net.encrypted).toBe(encrypted);
    expect(evaluateOverlays([net]).some((f) => f.id === 'overlay-not-encrypted')).toBe(!encrypted);
    expect(isEncryptedOverlay(opts)).toBe(encrypted);
  });

  it.each([
    [['dockerd', '-H', 'tcp://0.0.0.0:2376', '--tlsverify'], null, false],
    [['dockerd', '-H', 'tcp://0.0.0.0:2376', '--tlsverify', '--tlscacert', '/c/ca.pem', '--tlscert', '/c/cert.pem', '--tlskey', '/c/key.pem'], null, false],
    [['dockerd', '-H', 'tcp://0.0.0.0:2375'], null, true],
    [['dockerd', '-Htcp://127.0.0.1:2375'], null, true],
    [['dockerd', '--host=tcp://0.0.0.0:2376', '--tls', '--tlscert', '/c/cert.pem', '--tlskey', '/c/key.pem'], null, true],
    [['dockerd', '--host=tcp://0.0.0.0:2376', '--tlsverify=false'], null, true],
    [['dockerd'], { hosts: ['tcp://0.0.0.0:2375'] }, true],
    [['dockerd'], { hosts: ['tcp://0.0.0.0:2376'], tlsverify: true }, false],
    [['dockerd', '-H', 'tcp://0.0.0.0:2376'], { tlsverify: true }, false],
    [['dockerd', '-H', 'unix:///var/run/docker.sock'], null, false],
  ] as const)('is the API of %j with daemon.json %j exposed without authentication? %s', (argv, config, exposed) => {
    const daemon = { argv: [...argv], config: config === null ? null : { ...config }, listeners: [] };
    const cfg = daemonApiConfig(daemon.argv, daemon.config);
    expect(unauthenticatedApiHosts(cfg).length > 0).toBe(exposed);
    const ctx: CheckContext = {
      snapshot: snapshotOf({ info: { Swarm: { LocalNodeState: 'active' } } }),
      host: { ...host, daemon },
      options: { trustedUsers: [], swarmIntended: true, now: new Date() },
    };
    expect(benchChecks.get('2.7')!.evaluate(ctx).verdict === 'WARN').toBe(exposed);
    expect(checkTcpApi([{ pid: 1, config: cfg, listeners: [], probes: [] }], 'h').length > 0).toBe(exposed);
  });

  it.each([
    ['dns_opt: [use-vc]', 'dns_opt', 'refused'],
    ['group_add: [wheel]', 'group_add', 'refused'],
    ['oom_score_adj: 100', 'oom_score_adj', 'refused'],
    ['privileged: true', 'privileged', 'dropped'],
    ['restart: always', 'restart', 'dropped'],
    ['container_name: web', 'container_name', 'dropped'],
    ['cap_add: [NET_ADMIN]', 'cap_add', 'applied'],
    ['sysctls: {net.core.somaxconn: "1024"}', 'sysctls', 'applied'],
    ['dns: [10.0.0.2]', 'dns', 'applied'],
  ])('what does docker stack deploy do with `%s`? %s (%s)', async (line, key, fate) => {
    expect(stackKeyFate(key)?.fate ?? 'applied').toBe(fate);
    const loaded = await loadText(svcYaml(`    ${line}\n`));
    const lint = runRules(loaded);
    expect(lint.filter((f) => f.id === 'stack-deploy-refuses').some((f) => f.message.includes(`property ${key} `))).toBe(fate === 'refused');
    expect(lint.filter((f) => f.id === 'swarm-ignored-option').some((f) => f.message.includes(`"${key}"`))).toBe(fate === 'dropped');
    const spec = convertStack({ stack: 'st', loaded, cwd: '/', env: {}, fileData: new Map(), home: '/home/u' });
    expect([...spec.unsupported, ...spec.deprecated.map((d) => d.key)].includes(key)).toBe(fate === 'dropped');
    expect(spec.notes.some((n) => n.includes(`${key} is not applied`))).toBe(fate === 'refused');
  });

  it.each([
    [
      'a docker-bench log',
      {
        tests: [
          {
            results: [
              { id: '2.1', result: 'WARN', details: 'x' },
              { id: '4.1', result: 'PASS' },
            ],
          },
        ],
      },
      ['2.1'],
    ],
    ['a 1.8.0 log', { cis: '1.8.0', tests: [{ results: [{ id: '2.8', result: 'WARN', items: ['tcp://0.0.0.0:2375'] }] }] }, ['2.8']],
    [
      'fields of the wrong type',
      { tests: [{ results: [{ id: 21, result: 'WARN' }, { id: '4.1', result: 'WARN', items: 'x' }, { id: '5.1' }, null] }, { results: 'x' }, 7] },
      ['4.1'],
    ],
    ['no tests', { tests: 'none' }, []],
    ['not a log', ['WARN'], []],
  ])('which checks does %s WARN on?', (_what, log, warned) => {
    const read = readBenchLog(log);
    expect(read.results.filter((r) => r.result === 'WARN').map((r) => r.id)).toEqual(warned);
    const logObject = typeof log === 'object' && !Array.isArray(log) ? log : {};
    expect(findingsFromLog(logObject, 'n1').map((f) => f.id)).toEqual(warned);
    const m = matrix([{ nodeId: 'n', hostname: 'n1', log: logObject }]);
    expect(m.rows.filter((r) => r[1] === 'WARN').map((r) => r[0])).toEqual(warned);
  });

  it('healthcheck: image lint, the engine snapshot the benchmark reads (4.6) and the predicate agree on every test list', () => {
    const tests: (string[] | undefined)[] = [undefined, [], ['NONE'], ['CMD', 'true'], ['CMD-SHELL', 'curl -f http://localhost/'], ['NONE', 'x']];
    for (const t of tests) {
      const defined = definesHealthcheck(t);
      const lint = !image({ Healthcheck: t === undefined ? undefined : { Test: t } }).includes('image-no-healthcheck');
      const snapshot = hasHealthcheck(t === undefined ? undefined : { Test: t });
      expect([lint, snapshot], JSON.stringify(t)).toEqual([defined, defined]);
      const serviceWarns = bench('5.27', {
        swarm: { services: [{ Spec: { Name: 's', TaskTemplate: { ContainerSpec: { ...(t === undefined ? {} : { Healthcheck: { Test: t } }) } } } }] },
      });
      expect(serviceWarns, JSON.stringify(t)).toBe(disablesHealthcheck(t));
    }
  });

  const D = 'sha256:' + 'd'.repeat(64);
  it.each([
    'nginx',
    'nginx:1.27',
    'library/nginx:1.27',
    'docker.io/library/nginx:1.27',
    'index.docker.io/library/nginx',
    'registry-1.docker.io/library/nginx:latest',
    'bitnami/redis:7',
    'localhost:5000/team/web:2',
    'registry.example.com:5000/team/web',
    `registry.example.com:5000/team/web@${D}`,
    `nginx:1.27@${D}`,
    `web@${D}`,
    `docker.io/library/nginx@sha512:${'e'.repeat(128)}`,
    '[::1]:5000/web:1',
    'NGINX:1',
    'Team/web',
    'nginx@sha256:abc',
    'a/b:c:d',
    'web:-x',
    'localhost/',
  ])('the image reference %s reads the same in every tool', async (ref) => {
    const parsed = tryParseImageReference(ref);
    expect(repositoryOf(ref), 'node jobs').toBe(parsed && familiarName(parsed));
    expect(isPinnedReference(ref), 'node jobs and compose lint').toBe(parsed?.digest !== undefined);
    const nginx127 = parsed !== undefined && parsed.digest === undefined && familiarName(parsed) === 'nginx' && (parsed.tag ?? 'latest') === '1.27';
    expect(imageSelected({ Id: D, RepoTags: ['nginx:1.27'], RepoDigests: [] }, [ref]), 'image scan --all-nodes').toBe(nginx127);
    expect(namesItsRegistry(ref), 'image scan: read from its registry').toBe(parsed !== undefined && parsed.registry !== 'docker.io');
    const shown = parsed?.tag === undefined ? ref : formatFamiliar({ registry: parsed.registry, repository: parsed.repository, tag: parsed.tag });
    expect(displayImage(ref), 'stack ps/services').toBe(shown);
    expect(imageProfile(ref) === imageProfile('nginx'), 'compose init').toBe(parsed !== undefined && familiarName(parsed) === 'nginx');
    const purl = new URL(imagePurl({ ref, inventory: { ref, packages: [], warnings: [] } as never }).replace(/^pkg:oci\//, 'pkg://h/'));
    expect(purl.searchParams.get('repository_url'), 'openvex').toBe(parsed ? normalizedName(parsed) : ref);
    expect(purl.searchParams.get('tag'), 'openvex').toBe(parsed?.tag ?? null);
    const unpinned = parsed !== undefined && parsed.digest === undefined && (parsed.tag ?? 'latest') === 'latest';
    expect(
      lintImage(
        { ref, config: { config: { User: 'app' }, history: [] }, size: 1, tracked: new Map(), files: new Map(), warnings: [] },
        { allowedRegistries: [], maxSizeMiB: 500 },
      )
        .map((f) => f.id)
        .includes('image-not-pinned'),
      'image lint',
    ).toBe(unpinned);
    if (parsed !== undefined) {
      const lint = (await compose(`services:\n  svc:\n    image: "${ref}"\n    user: "1000"\n`)).filter((f) => f.id === 'image-not-pinned');
      expect(lint.length > 0, 'compose lint').toBe(!isPinnedReference(ref));
    }
  });
});
