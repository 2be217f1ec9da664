// The errors of image scan, image diff, the ignore file, the report writer and bench say their message and hint by
// id: the English word for word as before, the Japanese from the catalogue with the same values, and nothing that
// reads the English back.
import { describe, expect, it } from 'vitest';
import { benchVersion } from '../../../src/cli/bench.js';
import { diffSides, rankingOptions } from '../../../src/cli/image-scan.js';
import { UserError } from '../../../src/core/errors.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { getReporter } from '../../../src/report/index.js';
import { loadIgnoreFile, parseIgnoreFile } from '../../../src/scan/ignore.js';
import { scanTargets } from '../../../src/scan/many.js';
import { raised } from '../../helpers/raised.js';
import { JAPANESE } from '../i18n/ja-helpers.js';

/** The error's message and hint: English as given, said by id (never as raw text), and in Japanese with the same values. */
function expectSaid(e: UserError, message: string, hint?: string, values: readonly string[] = []): void {
  expect(e.message).toBe(message);
  expect(english(e.text)).toBe(message);
  expect(e.hint).toBe(hint);
  for (const m of [e.text, ...(e.hintText ? [e.hintText] : [])]) {
    const inner = m.id === 'core.inputAt' ? (m.data.message as typeof m) : m;
    expect(inner.id, english(m)).not.toBe('');
    const ja = localizeMessage(m, 'ja');
    expect(ja, english(m)).toMatch(JAPANESE);
  }
  const ja = localizeMessage(e.text, 'ja');
  for (const v of values) expect(ja).toContain(v);
}

describe('errors said by id', () => {
  it('the ignore file: a bad id, a bad option, a missing file', async () => {
    expectSaid(
      await raised(() => parseIgnoreFile('CVE-2023-1 # fine\nnot_an_id\n', '.swarmguardignore')),
      '.swarmguardignore:2: "not_an_id" is not a vulnerability id',
      'e.g. CVE-2023-1234 exp:2026-12-31 # reason',
      ['not_an_id', '.swarmguardignore:2'],
    );
    expectSaid(
      await raised(() => parseIgnoreFile('CVE-2023-1234 until:2026\n', 'f')),
      'f:1: unknown option "until:2026"',
      'the only option is exp:YYYY-MM-DD (the last day the entry applies)',
      ['until:2026'],
    );
    expectSaid(await raised(() => loadIgnoreFile('/nonexistent/ignore', true)), '/nonexistent/ignore: no such ignore file');
  });

  it('image scan and image diff: --epss-min, no image, the images of a diff', async () => {
    expectSaid(
      await raised(() => rankingOptions({ epssMin: '2' })),
      '--epss-min: "2" is not a probability',
      'give a number from 0 to 1 (0.1) or a percentage (10%)',
      ['"2"'],
    );
    expectSaid(await raised(() => scanTargets({ refs: [] })), 'no image to scan', 'name images, or use --stack NAME or --services');
    expectSaid(await raised(() => diffSides('a', 'b', ['1', '2', '3'])), '--input is given more than twice: image diff compares two images');
    const hint = 'or give --input twice: swarmguard image diff --input old.tar --input new.tar';
    expectSaid(await raised(() => diffSides('a', undefined, ['x.tar'])), 'name the two images of the archive to compare', hint);
    expectSaid(await raised(() => diffSides(undefined, undefined, [])), 'name the two images to compare', hint);
  });

  it('the report writer and bench: an unknown reporter, a CIS version, docker-bench with another version', async () => {
    expectSaid(await raised(() => getReporter('sarif', ['text', 'json'])), '--format: unknown format "sarif"', 'use one of: text, json', ['"sarif"']);
    expectSaid(
      await raised(() => benchVersion({ cis: '9.9', format: 'text' })),
      '--cis: "9.9" is not a CIS Docker Benchmark version swarmguard knows',
      'use one of 1.6.0, 1.7.0, 1.8.0',
      ['"9.9"'],
    );
    expectSaid(
      await raised(() => benchVersion({ cis: '1.8.0', format: 'docker-bench' })),
      "--format docker-bench writes CIS Docker Benchmark 1.6.0 ids (docker-bench-security's), not 1.8.0",
      'use --format json --cis 1.8.0 for the 1.8.0 ids',
      ['1.8.0'],
    );
  });
});
