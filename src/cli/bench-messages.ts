// The English of what `bench`, `bench fix` and `bench reap` say when their flags do not fit, by id
// (src/i18n/ja/bench-cli.ts says them in Japanese).
import { defineMessages } from '../core/message.js';

export const benchCliMessages = defineMessages({
  'benchcmd.pattern': '{flag}: "{value}" is not a valid pattern',
  'benchcmd.pattern.hint': 'a regular expression matched against container names, e.g. ^web',
  'benchcmd.cis': '--cis: "{version}" is not a CIS Docker Benchmark version swarmguard knows',
  'benchcmd.cis.hint': 'use one of {versions}',
  'benchcmd.dockerBench': "--format docker-bench writes CIS Docker Benchmark 1.6.0 ids (docker-bench-security's), not {version}",
  'benchcmd.dockerBench.hint': 'use --format json --cis {version} for the {version} ids',
  'benchcmd.checksDeprecated': 'warning: -c/--checks is deprecated for bench (elsewhere -c names a compose file): use --check',
  // bench fix --all-nodes: one row a node
  'benchcmd.fixNodes.node': 'NODE',
  'benchcmd.fixNodes.added': 'RULES ADDED',
  'benchcmd.fixNodes.loaded': 'LOADED',
  'benchcmd.fixNodes.rerun': 'RE-RUN',
  'benchcmd.fixNodes.error': 'error',
  'benchcmd.fixNodes.yes': 'yes',
  'benchcmd.fixNodes.no': 'no (next boot / auditd)',
  'benchcmd.timeout': '--timeout: "{value}" is not a positive number of seconds',
  'benchcmd.reap': 'reap: --service must name a swarmguard job (swarmguard-bench-XXXXXX)',
  'benchcmd.fixAllNodes': 'bench fix --all-nodes applies the audit fix only',
  'benchcmd.fixAllNodes.hint': 'use `swarmguard bench fix --all-nodes --apply audit`; daemon.json changes need a restart per node, do them one node at a time',
  'benchcmd.auditDir': '--audit-dir: "{value}" must be an absolute path on the nodes',
  'benchcmd.compare': '--compare-cis takes two CIS Docker Benchmark versions, got "{versions}"',
  'benchcmd.compare.hint': 'e.g. --compare-cis 1.6.0 {latest} (versions: {versions})',
  'benchcmd.compareHere': '--compare-cis runs on this host only',
  'benchcmd.compareHere.hint': 'run it on each node, or compare two --all-nodes runs',
});
