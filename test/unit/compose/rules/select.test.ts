import { describe, expect, it } from 'vitest';
import { selectRules } from '../../../../src/compose/rules/index.js';
import { UserError } from '../../../../src/core/errors.js';
import { localizeMessage } from '../../../../src/i18n/user-errors.js';

describe('choosing compose rules', () => {
  it('keeps the chosen rules and leaves out the skipped ones', () => {
    expect(
      selectRules({ only: ['user-root', 'not-read-only'] })
        .map((r) => r.id)
        .sort(),
    ).toEqual(['not-read-only', 'user-root']);
    expect(selectRules({ skip: ['user-root'] }).some((r) => r.id === 'user-root')).toBe(false);
  });

  it('refuses an unknown rule id, saying which flag named it, in English and in Japanese', () => {
    let e: unknown;
    try {
      selectRules({ skip: ['no-such-rule'] });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(UserError);
    const err = e as UserError;
    expect(err.message).toBe('--skip-rule: unknown rule "no-such-rule"');
    expect(err.hint).toBe('list the rules with: swarmguard compose rules');
    expect(localizeMessage(err.text, 'ja')).toBe('--skip-rule: "no-such-rule" は不明なルールです');
    expect(err.hintText && localizeMessage(err.hintText, 'ja')).toBe('ルールの一覧: swarmguard compose rules');
  });
});
