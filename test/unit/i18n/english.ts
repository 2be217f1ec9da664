// Finds English sentences left in text meant for a Japanese reader. What may stay in English is taken out first:
// ids and values (anything with a digit, dot, slash, underscore, colon or "=" in it), flags, quoted and backquoted
// text (names, commands), ALL-CAPS words (severities, verdicts, protocols), official CIS titles, and the proper
// names below. Three or more English words in a row that remain are a sentence nobody translated.

const PROPER_NAMES = [
  'Docker Engine',
  'Docker Swarm',
  'Docker Content Trust',
  'CIS Docker Benchmark',
  'NIST SP',
  'Alpine',
  'Debian',
  'Ubuntu',
  'Red Hat',
  'Sigstore cosign',
  'Notation',
  'swarmguard',
  'Swarm',
  'Docker',
  'Chromium',
  'live restore',
  'no-new-privileges',
  'endpoint mode',
  'endpoint_mode',
  'routing mesh',
  'not covered',
];

/** Words that are values in JSON and configuration, not English. */
const VALUES = new Set(['true', 'false', 'null']);

// eslint-disable-next-line no-control-regex -- ESC starts the colour codes this strips
const ANSI = /\x1b\[[0-9;]*m/g;

/** The runs of three or more English words left after taking out what may stay in English. */
export function englishSentences(text: string, allowed: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const raw of text.replace(ANSI, '').split('\n')) {
    let line = raw;
    for (const a of allowed) line = line.split(a).join(' ');
    line = line
      .replace(/`[^`]*`/g, ' ')
      .replace(/"[^"]*"/g, ' ')
      .replace(/'[^']*'/g, ' ')
      .replace(/\([A-Za-z0-9 ,./:_-]*\)/g, (m) => (/[a-z]{3,} [a-z]{3,} [a-z]{3,}/.test(m) ? m : ' '));
    for (const name of PROPER_NAMES) line = line.split(name).join(' ');
    // Commands: docker's and swarmguard's subcommands are names.
    line = line.replace(/\b(?:docker|swarmguard|systemctl) [a-z-]+(?: [a-z-]+)?/g, ' ');
    const words = line.split(/[\s、。（）「」：()[\]{}<>|=*—–]+/u).filter((w) => w !== '');
    let run: string[] = [];
    const flush = () => {
      if (run.length >= 3) out.push(run.join(' '));
      run = [];
    };
    for (const raw of words) {
      const w = raw.replace(/[,.;:!?]+$/, '');
      const english = /^[A-Za-z][a-z]+$/.test(w) && !VALUES.has(w);
      if (english) run.push(w);
      else flush();
    }
    flush();
  }
  return out;
}
