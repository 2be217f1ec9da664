// The dashboard's pages, rendered on the server (readable without JavaScript). Every value goes through the `html`
// tag (escaped); evidence under a secret-looking name is never shown; every list is paginated.
import { looksLikeSecretName } from '../security/secrets.js';
import { countBySeverity, targetLabel, type Finding, type Reference, type SeverityCounts } from '../core/finding.js';
import { SEVERITIES, VERDICTS, type Verdict } from '../core/severity.js';
import type { AuditRun, BenchSectionResult, ServiceState, StoredFinding } from '../history/audit-runs.js';
import { benchSection } from '../history/audit-runs.js';
import { SECTIONS, cisEntry, isCisVersion, type CisVersion } from '../bench/catalogue.js';
import { localizeFinding } from '../i18n/findings.js';
import { localizeNotes } from '../i18n/notes.js';
import { JA_CIS_SECTIONS, jaCis } from '../i18n/ja/cis.js';
import { currentLocale } from '../i18n/locale.js';
import { t, type MessageId } from '../i18n/messages.js';
import type { ScanRecord } from '../history/store.js';
import { lineChart } from './chart.js';
import { href, html, type HtmlValue, type SafeHtml } from './html.js';
import {
  filterVulns,
  imageIndex,
  newSinceLastScan,
  pageMeta,
  pageNumber,
  paginate,
  parseVulnFilter,
  recentScans,
  runsForCharts,
  scanOfService,
  vulnCounts,
  type ImageEntry,
  type Page,
  type Sources,
} from './model.js';

export interface Rendered {
  status: number;
  title: string;
  body: SafeHtml;
  section: string;
}

const NAV: [string, MessageId][] = [
  ['/', 'dash.nav.overview'],
  ['/services', 'dash.nav.services'],
  ['/images', 'dash.nav.images'],
  ['/nodes', 'dash.nodes'],
  ['/networks', 'dash.nav.networks'],
  ['/runs', 'dash.nav.runs'],
];

export function layout(r: Rendered, meta: { version: string }): SafeHtml {
  return html`<!DOCTYPE html>
    <html lang="${currentLocale()}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${r.title} · swarmguard</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
        <script src="/assets/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#content">Skip to content</a>
        <header>
          <p class="brand">
            <a href="/"><b>swarmguard</b></a> · security dashboard
          </p>
          <p>Read-only view of the history · <span id="live" role="status">reload the page to see new results</span></p>
          <nav aria-label="Sections">
            <ul>
              ${NAV.map(([p, label]) => html`<li><a href="${p}" ${r.section === p ? html` aria-current="page"` : ''}>${t(label)}</a></li>`)}
            </ul>
          </nav>
        </header>
        <main id="content" tabindex="-1">${r.body}</main>
        <footer>swarmguard ${meta.version}</footer>
      </body>
    </html> `;
}

const short = (d: string | null | undefined): string => (d ? (d.startsWith('sha256:') ? `sha256:${d.slice(7, 19)}` : d) : '');
const day = (iso: string): string => iso.slice(0, 10);
const when = (iso: string | null | undefined): string => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

function countCells(c: SeverityCounts | null): SafeHtml {
  return html`${SEVERITIES.map((s) => html`<td class="num ${s}" data-sev="${s}">${c ? c[s] : '–'}</td>`)}`;
}

const countHeads = html`${SEVERITIES.map((s) => html`<th scope="col" class="num ${s}">${s}</th>`)}`;

function cards(c: SeverityCounts, extra: HtmlValue = ''): SafeHtml {
  return html`<ul class="cards">
    ${extra}${SEVERITIES.map((s) => html`<li class="card"><b class="${s}" data-count="${s}">${c[s]}</b><span>${s}</span></li>`)}
  </ul>`;
}

function table(caption: string, head: SafeHtml, rows: readonly SafeHtml[], empty: string): SafeHtml {
  return html`<div class="scroll">
    <table>
      <caption class="muted">
        ${caption}
      </caption>
      <thead>
        <tr>
          ${head}
        </tr>
      </thead>
      <tbody>
        ${
          rows.length > 0
            ? rows
            : html`<tr>
                <td colspan="12">${empty}</td>
              </tr>`
        }
      </tbody>
    </table>
  </div>`;
}

function pager(p: Page<unknown>, base: string, q: URLSearchParams): SafeHtml {
  if (p.pages <= 1) return html`<p class="muted">${p.total} shown</p>`;
  const link = (n: number) => {
    const next = new URLSearchParams(q);
    next.set('page', String(n));
    return `${base}?${next.toString()}`;
  };
  return html`<nav class="pager" aria-label="Pages">
    ${p.page > 1 ? html`<a href="${link(p.page - 1)}" rel="prev">← Previous</a>` : ''}<span>Page ${p.page} of ${p.pages} · ${p.total} in all</span
    >${p.page < p.pages ? html`<a href="${link(p.page + 1)}" rel="next">Next →</a>` : ''}
  </nav>`;
}

