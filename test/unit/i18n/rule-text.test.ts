// The evidence readers of the rules' Japanese messages: a message is said only from evidence of the shape it needs;
// any other shape (a finding kept by another version) gets undefined, so the stored text is shown instead.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { withText } from '../../../src/i18n/ja/rule-text.js';

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
