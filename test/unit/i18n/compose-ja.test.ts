// Every compose lint rule speaks Japanese: its title, remediation and every kind of occurrence message (said by id).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/compose/load.js';
import { capabilityReason, droppedKeyConsequence } from '../../../src/compose/messages.js';
import { composeRules, runRules } from '../../../src/compose/rules/index.js';
import type { Finding } from '../../../src/core/finding.js';
import { english } from '../../../src/core/message.js';
import { localizeFinding, localizeFindings, ruleTexts } from '../../../src/i18n/findings.js';
import { JA_COMPOSE_RULES } from '../../../src/i18n/ja/compose-rules.js';
import { secretKindSaid } from '../../../src/security-words/messages.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { DANGEROUS_CAPABILITIES } from '../../../src/security/capabilities.js';
import { describeSecretReason, secretInVariable } from '../../../src/security/secrets.js';
import { STACK_SERVICE_KEYS } from '../../../src/security/stack-keys.js';
import { loadText } from '../compose/helpers.js';

const root = path.resolve(import.meta.dirname, '../../..');

// One stack that makes every rule report, in each of its variants.
const EVERY_VARIANT = `
services:
  a:
    image: nginx
    restart: always
    privileged: true
    security_opt: [no-new-privileges:true]
    devices: ["/dev/fuse"]
    pid: host
    ipc: host
    cap_add: [SYS_ADMIN, NET_RAW, cap_dac_read_search]
    user: "0"
    read_only: false
    healthcheck: {disable: true}
    environment:
      DB_PASSWORD: "hunter2-but-longer"
      API_TOKEN: \${UNSET_TOKEN:-literal-default-token-value}
    env_file: [app.env]
    ports: ["8080:80", {target: 9000, published: 9000, mode: host}]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - /etc:/host/etc:ro
      - /root:/r
    networks: [hostnet, plain, said-false]
    deploy:
      restart_policy: {condition: on-failure}
      resources: {limits: {memory: 64M}}
  b:
    image: registry.example.com/x:latest
    build: .
    container_name: b
    expose: ["80"]
    links: [a]
  c:
    image: alpine:3.20
    depends_on:
      a: {condition: service_healthy}
networks:
  hostnet: {external: true, name: host}
  plain: {driver: overlay}
  said-false: {driver: overlay, driver_opts: {encrypted: "false"}}
`;

async function corpus(): Promise<Finding[]> {
  const example = runRules(await loadCompose(['examples/insecure-stack.yaml'], { cwd: root, env: {} }));
  const variants = runRules(await loadText(EVERY_VARIANT, { 'app.env': 'SECRET_KEY=abcdefghijklmnopqrstuvwxyz012345\n' }));
  return [...example, ...variants];
}

