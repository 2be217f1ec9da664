// `swarmguard image scan` and `image diff`: vulnerabilities of an image's packages, as trivy reports them.
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode } from '../core/errors.js';
import { parseSeverityList, SEVERITIES, type Severity } from '../core/severity.js';
import { colorWanted, createStyler } from '../core/style.js';
import { createProgress } from '../core/progress.js';
import { renderTable } from '../core/table.js';
import { toolVersion } from '../core/version.js';
import { inventoryImage } from '../image/inventory.js';
import { recordManualScan } from '../history/manual.js';
import { notScannedWarnings } from '../packages/incomplete.js';
import { coverageOf } from '../scan/coverage.js';
import { diffScans } from '../scan/diff.js';
import { loadIgnoreFile } from '../scan/ignore.js';
import { allNotes, scanInventory, uncoveredTargets, type ScanReport } from '../scan/scan.js';
import { currentLocale } from '../i18n/locale.js';
import { localizeScanText } from '../i18n/scan.js';
import { loadVexFile } from '../scan/vex.js';
import type { ScanOptions } from '../scan/scan.js';
import { resolveDbPath } from '../vulndb/paths.js';
import { VulnStore } from '../vulndb/store.js';
import { addFormatOptions, addReportOptions, emitFindings, parseExitCode, reportStyler, writeReport, type ReportFlags } from './report-options.js';
import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { collectImageLintFacts } from '../imagelint/facts.js';
import { imageLintRules, lintImage } from '../imagelint/rules.js';
import { resolveConfigPath } from '../vulndb/paths.js';
import { action, reportWritten } from './run.js';
import { t } from '../i18n/messages.js';
import { DEFAULT_BENCH_IMAGE } from '../bench/all-nodes.js';
import { nodeScanMessages } from '../image/node-messages.js';
import { notesSaid } from '../core/message.js';
import { inLocale } from '../i18n/user-errors.js';
import { registerNodeInventoryCommand, scanAllNodesCommand, type AllNodesScanFlags } from './image-scan-nodes.js';

interface ScanFlags {
  input?: string;
  includeDevDeps?: boolean;
  source?: 'auto' | 'engine' | 'registry';
  platform?: string;
  db?: string;
  severity?: string;
  ignoreUnfixed?: boolean;
  ignorefile?: string;
  exitCode: string;
  format: string;
  output?: string;
  color: boolean;
  failOnUncovered?: boolean;
  sort?: 'severity' | 'risk';
  kevOnly?: boolean;
  epssMin?: string;
  vex?: string[];
  showSuppressed?: boolean;
}

/** The ranking and VEX flags as scan options; the VEX files are read (and refused) before any image is. */
export function rankingOptions(flags: Pick<ScanFlags, 'sort' | 'kevOnly' | 'epssMin' | 'vex'>): Pick<ScanOptions, 'sort' | 'exploit' | 'vex'> {
  let epssMin: number | undefined;
  if (flags.epssMin !== undefined) {
    const text = flags.epssMin.trim();
    const pct = text.endsWith('%');
    const n = Number(pct ? text.slice(0, -1) : text) / (pct ? 100 : 1);
    if (text === '' || !Number.isFinite(n) || n < 0 || n > 1) {
      throw new UserError(`--epss-min: "${flags.epssMin}" is not a probability`, { hint: 'give a number from 0 to 1 (0.1) or a percentage (10%)' });
    }
    epssMin = n;
  }
  const vex = (flags.vex ?? []).map(loadVexFile);
  return {
    ...(flags.sort !== undefined ? { sort: flags.sort } : {}),
    ...(flags.kevOnly || epssMin !== undefined
      ? { exploit: { ...(flags.kevOnly ? { kevOnly: true } : {}), ...(epssMin !== undefined ? { epssMin } : {}) } }
      : {}),
    ...(vex.length > 0 ? { vex } : {}),
  };
}

/** Scans one image with the flags' filters; the store is opened read-only and closed again. */
export async function scanImage(
  ref: string,
  flags: Pick<
    ScanFlags,
    'input' | 'includeDevDeps' | 'source' | 'platform' | 'db' | 'severity' | 'ignoreUnfixed' | 'ignorefile' | 'sort' | 'kevOnly' | 'epssMin' | 'vex'
  >,
): Promise<{ report: ScanReport; severities: Severity[] }> {
  const severities = flags.severity ? parseSeverityList(flags.severity) : [...SEVERITIES];
  const ranking = rankingOptions(flags);
  const ignoreFile = flags.ignorefile ?? '.swarmguardignore';
  const ignore = loadIgnoreFile(path.resolve(ignoreFile), flags.ignorefile !== undefined);
  const store = VulnStore.open(resolveDbPath(flags.db), { readonly: true });
  try {
    const inventory = await inventoryImage(ref, {
      ...(flags.input ? { input: flags.input } : {}),
      ...(flags.includeDevDeps ? { includeDevDeps: true } : {}),
      ...(flags.source ? { source: flags.source } : {}),
      ...(flags.platform ? { platform: flags.platform } : {}),
    });
    const report = scanInventory(store, inventory, {
      severities,
      ...(flags.ignoreUnfixed ? { ignoreUnfixed: true } : {}),
      ...(ignore ? { ignore } : {}),
      ...ranking,
    });
    return { report, severities };
  } finally {
    store.close();
  }
}

