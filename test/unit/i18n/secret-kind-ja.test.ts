// The kind of a secret is said by id: the checks put the id in the evidence (`kindId`) beside the English words,
// and the Japanese says the kind from the id. The English is as it was; the value is never printed in either.
import { describe, expect, it } from 'vitest';
import { auditSwarmServices } from '../../../src/audit/swarm-checks.js';
import type { Finding } from '../../../src/core/finding.js';
import { localizeFindings } from '../../../src/i18n/findings.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { secretKindSaid } from '../../../src/security-words/messages.js';
import type { ImageLintFacts } from '../../../src/imagelint/facts.js';
import { lintImage } from '../../../src/imagelint/rules.js';
import { SECRET_KIND_IDS, secretInVariable, secretKindOf } from '../../../src/security/secrets.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';
import { expectNoSecret } from './ja-helpers.js';

const AWS = 'AKIAIOSFODNN7EXAMPLE';
const GITHUB = `ghp_${'a'.repeat(36)}`;
const SLACK = 'xoxb-1234567890-abcdefghij';
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n';
const SECRETS = [AWS, GITHUB, SLACK, 'b3Blbg==', 'hunter2-long-enough', 'dXNlcjpwYXNz'];

const image: ImageLintFacts = {
  ref: 'registry.internal:5000/app@sha256:' + 'e'.repeat(64),
  config: {
    config: { User: 'app', Healthcheck: { Test: ['CMD', 'true'] }, Env: ['DB_PASSWORD=hunter2-long-enough', `X=${AWS}`], Labels: { 'org.slack': SLACK } },
    history: [{ created_by: `/bin/sh -c echo ${GITHUB} > /t` }],
  },
  size: 1,
  tracked: new Map(),
  files: new Map([
    ['root/.docker/config.json', Buffer.from('{"auths":{"r":{"auth":"dXNlcjpwYXNz"}}}')],
    ['home/app/.ssh/id_ed25519', Buffer.from(KEY)],
    ['home/app/.netrc', Buffer.from('machine x login y password z')],
  ]),
  warnings: [],
};

function findings(): Finding[] {
  const swarm = auditSwarmServices(
    snapshotOf({
      swarm: {
        services: [{ Spec: { Name: 'api', TaskTemplate: { ContainerSpec: { Image: 'img', Env: ['API_TOKEN=hunter2-long-enough', `K=${GITHUB}`] } } } }],
      },
    }),
  ).filter((f) => f.id === 'service-secret-in-env');
  const lint = lintImage(image, { allowedRegistries: ['registry.internal:5000'], maxSizeMiB: 500 }).filter((f) => f.id.startsWith('image-secret'));
  return [...swarm, ...lint];
}

describe('the kind of a secret, by id', () => {
  it('has Japanese words for every kind the detectors tell apart', () => {
    for (const id of SECRET_KIND_IDS) expect(localizeMessage(secretKindSaid(id), 'ja'), id).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
  });

  it('is the id of every reason a variable is reported for', () => {
    expect(secretKindOf(secretInVariable('DB_PASSWORD', 'hunter2')!)).toBe('literal');
    expect(secretKindOf(secretInVariable('DB_PASSWORD', null, '${DB_PASSWORD:-hunter2}')!)).toBe('default-literal');
    expect(secretKindOf(secretInVariable('X', AWS)!)).toBe('aws-access-key-id');
    expect(secretKindOf(secretInVariable('X', GITHUB)!)).toBe('github-token');
    expect(secretKindOf(secretInVariable('X', SLACK)!)).toBe('slack-token');
    expect(secretKindOf(secretInVariable('X', KEY)!)).toBe('private-key');
  });

  it('rides in the evidence of every secret finding, the English as it was', () => {
    const all = findings();
    const said = (id: string) => all.filter((f) => f.id === id).map((f) => [f.message, f.evidence?.kind, f.evidence?.kindId]);
    expect(said('service-secret-in-env')).toEqual([
      ['api: API_TOKEN holds a literal value; the value is not shown', 'a literal value', 'literal'],
      ['api: K holds a GitHub token; the value is not shown', 'a GitHub token', 'github-token'],
    ]);
    expect(said('image-secret-in-env')).toEqual([
      ['ENV DB_PASSWORD holds a literal value; the value is not shown', 'a literal value', 'literal'],
      ['ENV X holds an AWS access key id; the value is not shown', 'an AWS access key id', 'aws-access-key-id'],
    ]);
    expect(said('image-secret-in-labels')).toEqual([['label org.slack holds a Slack token; the value is not shown', 'a Slack token', 'slack-token']]);
    expect(said('image-secret-in-history')).toEqual([['history step 1 contains a GitHub token; the value is not shown', 'GitHub token', 'github-token']]);
    expect(said('image-secret-file').sort()).toEqual([
      ['/home/app/.netrc: credentials file; the content is not shown', 'credentials file', 'credentials-file'],
      ['/home/app/.ssh/id_ed25519: private key; the content is not shown', 'private key', 'private-key'],
      ['/root/.docker/config.json: registry credentials; the content is not shown', 'registry credentials', 'registry-credentials'],
    ]);
  });

  it('is said in Japanese from the id, whatever the English words', () => {
    const ja = localizeFindings(findings(), 'ja');
    const messages = ja.map((f) => f.message);
    for (const words of [
      '直接書かれた値',
      'GitHub のトークン',
      'AWS のアクセスキー ID',
      'Slack のトークン',
      '秘密鍵',
      'レジストリの認証情報',
      '認証情報ファイル',
    ])
      expect(
        messages.some((m) => m.includes(`シークレット（${words}）`)),
        words,
      ).toBe(true);
    // The English words play no part: a finding whose `kind` says something else is still said from its id.
    const f = findings().find((x) => x.id === 'image-secret-in-labels')!;
    const [other] = localizeFindings([{ ...f, evidence: { ...f.evidence, kind: 'an AWS access key id' } }], 'ja');
    expect(other!.message).toContain('シークレット（Slack のトークン）');
    expectNoSecret(findings(), SECRETS);
  });
});
