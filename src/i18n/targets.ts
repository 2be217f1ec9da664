// The group a finding is listed under (its file, image, service, node…) in the reader's language: the kind of
// target in words, its name as it is.
import { targetGroup, type Target } from '../core/finding.js';
import type { Locale } from './locale.js';

const JA_KIND: Readonly<Record<Target['kind'], string>> = {
  file: '',
  image: 'イメージ',
  container: 'コンテナ',
  service: 'サービス',
  task: 'タスク',
  network: 'ネットワーク',
  node: 'ノード',
  host: 'ホスト',
  engine: 'エンジン',
  swarm: 'Swarm',
};

export function localizedTargetGroup(t: Target, locale: Locale): string {
  const group = targetGroup(t);
  if (locale !== 'ja' || t.kind === 'file') return group;
  if (t.kind === 'swarm') return JA_KIND.swarm;
  const english = group.split(' ', 1)[0] ?? '';
  return group.startsWith(`${english} `) && english === t.kind ? `${JA_KIND[t.kind]} ${group.slice(english.length + 1)}` : group;
}
