import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCompose } from '../../../src/compose/load.js';
import { InputError } from '../../../src/core/errors.js';
import { convertStack, effectiveCapabilities, ignoredOptionsText, type StackSpec } from '../../../src/stack/convert.js';
import type { ServiceSpec } from '../../../src/stack/engine-types.js';
import { readObjectFiles } from '../../../src/stack/deploy-stack.js';

// Created at load time: the table below names paths inside it.
const dir = mkdtempSync(path.join(tmpdir(), 'sg-convert-'));
beforeAll(() => {
  writeFileSync(path.join(dir, 'pw.txt'), 's3cret-value');
  writeFileSync(path.join(dir, 'app.conf'), 'listen 80;\n');
  writeFileSync(path.join(dir, 'web.env'), 'FROM_FILE=1\nOVERRIDDEN=file\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function convert(yaml: string, env: Record<string, string> = {}): Promise<StackSpec> {
  const file = path.join(dir, `stack-${n++}.yml`);
  writeFileSync(file, yaml);
  const loaded = await loadCompose([file], { cwd: dir, env });
  return convertStack({ stack: 'st', loaded, cwd: dir, env, fileData: await readObjectFiles(loaded), home: '/home/u' });
}

async function service(body: string, extra = '', env: Record<string, string> = {}): Promise<ServiceSpec> {
  const indented = body
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  const spec = await convert(`services:\n  web:\n    image: img:1\n${indented}\n${extra}`, env);
  return spec.services.web as ServiceSpec;
}

describe('convertStack: service fields (table-driven)', () => {
  const cases: [string, string, (s: ServiceSpec) => unknown, unknown][] = [
    [
      'image + labels',
      'labels: {a: b}',
      (s) => [s.TaskTemplate.ContainerSpec.Image, s.Labels, s.TaskTemplate.ContainerSpec.Labels],
      ['img:1', { 'com.docker.stack.namespace': 'st', 'com.docker.stack.image': 'img:1' }, { a: 'b', 'com.docker.stack.namespace': 'st' }],
    ],
    ['deploy.labels are service labels', 'deploy: {labels: {tier: front}}', (s) => s.Labels.tier, 'front'],
    ['command string is split like a shell', 'command: sh -c "echo a b"', (s) => s.TaskTemplate.ContainerSpec.Args, ['sh', '-c', 'echo a b']],
    ['command list', 'command: [httpd, -f]', (s) => s.TaskTemplate.ContainerSpec.Args, ['httpd', '-f']],
    ['entrypoint → Command', 'entrypoint: /bin/init --x', (s) => s.TaskTemplate.ContainerSpec.Command, ['/bin/init', '--x']],
    ['environment map, sorted', 'environment: {B: "2", A: "1"}', (s) => s.TaskTemplate.ContainerSpec.Env, ['A=1', 'B=2']],
    ['environment list with shell value', 'environment: [FROM_SHELL, UNSET_ONE]', (s) => s.TaskTemplate.ContainerSpec.Env, ['FROM_SHELL=sh', 'UNSET_ONE']],
    [
      'env_file then environment',
      'env_file: web.env\nenvironment: {OVERRIDDEN: inline}',
      (s) => s.TaskTemplate.ContainerSpec.Env,
      ['FROM_FILE=1', 'OVERRIDDEN=inline'],
    ],
    ['replicated mode with replicas', 'deploy: {replicas: 3}', (s) => s.Mode, { Replicated: { Replicas: 3 } }],
    ['default mode', '', (s) => s.Mode, { Replicated: {} }],
    ['global mode', 'deploy: {mode: global}', (s) => s.Mode, { Global: {} }],
    [
      'placement',
      'deploy: {placement: {constraints: [node.role==manager], preferences: [{spread: node.labels.zone}], max_replicas_per_node: 2}}',
      (s) => s.TaskTemplate.Placement,
      {
        Constraints: ['node.role==manager'],
        Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }],
        MaxReplicas: 2,
      },
    ],
    [
      'resources',
      'deploy: {resources: {limits: {cpus: "0.5", memory: 512M, pids: 100}, reservations: {cpus: "0.25", memory: 64M}}}',
      (s) => s.TaskTemplate.Resources,
      {
        Limits: { NanoCPUs: 500_000_000, MemoryBytes: 512 * 1024 * 1024, Pids: 100 },
        Reservations: { NanoCPUs: 250_000_000, MemoryBytes: 64 * 1024 * 1024 },
      },
    ],
    [
      'restart_policy',
      'deploy: {restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 1m30s}}',
      (s) => s.TaskTemplate.RestartPolicy,
      {
        Condition: 'on-failure',
        Delay: 5e9,
        MaxAttempts: 3,
        Window: 90e9,
      },
    ],
    [
      'update_config',
      'deploy: {update_config: {parallelism: 2, delay: 10s, failure_action: rollback, monitor: 30s, max_failure_ratio: 0.2, order: start-first}}',
      (s) => s.UpdateConfig,
      {
        Parallelism: 2,
        Delay: 10e9,
        FailureAction: 'rollback',
        Monitor: 30e9,
        MaxFailureRatio: 0.2,
        Order: 'start-first',
      },
    ],
    [
      'rollback_config defaults parallelism to 1',
      'deploy: {rollback_config: {order: stop-first}}',
      (s) => s.RollbackConfig,
      { Parallelism: 1, Order: 'stop-first' },
    ],
    ['endpoint_mode dnsrr', 'deploy: {endpoint_mode: dnsrr}', (s) => s.EndpointSpec, { Mode: 'dnsrr' }],
    [
      'ports short and long, sorted',
      'ports: ["8080:80/tcp", "53:53/udp", {target: 443, published: 8443, mode: host}]',
      (s) => s.EndpointSpec?.Ports,
      [
        { Protocol: 'udp', TargetPort: 53, PublishedPort: 53, PublishMode: 'ingress' },
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' },
        { Protocol: 'tcp', TargetPort: 443, PublishedPort: 8443, PublishMode: 'host' },
      ],
    ],
    [
      'healthcheck list',
      'healthcheck: {test: [CMD, curl, -f, localhost], interval: 1m30s, timeout: 10s, retries: 3, start_period: 40s}',
      (s) => s.TaskTemplate.ContainerSpec.Healthcheck,
      {
        Test: ['CMD', 'curl', '-f', 'localhost'],
        Interval: 90e9,
        Timeout: 10e9,
        StartPeriod: 40e9,
        Retries: 3,
      },
    ],
    [
      'healthcheck string → CMD-SHELL',
      'healthcheck: {test: "wget -q localhost || exit 1"}',
      (s) => s.TaskTemplate.ContainerSpec.Healthcheck,
      { Test: ['CMD-SHELL', 'wget -q localhost || exit 1'] },
    ],
    ['healthcheck disable', 'healthcheck: {disable: true}', (s) => s.TaskTemplate.ContainerSpec.Healthcheck, { Test: ['NONE'] }],
    [
      'user, working_dir, hostname',
      'user: "1000:1000"\nworking_dir: /app\nhostname: web1',
      (s) => {
        const c = s.TaskTemplate.ContainerSpec;
        return [c.User, c.Dir, c.Hostname];
      },
      ['1000:1000', '/app', 'web1'],
    ],
    [
      'read_only, init, stop_signal, stop_grace_period',
      'read_only: true\ninit: true\nstop_signal: SIGINT\nstop_grace_period: 1m',
      (s) => {
        const c = s.TaskTemplate.ContainerSpec;
        return [c.ReadOnly, c.Init, c.StopSignal, c.StopGracePeriod];
      },
      [true, true, 'SIGINT', 60e9],
    ],
    [
      'cap_add / cap_drop normalised',
      'cap_add: [net_bind_service]\ncap_drop: [ALL]',
      (s) => [s.TaskTemplate.ContainerSpec.CapabilityAdd, s.TaskTemplate.ContainerSpec.CapabilityDrop],
      [['CAP_NET_BIND_SERVICE'], ['ALL']],
    ],
    ['sysctls', 'sysctls: {net.core.somaxconn: 1024}', (s) => s.TaskTemplate.ContainerSpec.Sysctls, { 'net.core.somaxconn': '1024' }],
    [
      'ulimits, sorted by name',
      'ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}',
      (s) => s.TaskTemplate.ContainerSpec.Ulimits,
      [
        { Name: 'nofile', Soft: 20000, Hard: 40000 },
        { Name: 'nproc', Soft: 65535, Hard: 65535 },
      ],
    ],
    [
      'logging',
      'logging: {driver: json-file, options: {max-size: 10m}}',
      (s) => s.TaskTemplate.LogDriver,
      { Name: 'json-file', Options: { 'max-size': '10m' } },
    ],
    [
      'dns and dns_search',
      'dns: [1.1.1.1]\ndns_search: [example.org]',
      (s) => s.TaskTemplate.ContainerSpec.DNSConfig,
      { Nameservers: ['1.1.1.1'], Search: ['example.org'] },
    ],
    ['extra_hosts → "IP host"', 'extra_hosts: ["db:10.0.0.5", "v6:::1"]', (s) => s.TaskTemplate.ContainerSpec.Hosts, ['10.0.0.5 db', '::1 v6']],
    ['default network with service alias', '', (s) => s.TaskTemplate.Networks, [{ Target: 'st_default', Aliases: ['web'] }]],
    [
      'volumes: bind (relative), named (namespaced), tmpfs',
      'volumes: ["./data:/data:ro", "cache:/cache", {type: tmpfs, target: /tmp, tmpfs: {size: 64M}}]',
      (s) => s.TaskTemplate.ContainerSpec.Mounts,
      [
        { Type: 'bind', Source: path.join(dir, 'data'), Target: '/data', ReadOnly: true },
        { Type: 'volume', Source: 'st_cache', Target: '/cache', VolumeOptions: { Labels: { 'com.docker.stack.namespace': 'st' } } },
        { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024 } },
      ],
    ],
    [
      'service tmpfs list becomes tmpfs mounts',
      'tmpfs: ["/run:size=1m,mode=1777"]',
      (s) => s.TaskTemplate.ContainerSpec.Mounts,
      [{ Type: 'tmpfs', Target: '/run', TmpfsOptions: { SizeBytes: 1048576, Mode: 0o1777 } }],
    ],
    [
      'bind with ~ and propagation',
      'volumes: [{type: bind, source: ~/x, target: /x, bind: {propagation: rslave}}]',
      (s) => s.TaskTemplate.ContainerSpec.Mounts,
      [{ Type: 'bind', Source: '/home/u/x', Target: '/x', BindOptions: { Propagation: 'rslave' } }],
    ],
  ];
  const extraFor: Record<string, string> = {
    'volumes: bind (relative), named (namespaced), tmpfs': 'volumes:\n  cache: {}\n',
  };
  it.each(cases)('%s', async (label, body, pick, expected) => {
    const spec = await service(body, extraFor[label] ?? '', { FROM_SHELL: 'sh' });
    expect(pick(spec)).toEqual(expected);
  });
});