const NIST_DOC = 'https://doi.org/10.6028/NIST.SP.800-190';

function referenceLink(r: Reference): SafeHtml {
  switch (r.type) {
    case 'cve':
      return html`<a href="${href(['vulnerabilities', r.id])}">${r.id}</a>`;
    case 'cis-docker':
      return html`<span title="${r.title ?? ''}">CIS Docker Benchmark ${r.id}</span>`;
    case 'nist-800-190':
      return html`<a href="${NIST_DOC}" rel="noopener noreferrer">NIST SP 800-190 §${r.id}</a>`;
    default:
      // https only: no javascript:, data: or clear-text links from advisory data.
      return r.url && /^https:\/\/[^\s"'<>]+$/.test(r.url) ? html`<a href="${r.url}" rel="noopener noreferrer">${r.id}</a>` : html`<span>${r.id}</span>`;
  }
}

/** Evidence as observed, with values under secret-looking names withheld. */
function evidence(f: Finding): SafeHtml {
  const e = Object.entries(f.evidence ?? {});
  if (e.length === 0) return html``;
  return html`<ul class="plain muted">
    ${e.map(([k, v]) => html`<li><code>${k}</code>: ${looksLikeSecretName(k) ? '(not shown)' : Array.isArray(v) ? v.join(', ') : String(v)}</li>`)}
  </ul>`;
}

function findingRow(f: Finding, imageKey?: string): SafeHtml {
  const isVuln = f.category === 'vuln' || /^(CVE|GHSA)-/i.test(f.id);
  const idCell = isVuln ? html`<a href="${href(['vulnerabilities', f.id], { image: imageKey })}">${f.id}</a>` : html`<code>${f.id}</code>`;
  const refs = f.references.filter((r) => !(r.type === 'cve' && r.id === f.id));
  return html`<tr>
    <td class="sev ${f.severity}">${f.severity}</td>
    <td>${idCell}</td>
    <td>${targetLabel(f.target)}</td>
    <td>
      <span class="msg">${f.message}</span
      >${evidence(f)}${f.remediation ? html`<div class="muted">Fix: ${f.remediation}</div>` : ''}${refs.length > 0 ? html`<div class="refs">${refs.map((r, i) => html`${i > 0 ? ' · ' : ''}${referenceLink(r)}`)}</div>` : ''}
    </td>
  </tr>`;
}

const findingHead = html`<th scope="col">Severity</th>
  <th scope="col">Id</th>
  <th scope="col">Target</th>
  <th scope="col">Finding, fix, references</th>`;

function vulnRow(f: Finding, imageKey: string): SafeHtml {
  const v = f.vulnerability;
  return html`<tr>
    <td class="sev ${f.severity}">${f.severity}</td>
    <td><a href="${href(['vulnerabilities', f.id], { image: imageKey })}">${f.id}</a></td>
    <td>${v?.package ?? ''}</td>
    <td>${v?.installedVersion ?? ''}</td>
    <td>${v?.fixedVersion ?? html`<span class="muted">${v?.status ?? ''}</span>`}</td>
    <td>${f.title}</td>
  </tr>`;
}

const vulnHead = html`<th scope="col">Severity</th>
  <th scope="col">Vulnerability</th>
  <th scope="col">Package</th>
  <th scope="col">Installed</th>
  <th scope="col">Fixed in</th>
  <th scope="col">Title</th>`;

const noRun = html`<p>
  No audit run in the history yet. Run <code>swarmguard audit</code> (it records each run), or point <code>--history</code> at the file <code>audit</code>,
  <code>serve</code> and <code>watch</code> write.
</p>`;

export function overviewPage(src: Sources): Rendered {
  const run = src.runs.latest();
  const scans = recentScans(src);
  const series = runsForCharts(src);
  const labels = series.map((r) => day(r.finishedAt));
  const prev = run ? src.runs.previous(run.id) : undefined;
  const changes = run && prev ? src.runs.changes(run.id, prev.id, 20) : undefined;
  const services = run ? [...run.state.services].map((s) => ({ s, c: vulnCounts(scanOfService(scans, s)) })) : [];
  services.sort((a, b) => SEVERITIES.reduce((acc, sev) => acc || (b.c?.[sev] ?? 0) - (a.c?.[sev] ?? 0), 0) || a.s.name.localeCompare(b.s.name));
  const body = html`<h1>Overview</h1>
    ${
      run
        ? html`<p>Latest audit run <a href="${href(['runs', String(run.id)])}">#${run.id}</a>, ${when(run.finishedAt)}: <b>${run.findingCount}</b> findings.</p>
            ${cards(run.counts, html`<li class="card"><b class="score" data-count="score">${run.score}</b><span>score</span></li>`)}
            <div class="grid2">
              ${lineChart({ id: 'score', title: 'Audit score over time (0 to 100, higher is better)', labels, series: [{ name: 'score', className: 'score', values: series.map((r) => r.score) }], yMax: 100 })}
              ${lineChart({ id: 'sev', title: 'Findings per severity over time', labels, series: SEVERITIES.map((s) => ({ name: s, className: s, values: series.map((r) => r.counts[s]) })) })}
            </div>
            <h2>Since the previous run</h2>
            ${
              changes && prev
                ? html`<p id="changes">
                      <b>${changes.addedTotal}</b> new and <b>${changes.resolvedTotal}</b> resolved since run
                      <a href="${href(['runs', String(prev.id)])}">#${prev.id}</a> (${when(prev.finishedAt)}); score ${prev.score} → ${run.score}.
                    </p>
                    ${
                      changes.added.length > 0
                        ? table(
                            'New findings (most severe first)',
                            findingHead,
                            changes.added.map((x) => findingRow(x.finding)),
                            '',
                          )
                        : ''
                    }`
                : html`<p>This is the first run in the history.</p>`
            }
            <h2>Coverage gaps</h2>
            ${
              run.coverage.length > 0
                ? html`<ul class="plain" id="coverage">
                    ${localizeNotes(run.coverage, currentLocale()).map((c) => html`<li>${c}</li>`)}
                  </ul>`
                : html`<p>Every part was checked.</p>`
            }`
        : noRun
    }
    <h2>Services by vulnerabilities</h2>
    ${table(
      'Newest scan of each service image',
      html`<th scope="col">Service</th>
        <th scope="col">Image</th>
        ${countHeads}`,
      services.slice(0, 10).map(
        ({ s, c }) =>
          html`<tr>
            <td><a href="${href(['services', s.name])}">${s.name}</a></td>
            <td>${s.image}</td>
            ${countCells(c)}
          </tr>`,
      ),
      'no services recorded',
    )}
    ${services.length > 10 ? html`<p><a href="/services">All ${services.length} services</a></p>` : ''}
    <h2>Latest scans</h2>
    ${scansTable('Scans by serve, watch and image scan, newest first', scans.slice(0, 10), 'no scans yet')}`;
  return { status: 200, title: 'Overview', body, section: '/' };
}

/** Scans with when, image, trigger, status and counts per severity (the overview and an image's page). */
function scansTable(caption: string, scans: readonly ScanRecord[], empty: string): SafeHtml {
  return table(
    caption,
    html`<th scope="col">When</th>
      <th scope="col">Image</th>
      <th scope="col">Trigger</th>
      <th scope="col">Status</th>
      ${countHeads}`,
    scans.map(scanRow),
    empty,
  );
}

function scanRow(s: ScanRecord): SafeHtml {
  return html`<tr class="scan" data-scan="${s.id}">
    <td>${when(s.finishedAt ?? s.queuedAt)}</td>
    <td><a href="${href(['images', s.digest])}">${s.repository}${s.tag ? `:${s.tag}` : ''}</a> <span class="muted">${short(s.digest)}</span></td>
    <td>${s.trigger}${s.origin ? html` <span class="muted">(${s.origin})</span>` : ''}</td>
    <td>${s.status}${s.error ? html` <span class="muted">${s.error}</span>` : ''}</td>
    ${countCells(s.counts)}
  </tr>`;
}

/** "2 of 3 running", or the desired count alone when the engine did not say how many run. */
function replicasText(s: ServiceState): string {
  const desired = s.mode === 'global' ? 'global' : String(s.replicas ?? '');
  return typeof s.running === 'number' ? `${s.running} running, ${desired}${s.mode === 'global' ? '' : ' desired'}` : desired;
}

function networksCell(s: ServiceState): SafeHtml {
  return html`${s.networks.map((n, i) => html`${i > 0 ? ', ' : ''}${n.name} <span class="badge ${n.encrypted ? 'ok' : 'bad'}">${n.encrypted ? 'encrypted' : 'not encrypted'}</span>`)}`;
}

export function servicesPage(src: Sources, q: URLSearchParams): Rendered {
  const run = src.runs.latest();
  const scans = recentScans(src);
  const p = paginate(
    [...(run?.state.services ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    pageNumber(q),
  );
  const body = html`<h1>Services</h1>
    ${run ? html`<p>As of audit run <a href="${href(['runs', String(run.id)])}">#${run.id}</a> (${when(run.finishedAt)}). Vulnerabilities from the newest scan of each image.</p>` : noRun}
    ${table(
      'Services',
      html`<th scope="col">Service</th>
        <th scope="col">Image</th>
        <th scope="col">Replicas</th>
        <th scope="col">Networks</th>
        <th scope="col" class="num">Spec findings</th>
        ${countHeads}`,
      p.items.map(
        (s) =>
          html`<tr>
            <td><a href="${href(['services', s.name])}">${s.name}</a></td>
            <td>${s.image} <span class="muted">${short(s.digest)}</span></td>
            <td>${replicasText(s)}</td>
            <td>${networksCell(s)}</td>
            <td class="num">${run ? src.runs.findings({ runId: run.id, targetKind: 'service', targetName: s.name, limit: 1 }).total : ''}</td>
            ${countCells(vulnCounts(scanOfService(scans, s)))}
          </tr>`,
      ),
      'no services recorded',
    )}
    ${pager(p, '/services', q)}`;
  return { status: 200, title: 'Services', body, section: '/services' };
}

export function servicePage(src: Sources, name: string, q: URLSearchParams): Rendered {
  const run = src.runs.latest();
  const svc = run?.state.services.find((s) => s.name === name);
  if (!run || !svc) return notFound(`No service "${name}" in the latest audit run.`, '/services');
  const scans = recentScans(src);
  const scan = scanOfService(scans, svc);
  const imageKey = scan?.digest ?? svc.digest ?? svc.image;
  const lint = src.runs.findings({ runId: run.id, targetKind: 'service', targetName: svc.name, offset: (pageNumber(q) - 1) * 25, limit: 25 });
  const fresh = scan ? newSinceLastScan(src, scan) : undefined;
  const body = html`<h1>Service ${svc.name}</h1>
    <dl class="facts">
      <dt>Image</dt>
      <dd><a href="${href(['images', imageKey])}" id="image-link">${svc.image}</a></dd>
      <dt>Digest</dt>
      <dd><code>${svc.digest ?? scan?.digest ?? 'not pinned'}</code></dd>
      <dt>Stack</dt>
      <dd>${svc.stack ?? '–'}</dd>
      <dt>Replicas</dt>
      <dd>${replicasText(svc)}${svc.mode === 'global' ? ' (one per node)' : ''}</dd>
      <dt>Networks</dt>
      <dd>${svc.networks.length > 0 ? networksCell(svc) : 'none'}</dd>
      <dt>Published ports</dt>
      <dd>${svc.ports.join(', ') || 'none'}</dd>
    </dl>
    <h2>Vulnerabilities</h2>
    ${
      scan
        ? html`<p>Scan #${scan.id} of ${scan.repository}${scan.tag ? `:${scan.tag}` : ''}, ${when(scan.finishedAt)} (${scan.trigger}).</p>
            ${cards(vulnCounts(scan) ?? countBySeverity([]))}
            <h3>New since the last scan</h3>
            ${
              fresh?.previous
                ? fresh.findings.length > 0
                  ? table(
                      `New since scan #${fresh.previous.id}`,
                      vulnHead,
                      fresh.findings.slice(0, 25).map((f) => vulnRow(f, imageKey)),
                      '',
                    )
                  : html`<p>Nothing new since scan #${fresh.previous.id}.</p>`
                : html`<p>This is the first scan of this repository.</p>`
            }`
        : html`<p>No scan of this image in the history yet.</p>`
    }
    <h2>Findings on the service spec</h2>
    ${table(
      `Audit run #${run.id}`,
      findingHead,
      lint.items.map((x) => findingRow(x.finding)),
      'none',
    )}
    ${pager(pageMeta(lint.total, pageNumber(q)), href(['services', svc.name]), q)}`;
  return { status: 200, title: `Service ${svc.name}`, body, section: '/services' };
}

export function imagesPage(src: Sources, q: URLSearchParams): Rendered {
  const scans = recentScans(src);
  const all = imageIndex(src, scans, src.runs.latest());
  const p = paginate(all, pageNumber(q));
  const body = html`<h1>Images</h1>
    ${table(
      'Every scanned digest and every image the services run',
      html`<th scope="col">Image</th>
        <th scope="col">Digest</th>
        <th scope="col">Services</th>
        <th scope="col" class="num">Scans</th>
        ${countHeads}`,
      p.items.map(
        (e: ImageEntry) =>
          html`<tr>
            <td><a href="${href(['images', e.key])}">${e.repository}${e.tag ? `:${e.tag}` : ''}</a></td>
            <td><code>${short(e.digest)}</code></td>
            <td>${e.services.join(', ')}</td>
            <td class="num">${e.scanCount}</td>
            ${countCells(vulnCounts(e.latestScan))}
          </tr>`,
      ),
      'no images yet',
    )}
    ${pager(p, '/images', q)}`;
  return { status: 200, title: 'Images', body, section: '/images' };
}

export function imagePage(src: Sources, key: string, q: URLSearchParams): Rendered {
  const scans = recentScans(src);
  const entry = imageIndex(src, scans, src.runs.latest()).find((e) => e.key === key);
  if (!entry) return notFound(`No image ${key} in the history.`, '/images');
  const history = scans.filter((s) => s.digest === key);
  const scan = entry.latestScan;
  const filter = parseVulnFilter(q);
  const vulns = scan ? filterVulns(scan.findings, filter) : [];
  const p = paginate(vulns, pageNumber(q));
  const base = href(['images', key]);
  const body = html`<h1>Image ${entry.repository}${entry.tag ? `:${entry.tag}` : ''}</h1>
    <dl class="facts">
      <dt>Digest</dt>
      <dd><code>${entry.digest ?? 'unknown'}</code></dd>
      <dt>Services</dt>
      <dd>
        ${entry.services.length > 0 ? entry.services.map((s, i) => html`${i > 0 ? ', ' : ''}<a href="${href(['services', s])}">${s}</a>`) : 'none in the latest audit'}
      </dd>
      <dt>SBOM</dt>
      <dd>
        <a href="${href(['images', key, 'sbom.cdx.json'])}" download>CycloneDX JSON</a> <span class="muted">(read from the image on this node when asked)</span>
      </dd>
    </dl>
    <h2>Vulnerabilities</h2>
    ${
      scan
        ? html`<p>Newest scan #${scan.id}, ${when(scan.finishedAt)}.</p>
            ${cards(vulnCounts(scan) ?? countBySeverity([]))}
            <form class="filters" method="get" action="${base}" role="search" aria-label="Filter vulnerabilities">
              <label for="f-sev"
                >Severity<select id="f-sev" name="severity">
                  <option value="">any</option>
                  ${SEVERITIES.map((s) => html`<option${filter.severities.length === 1 && filter.severities[0] === s ? html` selected` : ''}>${s}</option>`)}
                </select></label
              >
              <label for="f-pkg">Package<input id="f-pkg" name="package" type="search" value="${filter.pkg}" /></label>
              <label for="f-fixed"
                ><span>Fixed only</span><input id="f-fixed" name="fixed" type="checkbox" value="1" ${filter.fixedOnly ? html` checked` : ''}
              /></label>
              <button type="submit">Filter</button>
            </form>
            ${table(
              `${vulns.length} of ${scan.findings.filter((f) => f.category === 'vuln').length} vulnerabilities`,
              vulnHead,
              p.items.map((f) => vulnRow(f, key)),
              'none match',
            )}
            ${pager(p, base, q)}`
        : html`<p>No finished scan of this image yet.</p>`
    }
    <h2>Scans</h2>
    ${scansTable('Scans of this digest, newest first', history.slice(0, 50), 'none')}`;
  return { status: 200, title: `Image ${entry.repository}`, body, section: '/images' };
}

export function vulnerabilityPage(src: Sources, id: string, q: URLSearchParams): Rendered {
  const scans = recentScans(src);
  const images = imageIndex(src, scans, src.runs.latest());
  const want = q.get('image') ?? '';
  const hits = images.flatMap((e) => (e.latestScan?.findings ?? []).filter((f) => f.id === id).map((f) => ({ e, f })));
  hits.sort((a, b) => Number(b.e.key === want) - Number(a.e.key === want));
  if (hits.length === 0) return notFound(`${id} is not in the newest scan of any image.`, '/images');
  const first = hits[0]!.f;
  const refs = first.references;
  const body = html`<h1>${id}</h1>
    <p class="sev ${first.severity}" id="vuln-severity">${first.severity}</p>
    <p>${first.title}</p>
    ${first.remediation ? html`<p>Fix: ${first.remediation}</p>` : ''}
    <h2>Affected packages</h2>
    ${table(
      'In the newest scan of each image',
      html`<th scope="col">Image</th>
        <th scope="col">Package</th>
        <th scope="col">Installed</th>
        <th scope="col">Fixed in</th>
        <th scope="col">Status</th>
        <th scope="col">Services</th>`,
      hits.slice(0, 100).map(
        ({ e, f }) =>
          html`<tr class="${e.key === want ? 'current' : ''}">
            <td><a href="${href(['images', e.key])}">${e.repository}${e.tag ? `:${e.tag}` : ''}</a></td>
            <td class="pkg">${f.vulnerability?.package ?? ''}</td>
            <td class="installed">${f.vulnerability?.installedVersion ?? ''}</td>
            <td class="fixed">${f.vulnerability?.fixedVersion ?? ''}</td>
            <td>${f.vulnerability?.status ?? ''}</td>
            <td>${e.services.join(', ')}</td>
          </tr>`,
      ),
      '',
    )}
    <h2>References</h2>
    <ul class="plain">
      ${refs.length > 0 ? refs.map((r) => html`<li>${r.type === 'cve' ? html`${r.id}${r.url ? html` · <a href="${r.url}" rel="noopener noreferrer">${r.url}</a>` : ''}` : referenceLink(r)}</li>`) : html`<li>none recorded</li>`}
    </ul>`;
  return { status: 200, title: id, body, section: '/images' };
}

/** A sentence of the locale with markup put in its `{name}` places (the text around them is escaped). */
function sentence(id: MessageId, parts: Readonly<Record<string, HtmlValue>>, data: Record<string, string | number> = {}): SafeHtml {
  const pieces = t(id, data).split(/\{([A-Za-z][A-Za-z0-9_]*)\}/);
  return html`${pieces.map((p, i) => (i % 2 === 1 ? (parts[p] ?? `{${p}}`) : p))}`;
}

const VERDICT_CLASS: Readonly<Record<Verdict, string>> = { PASS: 'pass', WARN: 'HIGH', INFO: 'muted', NOTE: 'MEDIUM' };

/** PASS/WARN/INFO/NOTE counts of one node's section; WARN links to its findings. Runs that kept only WARNs show "–". */
function verdictCell(r: BenchSectionResult | undefined, link: string): SafeHtml {
  if (!r) return html`<td class="num muted">–</td>`;
  const count = (v: Verdict) => (r.verdicts ? r.verdicts.filter((x) => x.verdict === v).length : v === 'WARN' ? r.warn : undefined);
  return html`<td class="num verdicts">
    ${VERDICTS.map((v) => {
      const n = count(v);
      const text = html`<abbr title="${v}">${v[0]}</abbr> ${n ?? '–'}`;
      return html`<span class="${VERDICT_CLASS[v]}" data-verdict="${v}">${v === 'WARN' && (n ?? 0) > 0 ? html`<a href="${link}">${text}</a>` : text}</span> `;
    })}
  </td>`;
}

/** Every verdict of one node, by section: id, verdict, the official title (with the reader's-language explanation). */
function verdictList(node: string, results: readonly BenchSectionResult[], version: CisVersion = '1.6.0'): SafeHtml {
  const rows = results.flatMap((r) => r.verdicts ?? []);
  if (rows.length === 0) return html``;
  const explain = (id: string): string => {
    const ja = currentLocale() === 'ja' ? jaCis(id, version) : undefined;
    const title = cisEntry(version, id)?.title ?? '';
    return ja ? `${title}（${ja}）` : title;
  };
  return html`<details class="verdicts" data-node="${node}">
    <summary>${t('dash.nodes.list', { node, count: rows.length })}</summary>
    ${table(
      t('dash.nodes.listCaption', { node }),
      html`<th scope="col">${t('dash.nodes.check')}</th>
        <th scope="col">${t('dash.nodes.verdict')}</th>
        <th scope="col">${t('dash.nodes.recommendation')}</th>`,
      rows.map(
        (x) =>
          html`<tr data-verdict="${x.verdict}">
            <td>${x.id}</td>
            <td class="${VERDICT_CLASS[x.verdict]}">${x.verdict}</td>
            <td>${explain(x.id)}</td>
          </tr>`,
      ),
      '',
    )}
  </details>`;
}

export function nodesPage(src: Sources): Rendered {
  const title = t('dash.nodes');
  const run = src.runs.latest();
  if (!run)
    return {
      status: 200,
      title,
      body: html`<h1>${title}</h1>
        ${noRun}`,
      section: '/nodes',
    };
  const sections = [...new Set(run.bench.map((b) => b.section))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const locale = currentLocale();
  const nodeFindings = (host: string) =>
    src.runs.findings({ runId: run.id, targetKind: 'node', targetName: host, limit: 200 }).items.filter((x) => x.finding.category !== 'bench');
  const benchChecked = run.checked.filter((c) => c.startsWith('CIS Docker Benchmark'));
  // The version the run's benchmark step names ("CIS Docker Benchmark 1.8.0 on …"); runs before versions were 1.6.0.
  const cisVersion = benchChecked.map((c) => /^CIS Docker Benchmark (\S+)/.exec(c)?.[1] ?? '').find(isCisVersion) ?? '1.6.0';
  const benchNodes = [...new Set([...run.state.nodes.map((n) => n.hostname), ...run.bench.map((b) => b.node)])];
  const allVerdicts = run.bench.some((b) => b.verdicts !== undefined);
  const sectionName = (s: string) => (locale === 'ja' ? (JA_CIS_SECTIONS[s] ?? SECTIONS[s] ?? '') : (SECTIONS[s] ?? ''));
  const body = html`<h1>${title}</h1>
    <p>${sentence('dash.asOfRun', { run: html`<a href="${href(['runs', String(run.id)])}">#${run.id}</a>` }, { when: when(run.finishedAt) })}</p>
    ${table(
      t('dash.nodes.caption'),
      html`<th scope="col">${t('dash.nodes.node')}</th>
        <th scope="col">${t('dash.nodes.role')}</th>
        <th scope="col">${t('dash.nodes.state')}</th>
        <th scope="col">${t('dash.nodes.availability')}</th>
        <th scope="col">${t('dash.nodes.engine')}</th>
        <th scope="col">${t('dash.nodes.address')}</th>`,
      run.state.nodes.map(
        (n) =>
          html`<tr>
            <td>${n.hostname}</td>
            <td>${n.role}${n.leader ? ` (${t('dash.nodes.leader')})` : ''}</td>
            <td>${n.state}</td>
            <td>${n.availability}</td>
            <td>${n.engineVersion}</td>
            <td>${n.address}</td>
          </tr>`,
      ),
      t('dash.nodes.none'),
    )}
    <h2>${t('dash.nodes.benchTitle', { version: cisVersion })}</h2>
    <p class="muted">
      ${
        benchChecked.length > 0
          ? `${t('dash.nodes.benchRan', { parts: benchChecked.join('; ') })} ${allVerdicts ? t('dash.nodes.benchLegend') : t('dash.nodes.benchWarnOnly')}`
          : t('dash.nodes.benchNone')
      }
    </p>
    ${table(
      t('dash.nodes.benchCaption'),
      html`<th scope="col">${t('dash.nodes.node')}</th>
        ${sections.map((s) => html`<th scope="col" class="num">${s} <span class="muted">${sectionName(s)}</span></th>`)}`,
      benchNodes.map(
        (node) =>
          html`<tr data-node="${node}">
            <td>${node}</td>
            ${sections.map((s) =>
              verdictCell(
                run.bench.find((b) => b.node === node && b.section === s),
                href(['runs', String(run.id)], { target: node, section: s }),
              ),
            )}
          </tr>`,
      ),
      t('dash.nodes.benchEmpty'),
    )}
    ${benchNodes.map((node) =>
      verdictList(
        node,
        run.bench.filter((b) => b.node === node),
        cisVersion,
      ),
    )}
    <h2>${t('dash.nodes.networkTitle')}</h2>
    ${table(
      t('dash.nodes.networkCaption'),
      findingHead,
      run.state.nodes.flatMap((n) => nodeFindings(n.hostname).map((x) => findingRow(localizeFinding(x.finding, locale)))),
      t('dash.nodes.networkNone'),
    )}`;
  return { status: 200, title, body, section: '/nodes' };
}

export function networksPage(src: Sources): Rendered {
  const run = src.runs.latest();
  if (!run)
    return {
      status: 200,
      title: 'Networks',
      body: html`<h1>Networks</h1>
        ${noRun}`,
      section: '/networks',
    };
  const findings = src.runs.findings({ runId: run.id, targetKind: 'network', limit: 200 });
  const body = html`<h1>Networks</h1>
    <p>
      Overlays as of audit run <a href="${href(['runs', String(run.id)])}">#${run.id}</a>. <b>ingress</b> carries published ports between nodes (the routing
      mesh); encrypting it is not supported by <code>docker network create</code> alone, so publish in <code>host</code> mode or keep service traffic on
      encrypted overlays.
    </p>
    ${table(
      'Overlay networks',
      html`<th scope="col">Network</th>
        <th scope="col">Encryption</th>
        <th scope="col">Kind</th>
        <th scope="col">Services attached</th>`,
      run.state.networks.map(
        (n) =>
          html`<tr>
            <td>${n.name}</td>
            <td><span class="badge ${n.encrypted ? 'ok' : 'bad'}">${n.encrypted ? 'encrypted' : 'not encrypted'}</span></td>
            <td>
              ${n.ingress ? 'ingress (routing mesh)' : [n.internal ? 'internal' : 'overlay', n.attachable ? 'attachable' : ''].filter(Boolean).join(', ')}
            </td>
            <td>${n.services.map((s, i) => html`${i > 0 ? ', ' : ''}<a href="${href(['services', s])}">${s}</a>`)}</td>
          </tr>`,
      ),
      'no overlays recorded',
    )}
    <h2>Findings on networks</h2>
    ${table(
      `Audit run #${run.id}`,
      findingHead,
      findings.items.map((x) => findingRow(x.finding)),
      'none',
    )}`;
  return { status: 200, title: 'Networks', body, section: '/networks' };
}

export function runsPage(src: Sources, q: URLSearchParams): Rendered {
  const total = src.runs.count();
  const p = pageMeta(total, pageNumber(q));
  const runs = src.runs.list(p.size, (p.page - 1) * p.size);
  const body = html`<h1>Audit runs</h1>
    ${table(
      'Newest first',
      html`<th scope="col">Run</th>
        <th scope="col">When</th>
        <th scope="col" class="num">Score</th>
        ${countHeads}
        <th scope="col">Not checked</th>`,
      runs.map(
        (r: AuditRun) =>
          html`<tr>
            <td><a href="${href(['runs', String(r.id)])}">#${r.id}</a></td>
            <td>${when(r.finishedAt)}</td>
            <td class="num">${r.score}</td>
            ${countCells(r.counts)}
            <td>${r.coverage.length}</td>
          </tr>`,
      ),
      'no runs yet',
    )}
    ${pager(p, '/runs', q)}`;
  return { status: 200, title: 'Audit runs', body, section: '/runs' };
}

export function runPage(src: Sources, idText: string, q: URLSearchParams): Rendered {
  const run = /^\d{1,12}$/.test(idText) ? src.runs.get(Number(idText)) : undefined;
  if (!run) return notFound(`No audit run ${idText}.`, '/runs');
  const severities = q.getAll('severity').filter(Boolean);
  const target = q.get('target') ?? undefined;
  const section = q.get('section') ?? undefined;
  const page = pageNumber(q);
  let result: { total: number; items: StoredFinding[] };
  if (section) {
    const all = src.runs
      .findings({ runId: run.id, category: 'bench', ...(target ? { targetName: target } : {}), severities, limit: 500 })
      .items.filter((x) => benchSection(x.finding.id) === section);
    const p = paginate(all, page);
    result = { total: all.length, items: p.items };
  } else result = src.runs.findings({ runId: run.id, ...(target ? { targetName: target } : {}), severities, offset: (page - 1) * 25, limit: 25 });
  const base = href(['runs', String(run.id)]);
  const body = html`<h1>Audit run #${run.id}</h1>
    <p>${when(run.finishedAt)} · swarmguard ${run.toolVersion} · checked: ${run.checked.join('; ') || 'nothing'}</p>
    ${cards(run.counts, html`<li class="card"><b class="score">${run.score}</b><span>score</span></li>`)}
    ${
      run.coverage.length > 0
        ? html`<h2>Not checked</h2>
            <ul class="plain">
              ${localizeNotes(run.coverage, currentLocale()).map((c) => html`<li>${c}</li>`)}
            </ul>`
        : ''
    }
    <h2>Findings</h2>
    <form class="filters" method="get" action="${base}" role="search" aria-label="Filter findings">
      <label for="r-sev"
        >Severity<select id="r-sev" name="severity">
          <option value="">any</option>
          ${SEVERITIES.map((s) => html`<option${severities.length === 1 && severities[0] === s ? html` selected` : ''}>${s}</option>`)}
        </select></label
      >
      <label for="r-target">Target<input id="r-target" name="target" type="search" value="${target ?? ''}" /></label>
      ${section ? html`<input type="hidden" name="section" value="${section}" />` : ''}
      <button type="submit">Filter</button>
    </form>
    ${table(
      `${result.total} finding(s)${section ? ` in CIS section ${section}` : ''}`,
      findingHead,
      result.items.map((x) => findingRow(x.finding)),
      'none',
    )}
    ${pager(pageMeta(result.total, page), base, q)}`;
  return { status: 200, title: `Audit run #${run.id}`, body, section: '/runs' };
}

export function notFound(message: string, section = ''): Rendered {
  return {
    status: 404,
    title: 'Not found',
    body: html`<h1>Not found</h1>
      <p>${message}</p>
      <p><a href="/">Back to the overview</a></p>`,
    section,
  };
}
