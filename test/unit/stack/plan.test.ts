import { parseFileObjectList, parseNetwork, parseService } from '../../../src/engine/models.js';
import { describe, it, expect } from 'vitest';
import type { StackSpec } from '../../../src/stack/convert.js';
import type { EngineNetwork, EngineService, ServiceSpec } from '../../../src/stack/engine-types.js';
import { canonicalSpec, computePlan, diffPaths, isEncrypted, planIsNoop, specForUpdate } from '../../../src/stack/plan.js';
import type { ClusterObjects } from '../../../src/stack/state.js';
import { raised } from '../../helpers/raised.js';
import { notesSaid } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { executePlan } from '../../../src/stack/deploy.js';
import { blockerLines } from '../../../src/cli/stack.js';
import { createStyler } from '../../../src/core/style.js';
import { setLocale } from '../../../src/i18n/locale.js';

const NS = 'com.docker.stack.namespace';

function svcSpec(name: string, extra: Partial<ServiceSpec['TaskTemplate']['ContainerSpec']> = {}): ServiceSpec {
  return {
    Name: `st_${name}`,
    Labels: { [NS]: 'st', 'com.docker.stack.image': 'img:1' },
    TaskTemplate: { ContainerSpec: { Image: 'img:1', Labels: { [NS]: 'st' }, ...extra }, Networks: [{ Target: 'st_net', Aliases: [name] }] },
    Mode: { Replicated: {} },
  };
}

function desired(services: Record<string, ServiceSpec>, over: Partial<StackSpec> = {}): StackSpec {
  return {
    stack: 'st',
    networks: [{ Name: 'st_net', Driver: 'overlay', Options: { encrypted: '' }, Labels: { [NS]: 'st' }, Attachable: false, Internal: false }],
    externalNetworks: [],
    secrets: [],
    externalSecrets: [],
    configs: [],
    externalConfigs: [],
    services,
    unsupported: [],
    deprecated: [],
    notes: [],
    ...over,
  };
}

/** What the engine returns for a service created from `spec`: IDs for networks, defaults filled in. */
function running(spec: ServiceSpec, id: string, netId = 'netid1'): EngineService {
  const s = JSON.parse(JSON.stringify(spec)) as ServiceSpec;
  s.TaskTemplate.Networks = (s.TaskTemplate.Networks ?? []).map((n) => ({ ...n, Target: n.Target === 'st_net' ? netId : n.Target }));
  s.TaskTemplate.ForceUpdate = 0;
  s.TaskTemplate.Runtime = 'container';
  s.TaskTemplate.ContainerSpec.Isolation = 'default';
  s.TaskTemplate.ContainerSpec.Privileges = { CredentialSpec: null, SELinuxContext: null };
  s.Mode = { Replicated: { Replicas: 1 } };
  return parseService({ ID: id, Version: { Index: 42 }, Spec: s });
}

const ourNet: EngineNetwork = parseNetwork({
  Id: 'netid1',
  Name: 'st_net',
  Driver: 'overlay',
  Scope: 'swarm',
  Labels: { [NS]: 'st' },
  Options: { encrypted: '' },
});

function cluster(over: Partial<ClusterObjects> = {}): ClusterObjects {
  return { services: [], networks: [], secrets: [], configs: [], ...over };
}

const opts = { prune: false, resolveImage: 'never' as const };

