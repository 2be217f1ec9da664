// The English of what `image lint` says to the user, by id (src/i18n/ja/imagelint.ts says it in Japanese).
import { defineMessages } from '../core/message.js';

export const imagelintMessages = defineMessages({
  'imagelint.notOnEngine.hint': 'pull or build it first, or give a `docker save` tar with --input',
  'imagelint.directory': '{input}: a directory, not an image: image lint reads images',
  'imagelint.directory.hint': 'give a `docker save` tar or an OCI layout',
  // what each rule found ({files}: paths joined with ", "; {kind}: what a secret looks like, a message)
  'imagelint.rule.runsAsRoot.noUser': 'the image runs as root (no USER)',
  'imagelint.rule.runsAsRoot': 'the image runs as {user}',
  'imagelint.rule.noHealthcheck': 'no HEALTHCHECK',
  'imagelint.rule.shells': 'shells in the image: {files}',
  'imagelint.rule.packageManagers': 'package managers in the image: {files}',
  'imagelint.rule.setuid': '{count} setuid/setgid file(s)',
  'imagelint.rule.secretInEnv': 'ENV {variable} holds {kind}; the value is not shown',
  'imagelint.rule.secretInLabel': 'label {label} holds {kind}; the value is not shown',
  'imagelint.rule.secretInHistory': 'history step {step} contains a {kind}; the value is not shown',
  'imagelint.rule.literalInHistory': 'history step {step} sets {variable} to a literal value; the value is not shown',
  'imagelint.rule.secretFile': '{file}: {kind}; the content is not shown',
  'imagelint.rule.addRemote': 'history step {step} uses ADD with a URL or archive',
  'imagelint.rule.updateAlone': 'history step {step} updates the package index alone',
  'imagelint.rule.packageCache': '{count} package-cache file(s) left, e.g. {file}',
  'imagelint.rule.notPinned.noTag': '{ref} has no tag and no digest',
  'imagelint.rule.notPinned.latest': '{ref} has the latest tag and no digest',
  'imagelint.rule.size': '{size} MiB of layers (over {max} MiB)',
  'imagelint.rule.registryNotAllowed': '{ref} comes from {registry}, not from {allowed}',
  // why an ENV entry or a label is reported, as describeSecretReason says it (src/security/secrets.ts)
  // what a history step or a file holds, by the name of its kind (SecretShape's `kind`)
});