/** Several images: read together by the image batch, scanned against one open store, one summary. */
async function scanManyCommand(
  refs: string[],
  flags: ScanFlags & { stack?: string; services?: boolean; concurrency: string },
  exitCode: number,
): Promise<number> {
  if (flags.input) throw new UserError('--input reads one image: scan several images from the engine');
  if (flags.format !== 'table' && flags.format !== 'json') throw new UserError(`--format ${flags.format} is for one image: use table or json for several`);
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UserError(`--concurrency: "${flags.concurrency}" is not a positive whole number`);
  const severities = flags.severity ? parseSeverityList(flags.severity) : [...SEVERITIES];
  const ignore = loadIgnoreFile(path.resolve(flags.ignorefile ?? '.swarmguardignore'), flags.ignorefile !== undefined);
  const ranking = rankingOptions(flags);
  const store = VulnStore.open(resolveDbPath(flags.db), { readonly: true });
  try {
    const { scanMany } = await import('../scan/many.js');
    const r = await scanMany({
      refs,
      ...(flags.stack !== undefined ? { stack: flags.stack } : {}),
      ...(flags.services ? { services: true } : {}),
      concurrency,
      scan: (inventory) =>
        scanInventory(store, inventory, { severities, ...(flags.ignoreUnfixed ? { ignoreUnfixed: true } : {}), ...(ignore ? { ignore } : {}), ...ranking }),
      format: flags.format,
      styler: createStyler(flags.color !== false && !flags.output && colorWanted(process.stdout)),
      severities,
      progress: createProgress('scanning images'),
    });
    if (flags.output) {
      await writeFileAtomic(flags.output, r.text);
      reportWritten(flags.output);
    } else process.stdout.write(localizeScanText(r.text, currentLocale()));
    if (r.failed > 0) return ExitCode.FAILED;
    if (r.incomplete > 0) return ExitCode.NOT_SCANNED;
    return r.findings > 0 ? exitCode : ExitCode.OK;
  } finally {
    store.close();
  }
}

function addScanOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--source <where>', 'read images from the engine, their registry, or the engine when it has them')
        .choices(['auto', 'engine', 'registry'])
        .default('auto'),
    )
    .option('--platform <os/arch>', 'for multi-platform images in a registry')
    .option('--db <path>', 'vulnerability database (default $SWARMGUARD_DB or ~/.cache/swarmguard/db/vuln.db)')
    .option('-s, --severity <list>', 'severities to report, e.g. CRITICAL,HIGH (default: all)')
    .option('--ignore-unfixed', 'leave out vulnerabilities that have no fixed version')
    .option('--ignorefile <file>', 'ids to ignore, one per line: ID [exp:YYYY-MM-DD] [# reason] (default .swarmguardignore when present)')
    .addOption(
      new Option('--sort <order>', 'order of the findings: severity, or risk (CISA KEV first, then EPSS × severity weight)').choices(['severity', 'risk']),
    )
    .option('--kev-only', "only vulnerabilities in CISA's Known Exploited Vulnerabilities catalogue")
    .option('--epss-min <p>', 'only vulnerabilities whose EPSS score is at least P (0.1 or 10%)')
    .option(
      '--vex <file>',
      'OpenVEX, CycloneDX VEX or CSAF 2.0 VEX document: not_affected and fixed statements suppress findings (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    );
}