describe('computePlan', () => {
  it('creates everything on an empty cluster, with the network encryption', () => {
    const plan = computePlan(desired({ web: svcSpec('web') }), cluster(), opts);
    expect(plan.blockers).toEqual([]);
    expect(plan.networks).toEqual([{ name: 'st_net', action: 'create', driver: 'overlay', encrypted: true }]);
    expect(plan.services.map((s) => [s.name, s.action])).toEqual([['st_web', 'create']]);
    expect(planIsNoop(plan)).toBe(false);
  });

  it('sees a running service created from the same spec as unchanged (engine defaults, network IDs)', () => {
    const spec = svcSpec('web', { Env: ['A=1'] });
    const plan = computePlan(desired({ web: spec }), cluster({ services: [running(spec, 's1')], networks: [ourNet] }), opts);
    expect(plan.services[0]?.action).toBe('unchanged');
    expect(plan.networks[0]?.action).toBe('exists');
    expect(planIsNoop(plan)).toBe(true);
  });

  it('reports what changed for an update, with the ID and version to update', () => {
    const before = svcSpec('web', { Env: ['A=1'] });
    const after = svcSpec('web', { Env: ['A=2'], User: '1000' });
    const plan = computePlan(desired({ web: after }), cluster({ services: [running(before, 's1')], networks: [ourNet] }), opts);
    expect(plan.services[0]).toMatchObject({
      action: 'update',
      id: 's1',
      version: 42,
      changes: ['TaskTemplate.ContainerSpec.Env', 'TaskTemplate.ContainerSpec.User'],
    });
  });

  it("warns before changing a service's endpoint mode in place (a stale VIP stays in DNS)", () => {
    const before = svcSpec('web');
    const after = { ...svcSpec('web'), EndpointSpec: { Mode: 'dnsrr' as const } };
    const plan = computePlan(desired({ web: after }), cluster({ services: [running(before, 's1')], networks: [ourNet] }), opts);
    expect(plan.warnings.join('\n')).toMatch(/st_web.*endpoint mode in place \(vip → dnsrr\).*docker service rm st_web/);
    const same = computePlan(desired({ web: before }), cluster({ services: [running(before, 's1')], networks: [ourNet] }), opts);
    expect(same.warnings.join('\n')).not.toMatch(/endpoint mode/);
  });

  it('detects a field removed from the file', () => {
    const before = svcSpec('web', { Healthcheck: { Test: ['CMD', 'true'] } });
    const plan = computePlan(desired({ web: svcSpec('web') }), cluster({ services: [running(before, 's1')], networks: [ourNet] }), opts);
    expect(plan.services[0]?.changes).toEqual(['TaskTemplate.ContainerSpec.Healthcheck']);
  });

  it('lists services no longer in the file: kept with a warning, removed with --prune', () => {
    const old = running(svcSpec('old'), 's2');
    const kept = computePlan(desired({ web: svcSpec('web') }), cluster({ services: [old], networks: [ourNet] }), opts);
    expect(kept.prune).toEqual([{ name: 'st_old', id: 's2' }]);
    expect(kept.warnings.join('\n')).toMatch(/st_old.*--prune/);
    const pruned = computePlan(desired({ web: svcSpec('web') }), cluster({ services: [old], networks: [ourNet] }), { ...opts, prune: true });
    expect(pruned.pruneEnabled).toBe(true);
    expect(pruned.warnings.join('\n')).not.toMatch(/--prune/);
  });

  it('blocks on a missing external network, secret or config', () => {
    const plan = computePlan(
      desired({ web: svcSpec('web') }, { externalNetworks: ['shared'], externalSecrets: ['api_key'], externalConfigs: ['cfg'] }),
      cluster(),
      opts,
    );
    expect(plan.blockers).toHaveLength(3);
    expect(plan.blockers[0]).toMatch(/network "shared" is declared as external, but could not be found/);
    expect(plan.blockers[1]).toMatch(/secret "api_key" is declared as external/);
    expect(plan.networks[0]).toMatchObject({ name: 'shared', action: 'external-missing' });
  });

  it("the dry run says each blocker in the reader's language, as the warnings are said", () => {
    const plan = computePlan(desired({ web: svcSpec('web') }, { externalNetworks: ['shared'], externalSecrets: ['api_key'] }), cluster(), opts);
    const plain = createStyler(false);
    expect(blockerLines(plan, plain)).toEqual(plan.blockers.map((b) => `blocker: ${b}`));
    setLocale('ja');
    try {
      expect(blockerLines(plan, plain)).toEqual([
        'デプロイできない理由: ネットワーク "shared" は external と宣言されていますが、見つかりません: 先に Swarm スコープのネットワークを作成してください（docker network create -d overlay --opt encrypted shared）',
        'デプロイできない理由: シークレット "api_key" は external と宣言されていますが、見つかりません: 先に作成してください（docker secret create api_key FILE）',
      ]);
    } finally {
      setLocale('en');
    }
  });

  it('blocks an external network that is not swarm-scoped', () => {
    const local: EngineNetwork = parseNetwork({ Id: 'b', Name: 'mybridge', Driver: 'bridge', Scope: 'local', Labels: {}, Options: {} });
    const plan = computePlan(desired({ web: svcSpec('web') }, { externalNetworks: ['mybridge'] }), cluster({ networks: [local] }), opts);
    expect(plan.blockers[0]).toMatch(/not in the right scope: "local"/);
  });

  it('blocks name collisions with objects of another stack or of no stack', async () => {
    const other = running(svcSpec('web'), 's9');
    other.Spec.Labels = { [NS]: 'other' };
    const foreignNet: EngineNetwork = { ...ourNet, Id: 'n9', Labels: {} };
    const [foreignSecret] = parseFileObjectList([{ ID: 'x', Version: { Index: 1 }, Spec: { Name: 'st_pw', Labels: {} } }], 'secret');
    const plan = computePlan(
      desired({ web: svcSpec('web') }, { secrets: [{ key: 'pw', file: '/pw', spec: { Name: 'st_pw', Labels: { [NS]: 'st' }, Data: 'eA==' } }] }),
      cluster({ services: [other], networks: [foreignNet], secrets: [foreignSecret!] }),
      opts,
    );
    expect(plan.blockers.join('\n')).toMatch(/network named "st_net" already exists and is not part of any stack/);
    expect(plan.blockers.join('\n')).toMatch(/service named "st_web" already exists and is part of stack "other"/);
    expect(plan.blockers.join('\n')).toMatch(/secret named "st_pw" already exists/);
    // The refusal says each blocker by id: English as listed, Japanese from the catalogue.
    const refusal = await raised(() =>
      executePlan(undefined as never, desired({ web: svcSpec('web') }), plan, cluster(), { log: () => undefined, warn: () => undefined } as never),
    );
    expect(refusal.message).toBe(`cannot deploy stack "st":\n  - ${plan.blockers.join('\n  - ')}`);
    const ja = localizeMessage(refusal.text, 'ja');
    expect(ja).toContain('ネットワーク "st_net" はすでにあり、どのスタックにも属していません。');
    expect(ja).toContain('サービス "st_web" はすでにあり、スタック "other" のものです。');
    expect(ja).toContain('シークレット "st_pw" はすでにあり、どのスタックにも属していません。引き継ぐことはしません');
  });

  it('compares config content (configs are immutable) and marks existing secrets for an engine-side check', () => {
    const cfg = { key: 'conf', file: '/app.conf', spec: { Name: 'st_conf', Labels: { [NS]: 'st' }, Data: Buffer.from('new').toString('base64') } };
    const sec = { key: 'pw', file: '/pw', spec: { Name: 'st_pw', Labels: { [NS]: 'st' }, Data: 'eA==' } };
    const have: ClusterObjects = cluster({
      networks: [ourNet],
      configs: parseFileObjectList(
        [{ ID: 'c1', Version: { Index: 3 }, Spec: { Name: 'st_conf', Labels: { [NS]: 'st' }, Data: Buffer.from('old').toString('base64') } }],
        'config',
      ),
      secrets: parseFileObjectList([{ ID: 'x1', Version: { Index: 4 }, Spec: { Name: 'st_pw', Labels: { [NS]: 'st' } } }], 'secret'),
    });
    const plan = computePlan(desired({ web: svcSpec('web') }, { configs: [cfg], secrets: [sec] }), have, opts);
    expect(plan.configs[0]).toMatchObject({ action: 'changed' });
    expect(plan.blockers.join('\n')).toMatch(/config "st_conf" already exists with different content.*immutable/);
    expect(plan.secrets[0]).toEqual({ name: 'st_pw', action: 'check', id: 'x1', version: 4 });
  });

  it('warns about an existing network whose encryption differs from the file and about plaintext overlays', () => {
    const plain: EngineNetwork = { ...ourNet, Options: {} };
    const plan = computePlan(desired({ web: svcSpec('web') }), cluster({ networks: [plain] }), opts);
    expect(plan.warnings.join('\n')).toMatch(/exists unencrypted but the file says encrypted/);
    expect(plan.warnings.join('\n')).toMatch(/without encryption/);
    // Each warning is kept by id beside its English, for a printer to say in its reader's language.
    expect(plan.warnings[0]).toBe(
      'network "st_net" exists unencrypted but the file says encrypted; Swarm does not change a network in place: remove the stack (or the network) and deploy again',
    );
    expect(notesSaid(plan.warnings).map((m) => localizeMessage(m, 'ja'))).toEqual([
      'ネットワーク "st_net" は暗号化なしですでにありますが、ファイルでは暗号化ありです。Swarm はネットワークをその場で変更しません: スタック（またはネットワーク）を削除してからデプロイし直してください',
      'ネットワーク "st_net" は暗号化されていないオーバーレイです: ノード間の通信は平文です',
    ]);
  });
});

