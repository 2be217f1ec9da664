// The evidence readers of the rules' Japanese messages: a message is said only from evidence of the shape it needs;
// any other shape (a finding kept by another version) gets undefined, so the stored text is shown instead.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { withItems, withList, withText } from '../../../src/i18n/ja/rule-text.js';

const finding = (items?: string[]): Finding => ({
  id: 'r',
  category: 'image',
  severity: 'LOW',
  title: 't',
  message: 'm',
  target: { kind: 'image', ref: 'app:1' },
  references: [],
  ...(items ? { items } : {}),
});

describe('withText', () => {
  const say = withText('step', (step, e, f) => `${step}/${String(e.other)}/${f.target.kind}`);
  it('says the message from the text, with the evidence and finding', () => {
    expect(say({ step: '3', other: 'x' }, finding())).toBe('3/x/image');
  });
  it('takes a number as its text', () => {
    expect(say({ step: 4 }, finding())).toBe('4/undefined/image');
  });
  it('answers undefined when the key is missing or of another kind', () => {
    for (const step of [undefined, null, true, ['a']]) expect(say(step === undefined ? {} : { step }, finding()), String(step)).toBeUndefined();
  });
  it('passes on the undefined its message answers', () => {
    expect(withText('k', () => undefined)({ k: 'v' }, finding())).toBeUndefined();
  });
});

describe('withList', () => {
  const say = withList('ports', (ports) => ports.join('+'));
  it('says the message from the list, an empty one included', () => {
    expect(say({ ports: ['80', '443'] }, finding())).toBe('80+443');
    expect(say({ ports: [] }, finding())).toBe('');
  });
  it('answers undefined when the key is not a list', () => {
    for (const ports of ['80', 80, null]) expect(say({ ports }, finding()), String(ports)).toBeUndefined();
    expect(say({}, finding())).toBeUndefined();
  });
});

describe('withItems', () => {
  const say = withItems((items) => `${items.length}: ${items[0]}`);
  it('says the message from the files the finding lists', () => {
    expect(say({}, finding(['bin/sh', 'bin/bash']))).toBe('2: bin/sh');
  });
  it('answers undefined when the finding lists none', () => {
    expect(say({}, finding([]))).toBeUndefined();
    expect(say({}, finding())).toBeUndefined();
  });
});
