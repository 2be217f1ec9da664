// `swarmguard image scan` and `image diff`: vulnerabilities of an image's packages, as trivy reports them.
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ExitCode } from '../core/errors.js';
import { parseSeverityList, SEVERITIES, type Severity } from '../core/severity.js';
import { createProgress } from '../core/progress.js';
import { inventoryImage } from '../image/inventory.js';
import { recordManualScan } from '../history/manual.js';
import { notScannedWarnings } from '../packages/incomplete.js';
import { coverageOf } from '../scan/coverage.js';
import { diffScans } from '../scan/diff.js';
import { loadIgnoreFile } from '../scan/ignore.js';
import { scanMessages } from '../scan/messages.js';
import { allNotes, scanInventory, uncoveredTargets, type ScanReport } from '../scan/scan.js';
import { loadVexFile } from '../scan/vex.js';
import type { ScanOptions } from '../scan/scan.js';
import { resolveDbPath } from '../vulndb/paths.js';
import { VulnStore } from '../vulndb/store.js';
import { addFormatOptions, addReportOptions, emitFindings, parseExitCode, reportContext, writeReport, type ReportFlags } from './report-options.js';
import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { collectImageLintFacts } from '../imagelint/facts.js';
import { imageLintRules, lintImage } from '../imagelint/rules.js';
import { resolveConfigPath } from '../vulndb/paths.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';
import { DEFAULT_BENCH_IMAGE } from '../bench/all-nodes.js';
import { nodeScanMessages } from '../image/node-messages.js';
import { listMessage, notesOf } from '../core/message.js';
import { sayOnStderr } from '../i18n/user-errors.js';
import { assertFormatFits } from '../report/formats.js';
import { imageCliMessages as m } from './image-messages.js';
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
      throw new UserError(m.say('scan.flags.epssMin', { value: flags.epssMin }), { hint: m.say('scan.flags.epssMin.hint') });
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

type ScanCommandFlags = ScanFlags & { stack?: string; services?: boolean; concurrency: string; allNodes?: boolean } & AllNodesScanFlags;

/** Several images: read together by the image batch, scanned against one open store, one report with a summary. */
async function scanManyCommand(refs: string[], flags: ScanCommandFlags, exitCode: number): Promise<number> {
  if (flags.input) throw new UserError(m.say('scan.flags.inputOne'));
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UserError(m.say('scan.flags.concurrency', { value: flags.concurrency }));
  const severities = flags.severity ? parseSeverityList(flags.severity) : [...SEVERITIES];
  const ignore = loadIgnoreFile(path.resolve(flags.ignorefile ?? '.swarmguardignore'), flags.ignorefile !== undefined);
  const ranking = rankingOptions(flags);
  const store = VulnStore.open(resolveDbPath(flags.db), { readonly: true });
  try {
    const { scanMany } = await import('../scan/many.js');
    const result = await scanMany({
      refs,
      ...(flags.stack !== undefined ? { stack: flags.stack } : {}),
      ...(flags.services ? { services: true } : {}),
      concurrency,
      scan: (inventory) =>
        scanInventory(store, inventory, { severities, ...(flags.ignoreUnfixed ? { ignoreUnfixed: true } : {}), ...(ignore ? { ignore } : {}), ...ranking }),
      progress: createProgress('scanning images'),
    });
    const ctx = reportContext('image scan', flags);
    await writeReport({ kind: 'images', result, ctx, severities }, flags);
    if (result.failed > 0) return ExitCode.FAILED;
    if (result.incomplete > 0) return ExitCode.NOT_SCANNED;
    return result.findings > 0 ? exitCode : ExitCode.OK;
  } finally {
    store.close();
  }
}

