// What the security predicates (src/security) answer, said by id: the kind of a secret a value shows and the engine
// socket a mount exposes. One book, so that compose lint, the swarm audit, image lint and the benchmark say them
// alike (src/i18n/ja/security-words.ts says them in Japanese). The English of each is the predicate's own words
// (describeSecretReason, EngineSocketExposure.words): test/unit/security/words.test.ts holds them equal.
import { defineMessages, type Message } from '../core/message.js';
import type { EngineSocketExposure } from '../security/engine-socket.js';
import { secretKindOf, type SecretFormatId, type SecretKindId, type SecretReason } from '../security/secrets.js';

export const securityWords = defineMessages({
  // the kind of a secret, as a phrase: "holds {kind}"
  'security.secret.literal': 'a literal value',
  'security.secret.default-literal': 'a literal default ({example}) used when the variable is unset',
  'security.secret.aws-access-key-id': 'an AWS access key id',
  'security.secret.private-key': 'a private key',
  'security.secret.github-token': 'a GitHub token',
  'security.secret.slack-token': 'a Slack token',
  'security.secret.registry-credentials': 'registry credentials',
  'security.secret.credentials-file': 'a credentials file',
  // the kind of a secret, as a name: "contains a {name}"
  'security.secretName.aws-access-key-id': 'AWS access key id',
  'security.secretName.private-key': 'private key',
  'security.secretName.github-token': 'GitHub token',
  'security.secretName.slack-token': 'Slack token',
  'security.secretName.registry-credentials': 'registry credentials',
  'security.secretName.credentials-file': 'credentials file',
  // what a mount of an engine socket exposes
  'security.socket.docker': 'the Docker socket',
  'security.socket.containerd': 'the containerd socket',
  'security.socket.dockerd-containerd': "dockerd's containerd socket",
  'security.socket.a-docker': 'a Docker socket',
  'security.socket.a-containerd': 'a containerd socket',
  'security.socket.at': '{socket} ({path})',
});

/** The kind of a secret, as a phrase ("an AWS access key id"); the braces of the default's example are a value. */
export function secretKindSaid(kind: SecretKindId): Message {
  return kind === 'default-literal'
    ? securityWords.say('security.secret.default-literal', { example: '${VAR:-…}' })
    : securityWords.say(`security.secret.${kind}`);
}

/** Why a variable is reported, as describeSecretReason says it, by id. */
export const secretReasonSaid = (r: SecretReason): Message => secretKindSaid(secretKindOf(r));

/** The name of a secret's shape ("AWS access key id", "credentials file"). */
export const secretNameSaid = (kind: SecretFormatId | 'registry-credentials' | 'credentials-file'): Message => securityWords.say(`security.secretName.${kind}`);

/** The engine socket a mount exposes, as EngineSocketExposure.words says it. */
export function engineSocketSaid(e: EngineSocketExposure): Message {
  const socket = securityWords.say(`security.socket.${e.kind}`);
  return e.at === undefined ? socket : securityWords.say('security.socket.at', { socket, path: e.at });
}
