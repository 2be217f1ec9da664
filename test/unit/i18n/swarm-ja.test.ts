// The swarm audit and stack verify speak Japanese: findings of the real checks on engine documents parsed by
// the real parsers, and on probe output in the format the probe prints.
import { rawMessage } from '../../../src/core/message.js';
import { describe, expect, it } from 'vitest';
import { auditSwarmServices, swarmAuditChecks } from '../../../src/audit/swarm-checks.js';
import { localizeFinding, localizeFindings } from '../../../src/i18n/findings.js';
import { JA_SWARM_RULES } from '../../../src/i18n/ja/swarm-rules.js';
import { evaluatePairs, verifyFindings } from '../../../src/stack/verify.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';
import { out, snapshot } from '../stack/verify-fixtures.js';
import { expectEveryFindingJapanese, expectNoSecret, expectTextsForEvery } from './ja-helpers.js';

const svc = (name: string, containerSpec: Record<string, unknown>, ports: Record<string, unknown>[] = []) => ({
  Spec: {
    Name: name,
    Labels: { 'com.docker.stack.namespace': 'shop' },
    TaskTemplate: { ContainerSpec: { Image: 'img', ...containerSpec } },
    EndpointSpec: { Ports: ports },
  },
});
const nodeOf = (hostname: string, state: string, availability: string, version: string) => ({
  ID: hostname.toUpperCase(),
  Spec: { Availability: availability, Role: 'worker' },
  Description: { Hostname: hostname, Engine: { EngineVersion: version } },
  Status: { State: state },
});

function auditFindings() {
  return auditSwarmServices(
    snapshotOf({
      swarm: {
        services: [
          svc(
            'shop_web',
            { Env: ['API_TOKEN=abc123-very-secret', 'X=AKIAIOSFODNN7EXAMPLE'], Mounts: [{ Type: 'bind', Source: '/run', Target: '/r' }], User: '0:0' },
            [{ PublishedPort: 8080, TargetPort: 80, Protocol: 'tcp' }],
          ),
          svc('shop_db', {}),
        ],
        nodes: [nodeOf('node1', 'ready', 'active', '20.10.24'), nodeOf('node2', 'down', 'drain', '24.0.7'), nodeOf('node3', 'ready', 'pause', '24.0.7')],
      },
    }),
  );
}

function verifyCorpus() {
  const s = snapshot(true);
  const { services, tasks } = s;
  const [nginx, httpd] = [services[0]!, services[1]!];
  const pairs = evaluatePairs(s, [
    {
      task: tasks[0]!,
      networkId: 'NET',
      service: nginx,
      targets: [httpd],
      output: out(['SG-DNS test_httpd OK 10.0.1.7', "SG-TCP test_httpd 10.0.1.7 80 1 nc: can't connect to remote host (10.0.1.7): Connection refused"]),
    },
    { task: tasks[0]!, networkId: 'NET', service: nginx, targets: [{ ...httpd, ports: [] }], output: out(['SG-DNS test_httpd OK 10.0.1.7']) },
    { task: tasks[0]!, networkId: 'NET', service: nginx, targets: [httpd], error: rawMessage('probe image busybox:stable is not on this node') },
  ]);
  return verifyFindings(s, pairs);
}

describe('swarm audit and stack verify in Japanese', () => {
  it('has Japanese texts for every swarm audit check and every stack verify finding', () => {
    const verifyIds = ['stack-service-not-converged', 'stack-probe-dns-only', 'stack-probe-not-run', 'stack-probe-failed'];
    const verifyRules = verifyIds.map((id) => ({ id, title: id, remediation: id }));
    expectTextsForEvery('swarm', [...swarmAuditChecks.all().map((c) => c.meta), ...verifyRules], JA_SWARM_RULES);
  });

  it('translates every finding of the swarm audit, keeping ids, targets and evidence', () => {
    const findings = auditFindings();
    expect(new Set(findings.map((f) => f.id)).size).toBe(swarmAuditChecks.all().length);
    expectEveryFindingJapanese(findings);
    const ja = localizeFindings(findings, 'ja').map((f) => f.message);
    expect(ja).toContain('shop_web は 0:0 で動きます（root 権限）');
    expect(ja).toContain('shop_db にはメモリと PID 数の上限がありません');
    expect(ja).toContain('ノード node2 はダウンしています');
    expect(ja).toContain('エンジンのバージョンがノードによって異なります: 20.10.24: node1; 24.0.7: node2, node3');
  });

  it('says the swarm audit by id: the finding keeps its message, English and Japanese are said from it', () => {
    const findings = auditFindings();
    const secret = findings.find((f) => f.id === 'service-secret-in-env' && f.evidence?.kindId === 'aws-access-key-id')!;
    expect(secret.said?.message?.id).toBe('audit.rule.secretInEnv');
    expect(secret.message).toBe('shop_web: X holds an AWS access key id; the value is not shown');
    expect(localizeFinding(secret, 'ja').message).toBe('shop_web: X にシークレット（AWS のアクセスキー ID）が含まれています（値は表示しません）');
    const drift = findings.find((f) => f.id === 'engine-version-drift')!;
    expect(drift.said?.message?.id).toBe('audit.rule.engineVersions');
    expect(drift.message).toBe('engine versions differ: 20.10.24 on node1; 24.0.7 on node2, node3');
    expect(localizeFinding(drift, 'ja').message).toBe('エンジンのバージョンがノードによって異なります: 20.10.24: node1; 24.0.7: node2, node3');
    for (const f of findings) expect(f.said?.message?.id, f.id).toMatch(/^audit\.rule\./);
  });

  it('translates every stack verify finding, the stack name in its remediation', () => {
    const findings = verifyCorpus();
    expect(new Set(findings.map((f) => f.id))).toEqual(
      new Set(['stack-service-not-converged', 'stack-probe-failed', 'stack-probe-dns-only', 'stack-probe-not-run']),
    );
    expectEveryFindingJapanese(findings);
    const ja = localizeFindings(findings, 'ja');
    const notConverged = ja.find((f) => f.id === 'stack-service-not-converged');
    expect(notConverged?.message).toBe('test_httpd: 1/2 タスクが実行中です');
    expect(notConverged?.remediation).toContain('swarmguard stack ps test --no-trunc');
    expect(ja.find((f) => f.id === 'stack-probe-failed')?.message).toMatch(
      /^test_nginx → test_httpd:80: 接続が拒否されました: test_httpd のタスクでポート 80 を待ち受けているものがありません（ポートの出どころ: サービスの公開ポート/,
    );
  });

  it('never prints a secret value, in Japanese either', () => {
    expectNoSecret(auditFindings(), ['abc123-very-secret', 'AKIAIOSFODNN7EXAMPLE']);
  });
});
