// The English of what compose lint says about in-file waivers, by id (src/i18n/ja/compose-waivers.ts says it in Japanese),
// of the errors the compose reader raises and of what each lint rule finds (src/i18n/ja/compose.ts).
import { defineMessages, type Message } from '../core/message.js';
import { DANGEROUS_CAPABILITIES } from '../security/capabilities.js';
import { STACK_SERVICE_KEYS } from '../security/stack-keys.js';

/** A table's phrases as templates, each under `prefix` + its key. */
const keyedBy = (prefix: string, table: Readonly<Record<string, string>>): Readonly<Record<string, string>> =>
  Object.fromEntries(Object.entries(table).map(([key, phrase]) => [`${prefix}${key}`, phrase]));

/** Why each dangerous capability is dangerous, as src/security/capabilities.ts says it: `compose.rule.capability.SYS_ADMIN`. */
const capabilityReasons = defineMessages(keyedBy('compose.rule.capability.', DANGEROUS_CAPABILITIES));

/** What docker stack deploy dropping a key costs, as src/security/stack-keys.ts says it: `compose.rule.consequence.privileged`. */
const droppedKeyConsequences = defineMessages(
  keyedBy(
    'compose.rule.consequence.',
    Object.fromEntries(Object.entries(STACK_SERVICE_KEYS).flatMap(([key, fate]) => (fate.fate === 'dropped' ? [[key, fate.consequence]] : []))),
  ),
);

