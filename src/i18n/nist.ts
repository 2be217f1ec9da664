// The five areas of NIST SP 800-190 section 4: their official English names, with a Japanese explanation beside
// them in Japanese (as the CIS titles are shown).
import type { Locale } from './locale.js';

const JA_NIST_AREAS: Readonly<Record<string, string>> = {
  'Image risks': 'イメージのリスク',
  'Registry risks': 'レジストリのリスク',
  'Orchestrator risks': 'オーケストレーターのリスク',
  'Container risks': 'コンテナのリスク',
  'Host OS risks': 'ホスト OS のリスク',
};

export function nistAreaLabel(area: string, locale: Locale): string {
  const ja = locale === 'ja' ? JA_NIST_AREAS[area] : undefined;
  return ja === undefined ? area : `${area}（${ja}）`;
}