describe('compose lint in Japanese', () => {
  it('has Japanese texts for every registered rule, and none for rules that do not exist', () => {
    const ids = composeRules
      .all()
      .map((r) => r.id)
      .sort();
    expect(Object.keys(JA_COMPOSE_RULES).sort()).toEqual(ids);
    for (const id of ids) {
      const ja = ruleTexts('ja', 'compose', id);
      const en = composeRules.get(id)?.meta;
      expect(ja?.title, id).toBeTruthy();
      expect(ja?.title).not.toBe(en?.title);
      expect(ja?.remediation).not.toBe(en?.remediation);
      expect(ja?.title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
    }
  });

  it('translates every finding the rules make, keeping ids, severities, targets and the names in the message', async () => {
    const findings = await corpus();
    const seen = new Set(findings.map((f) => f.id));
    expect(seen.size).toBe(composeRules.all().length);
    for (const f of findings) {
      // Said by id: the finding keeps the message, its English is the finding's message.
      const said = f.said?.message;
      expect(said?.id, `${f.id}: ${f.message}`).toMatch(/^compose\.rule\./);
      expect(english(said!)).toBe(f.message);
      const ja = localizeMessage(said!, 'ja');
      const localized = localizeFinding(f, 'ja');
      expect(localized.message).toBe(ja);
      expect(localized.message).not.toBe(f.message);
      expect(localized.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
      expect({ ...localized, title: f.title, message: f.message, remediation: f.remediation }).toEqual(f);
      const service = f.evidence?.service;
      if (typeof service === 'string') expect(localized.message).toContain(`"${service}"`);
    }
  });

  it('never prints a secret value, in Japanese either', async () => {
    const text = JSON.stringify(localizeFindings(await corpus(), 'ja'));
    expect(text).not.toContain('hunter2-but-longer');
    expect(text).not.toContain('literal-default-token-value');
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(text).not.toContain('correct-horse-battery-staple');
  });

  it('leaves findings untouched in English', async () => {
    const findings = await corpus();
    expect(localizeFindings(findings, 'en')).toEqual(findings);
  });
});

describe('compose lint findings said by id', () => {
  const one = async (id: string, yaml: string, extra: Record<string, string> = {}): Promise<Finding[]> =>
    runRules(await loadText(yaml, extra), [composeRules.get(id)!]);

  it('says a secret in English as before and in Japanese from the same message, the kind of credential included', async () => {
    const [env, file] = await one(
      'secret-in-environment',
      `services:\n  a:\n    image: a:1\n    environment:\n      K: "ghp_${'a'.repeat(36)}"\n    env_file: [app.env]\n`,
      { 'app.env': 'DB_PASSWORD=correct-horse-battery-staple\n' },
    );
    expect(env!.said?.message?.id).toBe('compose.rule.secretInEnvironment.format');
    expect(env!.message).toBe('service "a": K in environment holds a GitHub token (value not shown)');
    expect(localizeFinding(env!, 'ja').message).toBe(
      'サービス "a": environment の K にシークレット（GitHub のトークン）がそのまま書かれています（値は表示しません）',
    );
    expect(file!.said?.message?.id).toBe('compose.rule.secretInEnvFile.literal');
    expect(file!.message).toBe('service "a": DB_PASSWORD in env_file app.env holds a literal value (value not shown)');
    expect(localizeFinding(file!, 'ja').message).toBe(
      'サービス "a": env_file app.env の DB_PASSWORD にシークレットがそのまま書かれています（値は表示しません）',
    );
  });

  it('says the host IP Swarm ignores, what a socket mount exposes and a policy without max_attempts in Japanese too', async () => {
    const [port] = await one('port-ingress-published', 'services:\n  a:\n    image: a:1\n    ports: ["127.0.0.1:8080:80"]\n');
    expect(port!.said?.message?.id).toBe('compose.rule.portIngressPublished.hostIp');
    expect(port!.message).toBe('service "a" publishes 8080->80/tcp on every node (ingress routing mesh); host IP 127.0.0.1 is ignored by Swarm');
    expect(localizeFinding(port!, 'ja').message).toBe(
      'サービス "a" が 8080->80/tcp を全ノードで公開しています（ingress ルーティングメッシュ）。ホスト IP 127.0.0.1 は Swarm では無視されます',
    );
    const [socket] = await one('docker-socket-mount', 'services:\n  a:\n    image: a:1\n    volumes: ["/var/run:/host-run"]\n');
    expect(socket!.said?.message?.id).toBe('compose.rule.dockerSocketMount');
    expect(socket!.message).toBe('service "a" mounts /var/run at /host-run, which exposes the Docker socket (/var/run/docker.sock)');
    expect(localizeFinding(socket!, 'ja').message).toBe(
      'サービス "a" がエンジンのソケット /var/run を /host-run にマウントしています（Docker のソケット（/var/run/docker.sock）をコンテナから使えます）',
    );
    // A restart_policy without a condition: the evidence says the default condition, the message what the English says.
    const [restart] = await one('restart-policy-unbounded', 'services:\n  a:\n    image: a:1\n    deploy:\n      restart_policy: {delay: 5s}\n');
    expect(restart!.evidence).toMatchObject({ condition: 'any (default)' });
    expect(restart!.message).toBe('service "a" restart_policy has no max_attempts: failed tasks restart forever');
    expect(localizeFinding(restart!, 'ja').message).toBe('サービス "a" の restart_policy に max_attempts がなく、失敗したタスクが無制限に再起動されます');
  });

  it('says every dangerous capability and every key docker stack deploy drops by id, in the English of their tables', () => {
    for (const [capability, why] of Object.entries(DANGEROUS_CAPABILITIES)) {
      const m = capabilityReason(capability);
      expect(english(m)).toBe(why);
      expect(localizeMessage(m, 'ja'), capability).not.toBe(why);
    }
    const dropped = Object.entries(STACK_SERVICE_KEYS).flatMap(([key, fate]) => (fate.fate === 'dropped' ? [[key, fate.consequence] as const] : []));
    expect(dropped.length).toBeGreaterThan(10);
    for (const [key, consequence] of dropped) {
      const m = droppedKeyConsequence(key);
      expect(english(m)).toBe(consequence);
      expect(localizeMessage(m, 'ja'), key).not.toBe(consequence);
    }
  });

  it('says each credential format as describeSecretReason does', () => {
    const values = ['AKIAIOSFODNN7EXAMPLE', '-----BEGIN OPENSSH PRIVATE KEY-----', `ghp_${'a'.repeat(36)}`, 'xoxb-1234567890-abcdefghij'];
    for (const value of values) {
      const reason = secretInVariable('X', value);
      if (reason?.kind !== 'credential-format') throw new Error(`not a credential format: ${value}`);
      expect(english(secretKindSaid(reason.formatId))).toBe(describeSecretReason(reason));
    }
  });
});