/** One image: its report in the chosen format; part of it not read, or (--fail-on-uncovered) not covered, fails. */
async function scanOneCommand(ref: string | undefined, flags: ScanCommandFlags, exitCode: number): Promise<number> {
  if (ref === undefined && !flags.input) throw new UserError(m.say('scan.args.scanNone'), { hint: m.say('scan.args.scanNone.hint') });
  const { report, severities } = await scanImage(ref ?? '', flags);
  const notScanned = notScannedWarnings(report.inventory.warnings);
  recordManualScan({ ...report, notScanned });
  const ctx = {
    ...reportContext('image scan', flags),
    scanned: [report.ref],
    notes: allNotes(report),
    coverage: coverageOf(report),
  };
  await writeReport({ kind: 'scan', scan: report, ctx, severities, ...(flags.showSuppressed ? { showSuppressed: true } : {}) }, flags);
  // Part of the image not read is never clean, whatever --exit-code says.
  if (notScanned.length > 0) {
    sayOnStderr(scanMessages.say('scan.image.notScanned', { count: notScanned.length, ref: report.ref }));
    return ExitCode.NOT_SCANNED;
  }
  const uncovered = uncoveredTargets(report);
  if (flags.failOnUncovered && uncovered.length > 0) {
    sayOnStderr(scanMessages.say('scan.image.notCovered', { targets: listMessage(uncovered.map((t) => t.label)) }));
    return exitCode !== ExitCode.OK ? exitCode : ExitCode.FINDINGS;
  }
  return report.findings.length > 0 ? exitCode : ExitCode.OK;
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
      if (!Number.isFinite(maxSizeMiB) || maxSizeMiB <= 0) throw new UserError(m.say('scan.flags.maxSize', { value: flags.maxSize }));
      if (ref === undefined && !flags.input) throw new UserError(m.say('scan.args.lintNone'), { hint: m.say('scan.args.lintNone.hint') });
      const facts = await collectImageLintFacts(ref ?? '', flags.input);
      const findings = lintImage(facts, { allowedRegistries: flags.allowedRegistry ?? configuredRegistries(), maxSizeMiB });
      return emitFindings(findings, flags, {
        command: 'image lint',
        rules: imageLintRules.all().map((r) => r.meta),
        scanned: [facts.ref],
        notes: notesOf(facts.warnings),
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
  if (inputs.length > 2) throw new UserError(m.say('scan.diff.inputs'));
  if (inputs.length === 2)
    return [
      { ref: a ?? '', input: inputs[0]! },
      { ref: b ?? '', input: inputs[1]! },
    ];
  if (a === undefined || b === undefined)
    throw new UserError(m.say(inputs.length === 1 ? 'scan.diff.nameArchive' : 'scan.diff.nameTwo'), { hint: m.say('scan.diff.name.hint') });
  return inputs.length === 1
    ? [
        { ref: a, input: inputs[0]! },
        { ref: b, input: inputs[0]! },
      ]
    : [{ ref: a }, { ref: b }];
}

/** The report an `image scan` builds, by its flags: one image, several, or the images of every node. */
function scanKind(refs: readonly string[], flags: Pick<ScanCommandFlags, 'allNodes' | 'stack' | 'services'>): 'scan' | 'images' | 'node-scan' {
  if (flags.allNodes) return 'node-scan';
  return refs.length > 1 || flags.stack !== undefined || flags.services ? 'images' : 'scan';
}

function registerScanCommand(image: Command): void {
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
  addFormatOptions(scan, ['scan', 'images', 'node-scan'], 'output');
  addScanOptions(scan);
  scan.addHelpText(
    'after',
    '\nExamples:\n  $ swarmguard image scan httpd:2.4.47 --severity CRITICAL,HIGH\n  $ swarmguard image scan app:1.2 --ignore-unfixed --exit-code 1 --format sarif -o scan.sarif\n  $ swarmguard image scan --stack shop --severity CRITICAL,HIGH',
  );
  scan.action(
    action(async (refs: string[], flags: ScanCommandFlags) => {
      const exitCode = parseExitCode(flags.exitCode);
      // A format that does not fit what these flags scan is refused before anything is read.
      const kind = scanKind(refs, flags);
      assertFormatFits(flags.format, kind, 'image scan');
      if (kind === 'node-scan') return scanAllNodesCommand(refs, flags, exitCode, rankingOptions(flags));
      if (flags.service !== undefined)
        throw new UserError(nodeScanMessages.say('nodescan.flags.serviceAlone'), { hint: nodeScanMessages.say('nodescan.flags.serviceAlone.hint') });
      return kind === 'images' ? scanManyCommand(refs, flags, exitCode) : scanOneCommand(refs[0], flags, exitCode);
    }),
  );
}

function registerDiffCommand(image: Command): void {
  const diff = image
    .command('diff')
    .description('what image B fixes and what it adds compared with image A, per severity')
    .argument('[a]', 'the image you have (with --input: its name in the archive)')
    .argument('[b]', 'the image you consider (with --input: its name in the archive)')
    .option('--input <file>', 'read A (and B, when given twice) from a docker save tar or OCI layout instead of the engine', collectInputs, []);
  addFormatOptions(diff, 'diff', 'output');
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
      const d = diffScans(ra.report, rb.report);
      const ctx = reportContext('image diff', flags);
      await writeReport({ kind: 'diff', diff: d, a: ra.report, b: rb.report, ctx, severities: ra.severities }, flags);
      // Two images with nothing checked do not "compare equal": say so with the exit code too.
      return d.nothingCompared ? ExitCode.FAILED : ExitCode.OK;
    }),
  );
}

export function registerImageScanCommands(image: Command): void {
  registerImageLintCommand(image);
  registerNodeInventoryCommand(image);
  registerScanCommand(image);
  registerDiffCommand(image);
}