export const composeMessages = defineMessages({
  'compose.waiver.notList': 'x-swarmguard.waivers must be a list of entries, each with rule, service and reason',
  'compose.waiver.unknownKey': 'x-swarmguard: unknown key "{key}" (known: waivers)',
  'compose.waiver.form': 'x-swarmguard.waivers[{index}]: {problem}',
  'compose.waiver.fields': 'each waiver has exactly rule, service and reason (all text)',
  'compose.waiver.noReason': 'the reason says why the finding is accepted: at least {min} characters',
  'compose.waiver.unknownRule': 'unknown rule "{rule}"',
  'compose.waiver.unknownRule.hint': '`swarmguard compose rules` lists the rule ids',
  'compose.waiver.unknownService': 'no service "{service}" in this stack',
  'compose.waiver.unknownService.hint': 'name a service of the file: {services}',
  'compose.waiver.tooMany': 'x-swarmguard.waivers: more than {max} waivers',
  // a value a variable left blank: the variables are the cause, and the fix
  'compose.blank.value': '{value} ({variables})',
  'compose.blank.unset': '{name} is not set',
  'compose.blank.empty': '{name} is empty',
  'compose.waiver.unused': 'waiver of {rule} for service {service} ({where}) matched no finding: remove it',
  // reading the files (load.ts)
  'compose.what.composeFile': 'compose file',
  'compose.what.envFile': 'env file',
  'compose.read.notFound': '{what} not found',
  'compose.read.notFound.hint': 'check the path (relative paths are relative to the current directory)',
  'compose.read.failed': 'cannot read {what}: {error}',
  'compose.read.permissions.hint': 'check the file permissions',
  'compose.read.notFile': 'not a regular file',
  'compose.read.notFile.hint': 'give the path of a {what}',
  'compose.read.tooBig': '{what} is {size} bytes, more than the {max}-byte limit',
  'compose.read.tooBig.hint': 'compose files are small; this is probably the wrong file',
  'compose.read.grew': '{what} is larger than the {max}-byte limit',
  'compose.read.nul': '{what} contains NUL bytes: it is not text',
  'compose.noFile': 'no compose file given',
  'compose.noFile.hint': 'pass at least one file, e.g. swarmguard compose lint stack.yml',
  'compose.envFile.syntax': 'not a KEY=VALUE line: the name must be letters, digits, _ . - (starting with a letter or _)',
  'compose.envFile.syntax.hint': 'lines are KEY=VALUE; # starts a comment',
  'compose.envFile.relative.hint': 'env_file paths are relative to the compose file',
  // the YAML (load.ts)
  'compose.yaml.invalid': 'invalid YAML: {detail}',
  'compose.yaml.invalid.hint': 'fix the YAML syntax at that line',
  'compose.yaml.nodes': 'document expands to more than {max} nodes through YAML aliases',
  'compose.yaml.aliases': 'too many YAML alias expansions (more than {max}): refusing a document that expands exponentially',
  'compose.yaml.aliasBomb.hint': 'this looks like a YAML alias bomb; use fewer nested anchors',
  'compose.yaml.unknownAlias': 'unknown alias *{name}',
  'compose.yaml.mergeNeedsMap': 'a "<<" merge key needs a mapping',
  'compose.yaml.plainKeys': 'mapping keys must be plain scalars',
  'compose.yaml.duplicateKey': 'duplicate key "{key}"',
  'compose.yaml.empty': 'the file is empty',
  'compose.yaml.empty.hint': 'a compose file needs at least a "services:" mapping',
  'compose.yaml.topNotMap': 'the top level is not a mapping',
  'compose.yaml.topNotMap.hint': 'a compose file starts with keys such as "services:"',
  'compose.yaml.topKey': 'unknown top-level key "{key}"',
  'compose.yaml.topKey.hint': 'docker stack deploy refuses it too; allowed: {list} and x-* extensions',
  // variables (interpolate.ts)
  'compose.var.tooDeep': 'variable defaults are nested too deeply',
  'compose.var.unclosed': 'invalid interpolation format at character {n}: {open} without its {close}',
  'compose.var.lone': 'invalid interpolation format at character {n}: a lone "$" (write "$$" for a literal dollar sign)',
  'compose.var.noName': 'invalid interpolation format at character {n}: the {expression} there does not start with a variable name',
  'compose.var.format': 'invalid interpolation format at character {n}',
  'compose.var.missing': 'required variable {name} is missing',
  'compose.var.missingWhy': 'required variable {name} is missing: {why}',
  'compose.var.empty': 'required variable {name} is empty',
  'compose.var.emptyWhy': 'required variable {name} is empty: {why}',
  'compose.var.set.hint': 'set {variable} in the environment or in the .env file',
  'compose.var.dollar.hint': 'use $$ for a literal "$"',
  // the model (normalize.ts): a value at its place in the file
  'compose.type.mapping': 'must be a mapping, not {described}',
  'compose.type.string': 'must be a string, not {described}',
  'compose.type.number': 'must be a number, not {described}',
  'compose.type.boolean': 'must be true or false, not {described}',
  'compose.type.list': 'must be a list, not {described}',
  'compose.described.list': 'a list',
  'compose.described.mapping': 'a mapping',
  'compose.described.string': 'string {value}',
  'compose.described.number': 'number {value}',
  'compose.described.boolean': 'boolean {value}',
  'compose.port.protocol': 'unknown port protocol "{value}"',
  'compose.port.unreadable': 'cannot read port "{value}"',
  'compose.port.unreadable.hint': 'use [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]',
  'compose.port.notPort': '"{value}" is not a port or port range',
  'compose.port.rangeLength': 'port ranges "{a}" and "{b}" differ in length',
  'compose.port.needsTarget': 'a port needs "target"',
  'compose.port.unknownProtocol': 'unknown protocol "{value}"',
  'compose.port.mode': 'mode must be "ingress" or "host", not "{value}"',
  'compose.volume.type': 'unknown volume type "{value}"',
  'compose.volume.needsTarget': 'a volume needs "target"',
  'compose.ref.needsSource': 'needs "source"',
  'compose.deploy.mode': 'unknown mode "{value}"',
  'compose.deploy.mode.hint': 'use replicated or global',
  'compose.deploy.endpointMode': 'endpoint_mode must be vip or dnsrr, not "{value}"',
  'compose.ulimit.softHard': 'needs "soft" and "hard"',
  'compose.object.needsFile': 'needs "file" or "external: true"',
  'compose.object.needsFile.hint': 'e.g. {section}:\n  {key}:\n    file: ./{file}.txt',
  'compose.noServices': 'the file defines no services',
  'compose.noServices.hint': 'add a "services:" mapping with at least one service',
  'compose.undeclared.network': 'network "{name}" is not declared under top-level "networks"',
  'compose.undeclared.secret': 'secret "{name}" is not declared under top-level "secrets"',
  'compose.undeclared.config': 'config "{name}" is not declared under top-level "configs"',
  'compose.undeclared.volume': 'volume "{name}" is not declared under top-level "volumes"',
  // warnings while loading
  'compose.warn.unset': 'the {name} variable is not set; defaulting to a blank string',
  'compose.warn.outside': '{what} reads {file}, outside the project directory {dir}: check that this file is meant to ship',
  'compose.warn.unknownKey': '"{key}" is not a compose service key; docker stack deploy rejects the file',
  // compose lint --fix, compose init
  'compose.fix.reread': 'cannot re-read the file to fix it (it changed since it was linted?)',
  'compose.fix.changed': 'the file changed while it was being fixed; run the command again',
  'compose.init.exists': '{file} already exists',
  'compose.init.exists.hint': 'choose another file name, or add --force to overwrite it',
  'compose.init.notImage': '{flag}: "{ref}" is not an image reference',
  'compose.init.notImage.hint': 'e.g. nginx:1.27 or registry.example.com/team/web:2.1',
  // choosing rules (--rule, --skip-rule: src/compose/rules/index.ts)
  'compose.rules.unknown': '{flag}: unknown rule "{id}"',
  'compose.rules.unknown.hint': 'list the rules with: swarmguard compose rules',
  // compose lint --fix (src/compose/fix.ts): what each file got, and what it leaves to be done by hand
  'compose.fix.encrypted': 'encrypted network {key}',
  'compose.fix.declared': 'declared encrypted overlay network {name}',
  'compose.fix.attached': 'attached {service} to {name}',
  'compose.fix.networksFlow': '{file}: "networks" is written in flow style; add {snippet} to {key} by hand',
  'compose.fix.networksNotBlock': '{file}: networks.{key}: not found as a block mapping',
  'compose.fix.networkMissing': '{file}: networks.{key} not found',
  'compose.fix.networkFlow': '{file}:{line}: networks.{key} is written in flow style; add {snippet} by hand',
  'compose.fix.driverOptsFlow': '{file}:{line}: networks.{key}.driver_opts is written in flow style; add encrypted: "" by hand',
  'compose.fix.topNetworksFlow': '{file}:{line}: top-level "networks" is written in flow style; declare {name} by hand',
  'compose.fix.servicesNotBlock': '{file}: services.{service}: not a block mapping; attach it to {name} by hand',
  'compose.fix.serviceMissing': '{file}: services.{service} not found',
  'compose.fix.serviceFlow': '{file}:{line}: services.{service} is written in flow style; add networks: [{name}] by hand',
  'compose.fix.namesDefault': '{where}: service {service} names the implicit "default" network; replace it with {name} by hand',
  'compose.fix.fixed': 'fixed {file}: {changes}',
  'compose.fix.notFixed': 'not fixed: {problem}',
  'compose.fix.nothing': 'nothing to fix',
  // what each compose lint rule finds (src/compose/rules/*.ts): names, paths, images, keys and numbers are values
  'compose.rule.capabilitiesNotDropped': 'service "{service}" does not drop ALL capabilities',
  'compose.rule.dangerousCapability': 'service "{service}" adds {capability}: {why}',
  'compose.rule.dockerSocketMount': 'service "{service}" mounts {source} at {target}, which exposes {exposes}',
  'compose.rule.hostNamespace.network': 'service "{service}" is attached to the node\'s host network',
  'compose.rule.hostNamespace.ignored': 'service "{service}" sets {key}: host (docker stack deploy ignores it; docker compose applies it)',
  'compose.rule.imageNotPinned.noTag': 'service "{service}" uses an image without a tag (latest): {image}',
  'compose.rule.imageNotPinned.latest': 'service "{service}" uses the latest tag: {image}',
  'compose.rule.imageNotPinned.noDigest': 'service "{service}" uses tag {tag} without a digest: {image}',
  'compose.rule.noHealthcheck': 'service "{service}" has no healthcheck (unless its image defines one)',
  'compose.rule.noHealthcheck.disabled': 'service "{service}" disables the healthcheck',
  'compose.rule.noResourceLimits.memory': 'service "{service}" has no memory limit',
  'compose.rule.noResourceLimits.pids': 'service "{service}" has no pids limit',
  'compose.rule.noResourceLimits.memoryOrPids': 'service "{service}" has no memory or pids limit',
  'compose.rule.notReadOnly': 'service "{service}" has a writable root filesystem',
  'compose.rule.overlayNotEncrypted.implicit': 'service "{service}" uses the stack\'s implicit default network, an overlay without encryption',
  'compose.rule.overlayNotEncrypted.noOption': 'overlay network "{network}" has no "encrypted" driver option',
  'compose.rule.overlayNotEncrypted.saysFalse': 'network "{network}" says encrypted: "false", but the engine encrypts whenever the option is present',
  'compose.rule.portIngressPublished': 'service "{service}" publishes {published}->{target}/{protocol} on every node (ingress routing mesh)',
  'compose.rule.portIngressPublished.hostIp':
    'service "{service}" publishes {published}->{target}/{protocol} on every node (ingress routing mesh); host IP {hostIp} is ignored by Swarm',
  'compose.rule.portHostMode': 'service "{service}" publishes {published}->{target}/{protocol} on the host interfaces of each node that runs a task',
  'compose.rule.restartPolicyUnbounded.noMaxAttempts': 'service "{service}" restart_policy has no max_attempts: failed tasks restart forever',
  'compose.rule.restartPolicyUnbounded.noPolicy': 'service "{service}" has no restart_policy: Swarm restarts failed tasks forever',
  // a secret in environment or in an env_file, by what it looks like; {open} and {close} are the braces of ${VAR:-…}
  'compose.rule.secretInEnvironment.literal': 'service "{service}": {variable} in environment holds a literal value (value not shown)',
  'compose.rule.secretInEnvironment.default':
    'service "{service}": {variable} in environment holds a literal default ({open}VAR:-…{close}) used when the variable is unset (value not shown)',
  'compose.rule.secretInEnvironment.format': 'service "{service}": {variable} in environment holds {format} (value not shown)',
  'compose.rule.secretInEnvFile.literal': 'service "{service}": {variable} in env_file {file} holds a literal value (value not shown)',
  'compose.rule.secretInEnvFile.default':
    'service "{service}": {variable} in env_file {file} holds a literal default ({open}VAR:-…{close}) used when the variable is unset (value not shown)',
  'compose.rule.secretInEnvFile.format': 'service "{service}": {variable} in env_file {file} holds {format} (value not shown)',
  // the credential formats a value shows (src/security/secrets.ts), as describeSecretReason says them
  'compose.rule.sensitiveHostPath.readOnly': 'service "{service}" mounts host path {source} (read-only) at {target}',
  'compose.rule.sensitiveHostPath.readWrite': 'service "{service}" mounts host path {source} read-write at {target}',
  'compose.rule.stackDeployRefuses': 'docker stack deploy would refuse the file: {reason}',
  'compose.rule.stackDeployRefuses.blank': 'docker stack deploy would refuse the file: {reason} ({variables})',
  'compose.rule.swarmIgnoredOption': 'service "{service}": "{key}" is ignored by docker stack deploy: {consequence}',
  'compose.rule.userRoot.imageDefault': 'service "{service}" sets no user: the image\'s default decides (root for most images)',
  'compose.rule.userRoot': 'service "{service}" runs as root (user: {user})',
  // the phrases of the tables above, so that this book holds every compose id
  ...capabilityReasons.en,
  ...droppedKeyConsequences.en,
});

/** Why a dangerous capability (one src/security/capabilities.ts knows) is dangerous. */
export const capabilityReason = (capability: string): Message => capabilityReasons.say(`compose.rule.capability.${capability}`);

/** What docker stack deploy dropping a key (one src/security/stack-keys.ts drops) costs. */
export const droppedKeyConsequence = (key: string): Message => droppedKeyConsequences.say(`compose.rule.consequence.${key}`);