export function registerImageLintCommand(image: Command): void {
  const lint = image
    .command('lint')
    .description(
      'image hardening: non-root user, HEALTHCHECK, shells and package managers, setuid files, secrets in ENV/labels/history/files, caches, size, registry',
    )
    .argument('[image]', 'image reference on the engine (with --input: the image of the archive, default its own name)')
    .option('--input <file>', t('help.image.scan.input'))
    .option('--allowed-registry <host>', 'registries images may come from (repeatable; default from the config file)', (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option('--max-size <MiB>', 'report images larger than this', '500');
  addReportOptions(lint);
  lint.action(
    action(async (ref: string | undefined, flags: ReportFlags & { input?: string; allowedRegistry?: string[]; maxSize: string }) => {
      const maxSizeMiB = Number(flags.maxSize);
      if (!Number.isFinite(maxSizeMiB) || maxSizeMiB <= 0) throw new UserError(`--max-size: "${flags.maxSize}" is not a positive number`);
      if (ref === undefined && !flags.input) throw new UserError('name an image to lint', { hint: 'or give --input FILE' });
      const facts = await collectImageLintFacts(ref ?? '', flags.input);
      const findings = lintImage(facts, { allowedRegistries: flags.allowedRegistry ?? configuredRegistries(), maxSizeMiB });
      return emitFindings(findings, flags, {
        command: 'image lint',
        rules: imageLintRules.all().map((r) => r.meta),
        scanned: [facts.ref],
        notes: facts.warnings,
      });
    }),
  );
}

/** imageLint.allowedRegistries from ~/.config/swarmguard/config.json, when set. */
function configuredRegistries(): string[] {
  try {
    const cfg = JSON.parse(readFileSync(resolveConfigPath(), 'utf8')) as { imageLint?: { allowedRegistries?: unknown } };
    const list = cfg.imageLint?.allowedRegistries;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function collectInputs(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Where `image diff` reads A and B: two references on the engine; one archive (--input) holding both, named by
 * the two arguments; or two archives (--input twice), each image named by its argument or by the archive.
 */
export function diffSides(
  a: string | undefined,
  b: string | undefined,
  inputs: readonly string[],
): [{ ref: string; input?: string }, { ref: string; input?: string }] {
  if (inputs.length > 2) throw new UserError('--input is given more than twice: image diff compares two images');
  if (inputs.length === 2)
    return [
      { ref: a ?? '', input: inputs[0]! },
      { ref: b ?? '', input: inputs[1]! },
    ];
  if (a === undefined || b === undefined)
    throw new UserError(inputs.length === 1 ? 'name the two images of the archive to compare' : 'name the two images to compare', {
      hint: 'or give --input twice: swarmguard image diff --input old.tar --input new.tar',
    });
  return inputs.length === 1
    ? [
        { ref: a, input: inputs[0]! },
        { ref: b, input: inputs[0]! },
      ]
    : [{ ref: a }, { ref: b }];
}

export function registerImageScanCommands(image: Command): void {
  registerImageLintCommand(image);
  registerNodeInventoryCommand(image);
  const scan = image
    .command('scan')
    .description(t('help.image.scan'))
    .argument(
      '[images...]',
      'image references on the engine (with --input: the image of the archive, default its own name); several are read together, shared layers once',
    )
    .option('--input <file>', t('help.image.scan.input'))
    .option('--include-dev-deps', 'with --input DIR of a project: scan development-only dependencies too')
    .option('--stack <name>', "scan the images of a stack's services")
    .option('--services', 'scan the image of every service the swarm runs')
    .option('--concurrency <n>', 'image exports at once when scanning several images', '2')
    .option('--all-nodes', "scan the images of every node where they are: a one-shot global job reads each node's own images (named images only, when given)")
    .option('--service <name>', 'with --all-nodes: only the nodes running this service (and its image, unless images are named)')
    .option('--job-image <ref>', 'the swarmguard image --all-nodes runs on each node (the manager must have it; pinned by digest)', DEFAULT_BENCH_IMAGE)
    .option('--engine-socket <path>', 'the engine socket on each node for --all-nodes ({{.Node.Hostname}} allowed in the file name)', '/var/run/docker.sock')
    .option('--timeout <seconds>', 'how long --all-nodes waits for the nodes', '600')
    .option('--show-suppressed', 'list the findings VEX statements suppressed, with their justification')
    .option('--exit-code <n>', 'exit with N when a vulnerability of the reported severities is found', '0')
    .option('--fail-on-uncovered', 'exit non-zero (--exit-code, else 1) when part of the image could not be checked: no advisories for its OS or release')
    .option('--no-color', 'no colour');
  addFormatOptions(scan, 'scan', 'output');
  addScanOptions(scan);
  scan.addHelpText(
    'after',
    '\nExamples:\n  $ swarmguard image scan httpd:2.4.47 --severity CRITICAL,HIGH\n  $ swarmguard image scan app:1.2 --ignore-unfixed --exit-code 1 --format sarif -o scan.sarif\n  $ swarmguard image scan --stack shop --severity CRITICAL,HIGH',
  );
  scan.action(
    action(async (refs: string[], flags: ScanFlags & { stack?: string; services?: boolean; concurrency: string; allNodes?: boolean } & AllNodesScanFlags) => {
      const exitCode = parseExitCode(flags.exitCode);
      if (flags.allNodes) return scanAllNodesCommand(refs, flags, exitCode, rankingOptions(flags));
      if (flags.service !== undefined)
        throw new UserError(nodeScanMessages.say('nodescan.flags.serviceAlone'), { hint: nodeScanMessages.say('nodescan.flags.serviceAlone.hint') });
      if (refs.length > 1 || flags.stack !== undefined || flags.services) return scanManyCommand(refs, flags, exitCode);
      if (refs[0] === undefined && !flags.input) throw new UserError('name an image to scan', { hint: 'or use --input FILE, --stack NAME or --services' });
      const { report, severities } = await scanImage(refs[0] ?? '', flags);
      const ref = report.ref;
      const notScanned = notScannedWarnings(report.inventory.warnings);
      recordManualScan({ ...report, notScanned });
      const ctx = {
        command: 'image scan',
        toolVersion: toolVersion(),
        styler: reportStyler(flags),
        scanned: [ref],
        notes: allNotes(report),
        coverage: coverageOf(report),
      };
      await writeReport({ kind: 'scan', scan: report, ctx, severities, ...(flags.showSuppressed ? { showSuppressed: true } : {}) }, flags);
      // Part of the image not read is never clean, whatever --exit-code says.
      if (notScanned.length > 0) {
        process.stderr.write(`${localizeScanText(`not scanned: ${notScanned.length} part(s) of ${ref} were not read`, currentLocale())}\n`);
        return ExitCode.NOT_SCANNED;
      }
      const uncovered = uncoveredTargets(report);
      if (flags.failOnUncovered && uncovered.length > 0) {
        process.stderr.write(`${localizeScanText(`not covered: ${uncovered.map((t) => t.label).join(', ')} (--fail-on-uncovered)`, currentLocale())}\n`);
        return exitCode !== ExitCode.OK ? exitCode : ExitCode.FINDINGS;
      }
      return report.findings.length > 0 ? exitCode : ExitCode.OK;
    }),
  );

  const diff = image
    .command('diff')
    .description('what image B fixes and what it adds compared with image A, per severity')
    .argument('[a]', 'the image you have (with --input: its name in the archive)')
    .argument('[b]', 'the image you consider (with --input: its name in the archive)')
    .option('--input <file>', 'read A (and B, when given twice) from a docker save tar or OCI layout instead of the engine', collectInputs, [])
    .addOption(new Option('-f, --format <format>', 'output').choices(['table', 'json']).default('table'));
  addScanOptions(diff);
  diff.addHelpText(
    'after',
    '\nExamples:\n  $ swarmguard image diff httpd:2.4.47 httpd:2.4.47-alpine --severity CRITICAL,HIGH\n  $ swarmguard image diff --input old.tar --input new.tar.gz',
  );
  diff.action(
    action(async (argA: string | undefined, argB: string | undefined, flags: Omit<ScanFlags, 'input'> & { input: string[] }) => {
      const { input: inputs, ...common } = flags;
      const [sideA, sideB] = diffSides(argA, argB, inputs);
      const ra = await scanImage(sideA.ref, { ...common, ...(sideA.input ? { input: sideA.input } : {}) });
      const rb = await scanImage(sideB.ref, { ...common, ...(sideB.input ? { input: sideB.input } : {}) });
      const a = ra.report.ref;
      const b = rb.report.ref;
      const d = diffScans(ra.report, rb.report);
      if (flags.format === 'json') {
        process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
        return d.nothingCompared ? ExitCode.FAILED : ExitCode.OK;
      }
      const s = createStyler(colorWanted(process.stdout));
      const rows = d.rows
        .filter((r) => ra.severities.includes(r.severity))
        .map((r) => [s.severity(r.severity), String(r.fixed), String(r.added), String(r.common)]);
      const lines = [
        `${s.bold(b)} compared with ${s.bold(a)}`,
        '',
        renderTable(['SEVERITY', `FIXED IN ${b}`, `ADDED IN ${b}`, 'IN BOTH'], rows, { align: ['left', 'right', 'right', 'right'] }),
        '',
        d.summary,
      ];
      for (const [ref, r] of [
        [a, ra.report],
        [b, rb.report],
      ] as const) {
        for (const t of r.targets) for (const n of notesSaid(t.notes)) lines.push(s.yellow(`note: ${ref}: ${t.label}: ${inLocale(n)}`));
      }
      for (const c of notesSaid(d.caveats)) lines.push(s.yellow(`caveat: ${inLocale(c)}`));
      process.stdout.write(`${localizeScanText(lines.join('\n'), currentLocale())}\n`);
      // Two images with nothing checked do not "compare equal": say so with the exit code too.
      return d.nothingCompared ? ExitCode.FAILED : ExitCode.OK;
    }),
  );
}
