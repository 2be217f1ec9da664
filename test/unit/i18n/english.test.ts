// The English-sentence finder the Japanese output tests rely on: it must see a sentence, and let ids, names,
// paths, commands and values through.
import { describe, expect, it } from 'vitest';
import { englishSentences } from './english.js';

describe('englishSentences', () => {
  it('finds an untranslated sentence, even among Japanese and in colour', () => {
    expect(englishSentences('サービス web: \x1b[31mthe root filesystem is writable\x1b[0m')[0]).toMatch(/the root filesystem is writable$/);
    expect(englishSentences('注: no advisories were checked')).toEqual(['no advisories were checked']);
  });

  it('lets ids, names, paths, commands, flags and values through', () => {
    const text = [
      '  11:3  HIGH  overlay-not-encrypted  サービス "web" は default ネットワーク（暗号化なし）を使っています (services.web)',
      '`docker network create --opt encrypted` で作り直してください: /var/run/docker.sock、CONFIG_INET_ESP=m',
      'docker stack deploy は無視します。Docker Swarm の CIS Docker Benchmark 1.6.0 を確認: {"icc":false, "live-restore": true}',
      '[WARN] 2.2 - Ensure network traffic is restricted between containers on the default bridge (Automated) — 既定のブリッジ',
    ].join('\n');
    expect(englishSentences(text, ['Ensure network traffic is restricted between containers on the default bridge (Automated)'])).toEqual([]);
  });
});
