// The English of what an audit says about its coverage, by id: the parts it ran, and for each part it could not
// run, why; and what the live swarm audit's checks (swarm-checks.ts) say of each occurrence. src/i18n/ja/notes.ts
// says them in Japanese; names, paths, ports, versions and errors are values, put in as they are.
import { defineMessages, type Message } from '../core/message.js';
import type { SecretKindId } from '../security/secrets.js';

export const auditMessages = defineMessages({
  'audit.progress.engine': 'reading the engine and this host',
  'audit.progress.image': 'image {ref}',
  'audit.part.compose': 'compose lint of {files}',
  'audit.part.swarm': 'live swarm audit',
  'audit.part.hostTips': 'host and daemon tips',
  'audit.part.benchEveryNode': 'CIS Docker Benchmark {version} on every node',
  'audit.part.benchOn': 'CIS Docker Benchmark {version} on {node}',
  'audit.part.imageLint': 'image lint of {ref}',
  'audit.part.vulnScan': 'vulnerability scan of {ref}',
  'audit.note.notChecked': '{part}: not checked ({error})',
  'audit.note.engine': 'engine: {error}',
  'audit.note.notManager': 'live swarm audit: this engine is not a swarm manager',
  'audit.note.benchFailed': 'CIS benchmark on {node}: {error}',
  'audit.note.benchNoResult': 'CIS benchmark on {node}: no result',
  'audit.note.noBench': 'CIS benchmark: skipped (--no-bench)',
  'audit.note.noDatabase': 'vulnerability scan: no database at {db} (run `swarmguard db update` or `db import`)',
  'audit.note.imageAbsent': 'image {ref} ({services}): not on this node, not checked',
  'audit.note.noImages': 'images: skipped (--no-images)',
  'audit.note.thisNodeOnly': 'this engine is not a swarm manager: only what this node shows was checked',
  'audit.rule.secretInEnv': '{service}: {variable} holds {kind}; the value is not shown',
  'audit.rule.secretKind.literal': 'a literal value',
  'audit.rule.secretKind.default-literal': 'a literal default ({example}) used when the variable is unset',
  'audit.rule.secretKind.aws-access-key-id': 'an AWS access key id',
  'audit.rule.secretKind.private-key': 'a private key',
  'audit.rule.secretKind.github-token': 'a GitHub token',
  'audit.rule.secretKind.slack-token': 'a Slack token',
  'audit.rule.secretKind.registry-credentials': 'a registry credentials',
  'audit.rule.secretKind.credentials-file': 'a credentials file',
  'audit.rule.dockerSocket': '{service} mounts {source}, which exposes {what}',
  'audit.rule.noLimits': '{service} has no {limits} limit',
  'audit.rule.limit.memory': 'memory',
  'audit.rule.limit.pids': 'pids',
  'audit.rule.limit.memoryOrPids': 'memory or pids',
  'audit.rule.runsAs': '{service} runs as {user}',
  'audit.rule.runsAsImageDefault': '{service} runs as the image default user (root for most images)',
  'audit.rule.ingressPorts': '{service} publishes {ports} on every node',
  'audit.rule.node.down': 'node {node} is down',
  'audit.rule.node.unknown': 'node {node} is unknown',
  'audit.rule.node.disconnected': 'node {node} is disconnected',
  'audit.rule.node.drain': 'node {node} is drain',
  'audit.rule.node.pause': 'node {node} is pause',
  'audit.rule.node.is': 'node {node} is {value}',
  'audit.rule.engineVersions': 'engine versions differ: {versions}',
  'audit.rule.engineVersionOn': '{version} on {nodes}',
});

/**
 * The kind of secret a reason names, said by the kind's id: the English is what describeSecretReason says for it
 * ("a literal value", "an AWS access key id"), the braces of the default-literal example given as a value.
 */
export function secretKindMessage(kind: SecretKindId): Message {
  return kind === 'default-literal'
    ? auditMessages.say('audit.rule.secretKind.default-literal', { example: '${VAR:-…}' })
    : auditMessages.say(`audit.rule.secretKind.${kind}`);
}
