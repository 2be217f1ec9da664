// The host hardening tips speak Japanese: findings of the real checks on account files and daemon facts.
import { describe, expect, it } from 'vitest';
import { checkDockerGroup, dockerGroupFacts } from '../../../src/hardening/docker-group.js';
import { hostTipChecks } from '../../../src/hardening/index.js';
import { checkTcpApi } from '../../../src/hardening/tcp-api-check.js';
import { localizeFinding, localizeFindings } from '../../../src/i18n/findings.js';
import { JA_HOST_RULES } from '../../../src/i18n/ja/host-rules.js';
import { daemonApiFacts as daemon } from '../hardening/daemon-facts.js';
import { expectEveryFindingJapanese, expectTextsForEvery } from './ja-helpers.js';

const passwd = ['root:x:0:0:root:/root:/bin/bash', 'alice:x:1000:1000::/home/alice:/bin/bash', 'bob:x:1001:106::/home/bob:/bin/bash'].join('\n');

function corpus() {
  return [
    ...checkTcpApi(
      [
        daemon({ probes: [{ port: 2375, bind: '0.0.0.0', result: { kind: 'open-http', apiVersion: '1.41' } }] }),
        daemon({ pid: 200, probes: [{ port: 2376, bind: '::', result: { kind: 'open-tls' } }] }),
        daemon({ pid: 300, config: { hosts: ['tcp://10.1.2.3:2375'], tls: false, tlsVerify: false, configFile: '' } }),
      ],
      'h1',
    ),
    ...checkDockerGroup(dockerGroupFacts('docker:x:106:alice,ghost\n', passwd), 'h1'),
    ...checkDockerGroup({ exists: false, members: [], uidMin: 1000, uidMax: 60000, unreadable: 'EACCES: permission denied, open /etc/group' }, 'h1'),
  ];
}

describe('host tips in Japanese', () => {
  it('has Japanese texts for every host check', () => {
    expectTextsForEvery(
      'host',
      hostTipChecks.all().map((c) => c.meta),
      JA_HOST_RULES,
    );
  });

  it('translates every finding, each variant of it', () => {
    const findings = corpus();
    expectEveryFindingJapanese(findings);
    expect(localizeFindings(findings, 'ja').map((f) => f.message)).toEqual([
      'dockerd（pid 100）が tcp://0.0.0.0:2375 で Docker API を認証なしの平文 HTTP で公開しています。このポートに到達できる者は誰でも h1 の root 権限を得ます',
      'dockerd（pid 200）が tcp://[::]:2376 で Docker API を TLS で公開していますが、クライアント証明書を要求していません（--tlsverify なしの --tls）。TLS で暗号化はされても認証はされません',
      'dockerd（pid 300）は --tlsverify なしで tcp://10.1.2.3:2375 を待ち受ける設定です。アドレスがループバックでもワイルドカードでもない、または待ち受けていないため、接続は確認していません',
      'ユーザー "alice"（uid 1000）が docker グループに所属しています。このグループへの所属は root と同等です',
      '"ghost" は docker グループに載っていますが /etc/passwd にアカウントがありません（ディレクトリサービスのユーザー？）。このグループへの所属は root と同等です',
      'ユーザー "bob"（uid 1001）が docker グループにプライマリグループとして所属しています。このグループへの所属は root と同等です',
      'アカウントのファイルを読めませんでした: EACCES: permission denied, open /etc/group',
    ]);
  });

  it('says the host tips by id: the finding keeps its message, English and Japanese are said from it', () => {
    const findings = corpus();
    const bob = findings.find((f) => f.evidence?.user === 'bob')!;
    expect(bob.said?.message?.id).toBe('hardening.rule.groupMemberPrimary');
    expect(bob.message).toBe('user "bob" (uid 1001) is in the docker group as its primary group: membership is root-equivalent');
    expect(localizeFinding(bob, 'ja').message).toBe(
      'ユーザー "bob"（uid 1001）が docker グループにプライマリグループとして所属しています。このグループへの所属は root と同等です',
    );
    // Every host tip says its message by id, the Docker API over plain HTTP too (naming the host in both languages).
    for (const f of findings) expect(f.said?.message?.id, f.message).toMatch(/^hardening\.rule\./);
  });
});
