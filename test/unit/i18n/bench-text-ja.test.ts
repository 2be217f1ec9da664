import { afterEach, describe, expect, it } from 'vitest';
import { benchMessages } from '../../../src/bench/messages.js';
import { excludedNote, type BenchReport } from '../../../src/bench/runner.js';
import { messageOf } from '../../../src/core/errors.js';
import { engineMessages } from '../../../src/engine/messages.js';
import { renderBenchText } from '../../../src/bench/text.js';
import { createStyler } from '../../../src/core/style.js';
import { setLocale } from '../../../src/i18n/locale.js';

const report: BenchReport = {
  benchmark: '1.6.0',
  node: 'n1',
  start: 0,
  end: 1,
  score: -1,
  checks: 1,
  apiCalls: 3,
  errors: [],
  notes: [],
  results: [
    {
      id: '5.32',
      desc: 'Ensure that the Docker socket is not mounted inside any containers (Automated)',
      section: '5',
      verdict: 'WARN',
      details: [benchMessages.say('bench.container', { name: 'agent', why: benchMessages.say('bench.why.mounts', { list: '/var/run/docker.sock' }) })],
      items: ['agent'],
      remediation: 'Do not mount the socket.',
      automated: true,
    },
  ],
};

afterEach(() => setLocale('en'));

describe('bench text in Japanese', () => {
  it('keeps the official English title and puts the Japanese explanation beside it', () => {
    setLocale('ja');
    const text = renderBenchText(report, createStyler(false));
    expect(text).toContain(
      '[WARN] 5.32 - Ensure that the Docker socket is not mounted inside any containers (Automated) — Docker ソケットをどのコンテナにもマウントしない',
    );
    expect(text).toContain('[INFO] 5 - Container Runtime — コンテナの実行時設定');
    expect(text).toContain('[WARN]      * agent: /var/run/docker.sock をマウントしています');
  });
  it('is unchanged in English', () => {
    const text = renderBenchText(report, createStyler(false));
    expect(text).toContain('[WARN] 5.32 - Ensure that the Docker socket is not mounted inside any containers (Automated)\n');
    expect(text).toContain('[WARN]      * agent: mounts /var/run/docker.sock\n');
    expect(text).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
  });
  it("says what the engine did not answer and the notes in the reader's language", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '/var/run/docker.sock',
    });
    const withNotes: BenchReport = {
      ...report,
      errors: [engineMessages.say('engine.snapshot.failed', { call: 'networks', error: messageOf(refused) })],
      notes: excludedNote([{ kind: 'container', name: 'sg-bench', role: 'bench' }]),
    };
    const en = renderBenchText(withNotes, createStyler(false));
    expect(en).toContain('note: networks: connect ECONNREFUSED /var/run/docker.sock');
    expect(en).toMatch(/note: excluded swarmguard's own /);
    setLocale('ja');
    const ja = renderBenchText(withNotes, createStyler(false));
    expect(ja).toMatch(/注: networks: ECONNREFUSED（接続を拒否されました）/);
    expect(ja).not.toContain("excluded swarmguard's own");
    expect(ja).toMatch(/注: .*com\.swarmguard\.role/);
  });
});