describe('convertStack: networks, secrets, configs', () => {
  const yaml = `
services:
  web:
    image: img:1
    networks:
      front:
        aliases: [www]
      ext: {}
    secrets:
      - pw
      - source: pw
        target: other
        uid: "100"
        gid: "101"
        mode: 0400
    configs:
      - source: conf
        target: /etc/app.conf
networks:
  front:
    driver_opts: {encrypted: ""}
    attachable: true
    internal: true
    labels: {x: y}
    ipam:
      config: [{subnet: 10.9.0.0/24}]
  ext:
    external: true
  unused: {}
secrets:
  pw: {file: ./pw.txt}
  ext_secret: {external: true}
configs:
  conf: {file: ./app.conf, name: fixed_conf_name}
`;
  it('creates only the networks services use, overlay by default, namespaced', async () => {
    const spec = await convert(yaml);
    expect(spec.networks).toEqual([
      {
        Name: 'st_front',
        Driver: 'overlay',
        Options: { encrypted: '' },
        Labels: { x: 'y', 'com.docker.stack.namespace': 'st' },
        Attachable: true,
        Internal: true,
        IPAM: { Config: [{ Subnet: '10.9.0.0/24' }] },
      },
    ]);
    expect(spec.externalNetworks).toEqual(['ext']);
    expect(spec.services.web?.TaskTemplate.Networks).toEqual([
      { Target: 'ext', Aliases: ['web'] },
      { Target: 'st_front', Aliases: ['www', 'web'] },
    ]);
  });

  it('reads secrets and configs from files, namespaced unless named, with references', async () => {
    const spec = await convert(yaml);
    expect(spec.secrets.map((s) => s.spec.Name)).toEqual(['st_pw']);
    expect(Buffer.from(spec.secrets[0]?.spec.Data ?? '', 'base64').toString()).toBe('s3cret-value');
    expect(spec.secrets[0]?.spec.Labels).toEqual({ 'com.docker.stack.namespace': 'st' });
    expect(spec.externalSecrets).toEqual(['ext_secret']);
    expect(spec.configs.map((s) => s.spec.Name)).toEqual(['fixed_conf_name']);
    const cs = spec.services.web?.TaskTemplate.ContainerSpec;
    expect(cs?.Secrets).toEqual([
      { File: { Name: 'pw', UID: '0', GID: '0', Mode: 0o444 }, SecretName: 'st_pw' },
      { File: { Name: 'other', UID: '100', GID: '101', Mode: 0o400 }, SecretName: 'st_pw' },
    ]);
    expect(cs?.Configs).toEqual([{ File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o444 }, ConfigName: 'fixed_conf_name' }]);
  });

  it('never puts a secret value anywhere but the secret spec', async () => {
    const spec = await convert(yaml);
    const { secrets, ...rest } = spec;
    expect(JSON.stringify(rest)).not.toContain('s3cret-value');
    expect(secrets.length).toBe(1);
  });
});

