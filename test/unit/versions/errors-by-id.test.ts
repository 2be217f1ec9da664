// A version a scheme cannot order is said by id (src/versions/messages.ts): raised for real, its English reads word for
// word as before, and in Japanese from the catalogue, the version and the scheme kept as they are.
import { describe, expect, it } from 'vitest';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { getScheme, parseDpkgVersion, parseEvr, pep440Satisfies, VersionError } from '../../../src/versions/index.js';
import { parseNuGet } from '../../../src/versions/nuget.js';
import { raised } from '../../helpers/raised.js';

async function versionError(f: () => unknown): Promise<VersionError> {
  const e = await raised(f);
  expect(e).toBeInstanceOf(VersionError);
  return e as VersionError;
}

describe('version errors by id', () => {
  it('says the reason, the scheme and the hint in both languages', async () => {
    const dpkg = await versionError(() => parseDpkgVersion('1:'));
    expect(dpkg.message).toBe('invalid dpkg version "1:": nothing after the colon');
    expect(localizeMessage(dpkg.text, 'ja')).toBe('dpkg のバージョン "1:" は不正です: コロンの後に何もありません');
    expect(dpkg.hint).toBe('check the version string; the dpkg scheme cannot order it');
    expect(dpkg.hintText && localizeMessage(dpkg.hintText, 'ja')).toBe('バージョン文字列を確認してください。dpkg の方式ではこれを順序付けできません');

    const rpm = await versionError(() => parseEvr('1.0 -1'));
    expect(rpm.message).toBe('invalid rpm version "1.0 -1": blanks or control characters in the version');
    expect(localizeMessage(rpm.text, 'ja')).toBe('rpm のバージョン "1.0 -1" は不正です: バージョンに空白か制御文字があります');

    const nuget = await versionError(() => parseNuGet('1.0.0-01'));
    expect(nuget.message).toBe('invalid nuget version "1.0.0-01": pre-release label "01" has a leading zero');
    expect(localizeMessage(nuget.text, 'ja')).toBe('nuget のバージョン "1.0.0-01" は不正です: プレリリースのラベル "01" の先頭に 0 があります');
  });

  it('nests a specifier’s reason inside the specifier error', async () => {
    const e = await versionError(() => pep440Satisfies('1.0', '~=1'));
    expect(e.message).toBe('invalid pep440 version "~=1": bad specifier: ~= needs at least two release segments');
    expect(localizeMessage(e.text, 'ja')).toBe('pep440 のバージョン "~=1" は不正です: 不正な指定子です: ~= にはリリースのセグメントが 2 つ以上必要です');
  });

  it('names the known schemes of an unknown one', async () => {
    const e = await versionError(() => getScheme('cargo'));
    expect(e.message).toMatch(/^invalid scheme version "cargo": unknown version scheme \(known: .*dpkg.*\)$/);
    expect(localizeMessage(e.text, 'ja')).toMatch(/^scheme のバージョン "cargo" は不正です: 未知のバージョン方式です（既知の方式: .*dpkg.*）$/);
  });
});