describe('spec helpers', () => {
  it('keeps the resolved image and ForceUpdate when the file image is unchanged (as the CLI)', () => {
    const cur = running(svcSpec('web'), 's1');
    cur.Spec.TaskTemplate.ContainerSpec.Image = `img:1@sha256:${'a'.repeat(64)}`;
    cur.Spec.TaskTemplate.ForceUpdate = 3;
    const next = specForUpdate(svcSpec('web'), cur, 'never');
    expect(next.TaskTemplate.ContainerSpec.Image).toBe(`img:1@sha256:${'a'.repeat(64)}`);
    expect(next.TaskTemplate.ForceUpdate).toBe(3);
    expect(specForUpdate(svcSpec('web'), cur, 'always').TaskTemplate.ContainerSpec.Image).toBe('img:1');
  });

  it('canonicalSpec ignores the MaxFailureRatio 0 the engine stores by default', () => {
    const sent = { ...svcSpec('web'), UpdateConfig: { Parallelism: 1, FailureAction: 'rollback' } } as ServiceSpec;
    const stored = { ...svcSpec('web'), UpdateConfig: { Parallelism: 1, FailureAction: 'rollback', MaxFailureRatio: 0 } } as ServiceSpec;
    expect(canonicalSpec(stored)).toEqual(canonicalSpec(sent));
    const changed = { ...svcSpec('web'), UpdateConfig: { Parallelism: 1, FailureAction: 'rollback', MaxFailureRatio: 0.5 } } as ServiceSpec;
    expect(canonicalSpec(changed)).not.toEqual(canonicalSpec(sent));
  });

  it('canonicalSpec drops defaults and empties; diffPaths names the differences', () => {
    expect(canonicalSpec(running(svcSpec('web'), 's', 'n').Spec, new Map([['n', 'st_net']]))).toEqual(canonicalSpec(svcSpec('web')));
    expect(diffPaths({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 } })).toEqual(['a.c']);
    expect(diffPaths({ a: [1] }, { a: [2] })).toEqual(['a']);
    expect(diffPaths({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it.each([
    [{ encrypted: '' }, true],
    [{ encrypted: 'true' }, true],
    [{}, false],
    [null, false],
    [{ 'com.docker.network.driver.overlay.vxlanid_list': '4097' }, false],
  ])('isEncrypted(%j) = %s', (opts, expected) => {
    expect(isEncrypted(opts)).toBe(expected);
  });
});