describe('convertStack: ignored and refused options', () => {
  it('lists unsupported and deprecated options in the CLI wording, sorted', async () => {
    const full = await convert(
      'services:\n  a:\n    image: i\n    privileged: false\n    security_opt: [x]\n    restart: always\n    container_name: x\n    expose: ["80"]\n    devices: ["/dev/null:/dev/null"]\n    build: .\n',
    );
    expect(full.unsupported).toEqual(['build', 'devices', 'privileged', 'restart', 'security_opt']);
    expect(ignoredOptionsText(full)).toEqual([
      'Ignoring unsupported options: build, devices, privileged, restart, security_opt',
      'Ignoring deprecated options:',
      'container_name: Setting the container name is not supported.',
      "expose: Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ['forbidden key', 'volumes_from: [x]', /volumes_from.*not allowed/],
    ['no image', '', /has no image/],
    ['bad duration', 'stop_grace_period: 10', /no unit|not a duration/],
    ['bad memory', 'deploy: {resources: {limits: {memory: lots}}}', /not a size/],
    ['too precise cpus', 'deploy: {resources: {limits: {cpus: "0.0000000001"}}}', /too precise/],
    ['global with replicas', 'deploy: {mode: global, replicas: 2}', /replicas can only be used/],
    ['dnsrr with ingress ports', 'deploy: {endpoint_mode: dnsrr}\nports: ["80:80"]', /dnsrr cannot publish/],
    ['bad restart condition', 'deploy: {restart_policy: {condition: always}}', /none, on-failure or any/],
    ['unterminated quote', 'command: echo "x', /unterminated/],
    ['healthcheck test and disable', 'healthcheck: {test: [CMD, x], disable: true}', /can't be set at the same time/],
  ];
  it.each(bad)('%s → InputError with the line', async (_label, body, message) => {
    const yaml =
      body.includes('image') || _label === 'no image'
        ? `services:\n  web:\n    ${body || 'user: x'}\n`
        : `services:\n  web:\n    image: i\n    ${body.split('\n').join('\n    ')}\n`;
    const err = await convert(yaml).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(message);
    expect((err as InputError).line).toBeGreaterThan(0);
  });
});

describe('effectiveCapabilities', () => {
  it.each([
    [['net_admin'], [], ['CAP_NET_ADMIN'], []],
    [['ALL'], ['CAP_CHOWN', 'all'], ['ALL'], ['CAP_CHOWN']],
    [['chown'], ['ALL'], ['CAP_CHOWN'], ['ALL']],
    [['chown'], ['chown', 'kill'], ['CAP_CHOWN'], ['CAP_KILL']],
  ])('add %j drop %j', (add, drop, eAdd, eDrop) => {
    expect(effectiveCapabilities(add, drop)).toEqual({ add: eAdd, drop: eDrop });
  });
});
