// The `stack verify` table in Japanese: headings, result words, where each port came from, what each probe saw and
// the diagnosis of each failure, from the real evaluation of probe outputs. Names and addresses stay as they are.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../src/i18n/locale.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { verifyText } from '../../../src/report/verify-text.js';
import { evaluatePairs, verifyFindings } from '../../../src/stack/verify.js';
import type { TaskProbe } from '../../../src/stack/verify-model.js';
import { firewallFromDumps } from '../../../src/network/collect-node.js';
import { stackMessages } from '../../../src/stack/messages.js';
import { facts, fx, out, snapshot } from '../stack/verify-fixtures.js';
import { englishSentences } from './english.js';
import { JAPANESE } from './ja-helpers.js';

afterEach(() => setLocale('en'));

/** Probes that reach every diagnosis the table shows: refused, DNS failure, no IPVS, no ESP, no SA, firewall, OK. */
function corpus() {
  const s = snapshot(true, facts());
  const [nginx, httpd, vip] = [s.services[0]!, s.services[1]!, s.services[2]!];
  const fromA = s.tasks.find((t) => t.id === 'ta')!;
  const probe = (target: typeof httpd, lines: string[]): TaskProbe => ({
    task: fromA,
    networkId: 'NET',
    service: nginx,
    targets: [target],
    output: out(lines),
  });
  const plans: TaskProbe[] = [
    probe(httpd, ['SG-DNS test_httpd OK 10.0.1.7', 'SG-TCP test_httpd 10.0.1.7 80 0']),
    probe(httpd, ['SG-DNS test_httpd OK 10.0.1.7', "SG-TCP test_httpd 10.0.1.7 80 1 nc: can't connect to remote host (10.0.1.7): Connection refused"]),
    probe(httpd, ["SG-DNS test_httpd FAIL ** server can't find test_httpd: NXDOMAIN"]),
    probe(vip, [
      'SG-FACT ipvs no',
      'SG-DNS test_vip OK 10.0.1.2',
      'SG-TCP test_vip 10.0.1.2 80 1 nc: timed out',
      'SG-DNS tasks.test_vip OK 10.0.1.3',
      'SG-TCP tasks.test_vip 10.0.1.3 80 0',
    ]),
    probe(httpd, [
      'SG-FACT ipvs no',
      'SG-FACT esp-config # CONFIG_INET_ESP is not set',
      'SG-DNS test_httpd OK 10.0.1.7',
      'SG-TCP test_httpd 10.0.1.7 80 1 nc: timed out',
    ]),
    probe(httpd, [
      'SG-FACT ipvs yes',
      'SG-FACT esp-config CONFIG_INET_ESP=m',
      'SG-DNS test_httpd OK 10.0.1.7',
      'SG-TCP test_httpd 10.0.1.7 80 1 nc: timed out',
    ]),
    probe({ ...httpd, ports: [] }, ['SG-DNS test_httpd OK 10.0.1.7']),
    {
      task: fromA,
      networkId: 'NET',
      service: nginx,
      targets: [httpd],
      // the runner's error, kept by id as verify keeps it (messageOf)
      error: imageMissing,
    },
  ];
  const pairs = evaluatePairs(s, plans);
  const plain = snapshot(
    false,
    facts({ firewall: firewallFromDumps({ iptablesNft: fx('iptables-save-swarm-node-ok.txt').replace('--dports 7946,4789', '--dports 7946') }) }),
  );
  const vxlan = evaluatePairs(plain, [{ ...plans[5]!, service: plain.services[0]!, targets: [plain.services[1]!] }]);
  const open = snapshot(false, facts());
  const across = evaluatePairs(open, [{ ...plans[5]!, service: open.services[0]!, targets: [open.services[1]!] }]);
  const all = [...pairs, ...vxlan, ...across];
  return { snapshot: s, pairs: all, findings: verifyFindings(s, all) };
}

const imageMissing = stackMessages.say('stack.probe.imageMissing', { image: 'busybox:stable' });

describe('stack verify table in Japanese', () => {
  const result = corpus();

  it('reaches a diagnosis of each kind', () => {
    expect(result.pairs.filter((p) => p.cause !== undefined).length).toBeGreaterThanOrEqual(7);
  });

  it('says every diagnosis the evaluation gives by id, in English as the JSON keeps it and in Japanese', () => {
    for (const p of result.pairs) {
      if (p.cause === undefined) continue;
      expect(p.causeSaid?.id, p.cause).toMatch(/^stack\.verify\.cause\./);
      expect(localizeMessage(p.causeSaid!, 'en')).toBe(p.cause);
      expect(localizeMessage(p.causeSaid!, 'ja'), p.cause).toMatch(JAPANESE);
    }
  });

  it('keeps what each probe saw as a message whose English is the JSON detail', () => {
    for (const p of result.pairs) expect(localizeMessage(p.detailSaid!, 'en')).toBe(p.detail);
    const answered = result.pairs.find((p) => p.status === 'OK')!;
    expect(localizeMessage(answered.detailSaid!, 'ja')).toBe('1 個のアドレスが応答しました: 10.0.1.7');
  });

  it('prints headings, results and diagnoses in Japanese, with no English sentence', () => {
    setLocale('ja');
    const text = verifyText(result, false);
    expect(text).toMatch(/^サービス +モード +エンドポイント +実行中 +ポート\n/);
    expect(text).toContain('ネットワーク    暗号化');
    expect(text).toContain('送信元');
    expect(text).toContain('拒否');
    expect(text).toContain('80（compose ファイル）');
    expect(text).toContain('プローブのイメージ busybox:stable がこのノードにありません');
    expect(text).toContain('test_httpd のタスクでポート 80 を待ち受けているものがありません');
    expect(englishSentences(text)).toEqual([]);
  });

  it('keeps the English table as it was', () => {
    const text = verifyText(result, false);
    expect(text).toMatch(/^SERVICE +MODE +ENDPOINT +RUNNING +PORTS\n/);
    expect(text).toContain('connection refused: nothing listens on port 80');
    expect(text).not.toMatch(JAPANESE);
  });
});
