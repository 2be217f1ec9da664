// The dashboard's only stylesheet and script, served by the dashboard itself (no CDN, nothing inline: the CSP
// allows 'self' and nothing else). The look follows the audit HTML report (src/report/html.ts).
import { createHash } from 'node:crypto';

export const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
a{color:#0b57a4}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;color:#1d2330;padding:8px 12px;z-index:10}.skip:focus{left:8px}
header{background:#1d2330;color:#fff;padding:14px 28px}header .brand{margin:0;font-size:20px;color:#fff}header .brand a{color:#fff;text-decoration:none}
header p{margin:4px 0 0;color:#c9cfda}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 18px;margin:10px 0 0;padding:0}nav a{color:#fff;text-decoration:none;padding:2px 0;border-bottom:2px solid transparent}
nav a:hover,nav a[aria-current=page]{border-bottom-color:#f0b400}
main{padding:20px 28px;max-width:1280px}
h2{font-size:18px;margin:22px 0 10px}h3{font-size:15px;margin:16px 0 8px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:18px;padding:0;list-style:none}
.card{background:#fff;border-radius:8px;padding:12px 16px;min-width:110px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card b{display:block;font-size:26px}.card span{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#4a5464}
.CRITICAL{color:#8e1b8e}.HIGH{color:#c62828}.MEDIUM{color:#9a5b00}.LOW{color:#1565c0}.UNKNOWN{color:#5b5f8a}.INFO{color:#55606e}.pass{color:#1a7f37}.verdicts span{white-space:nowrap}.score{color:#1d2330}
.scroll{overflow-x:auto;margin-bottom:18px;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{padding:7px 10px;border-bottom:1px solid #eceef2;text-align:left;vertical-align:top}
thead th{background:#fafbfc;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#55606e}.sev{font-weight:600}code{background:#eef0f4;padding:1px 4px;border-radius:4px;word-break:break-all}
.badge{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;font-weight:600;border:1px solid currentColor}
.ok{color:#1b6e2e}.bad{color:#c62828}
.filters{display:flex;gap:10px 14px;align-items:end;flex-wrap:wrap;margin:10px 0;background:#fff;padding:10px 12px;border-radius:8px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#4a5464}
input,select,button{font:inherit;padding:5px 8px;border:1px solid #8a93a3;border-radius:6px;background:#fff;color:#1d2330}
button{background:#1d2330;color:#fff;border-color:#1d2330;cursor:pointer}
.pager{display:flex;gap:14px;align-items:center;margin:6px 0 18px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:18px}
.chart{margin:0 0 18px;background:#fff;border-radius:8px;padding:10px 12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.chart svg{width:100%;height:auto;display:block}
.chart .grid{stroke:#e2e5ea}.chart .axis{font-size:11px;fill:#4a5464}
.chart .series polyline{stroke-width:2.5;stroke:currentColor}.chart .series circle{fill:currentColor}
.chart figcaption{font-size:12px;color:#4a5464}.key::before{content:"";display:inline-block;width:10px;height:10px;margin-right:4px;background:currentColor;border-radius:2px}
.chart details{margin-top:6px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;background:#fff;padding:12px 16px;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
ul.plain{padding-left:18px}
footer{padding:10px 28px 24px;color:#55606e;font-size:12px}
@media (max-width:640px){header,main,footer{padding-left:14px;padding-right:14px}.card{min-width:90px;padding:8px 12px}.card b{font-size:20px}input[type=search]{min-width:0}}
`;

export const SCRIPT = `// Live updates: when the history changes (a scan by serve or watch, an audit run), fetch this page again
// and swap its <main>, without a reload. Reading works without this script.
(function () {
  var status = document.getElementById('live');
  if (!status || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/html' } })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(new Error('HTTP ' + res.status)); })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, 'text/html').querySelector('main');
        var cur = document.querySelector('main');
        if (!next || !cur) return;
        var focused = document.activeElement && document.activeElement.id;
        cur.replaceWith(document.importNode(next, true));
        if (focused) { var f = document.getElementById(focused); if (f) f.focus(); }
        status.textContent = 'Updated ' + new Date().toLocaleTimeString();
        document.documentElement.dataset.updates = String(Number(document.documentElement.dataset.updates || 0) + 1);
      })
      .catch(function () { status.textContent = 'Could not refresh; reload the page'; })
      .then(function () { busy = false; if (again) { again = false; refresh(); } });
  }
  var es = new EventSource('/events');
  es.addEventListener('open', function () { status.textContent = 'Live'; document.documentElement.dataset.live = 'open'; });
  es.addEventListener('change', refresh);
  es.addEventListener('error', function () { status.textContent = 'Live updates paused, reconnecting'; });
})();
`;

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d2330"/><path d="M16 5l9 4v6c0 6-4 10-9 12-5-2-9-6-9-12V9z" fill="#f0b400"/></svg>`;

export interface Asset {
  type: string;
  body: string;
  etag: string;
}

function asset(type: string, body: string): Asset {
  return { type, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  ['/assets/app.css', asset('text/css; charset=utf-8', CSS)],
  ['/assets/app.js', asset('text/javascript; charset=utf-8', SCRIPT)],
  ['/assets/icon.svg', asset('image/svg+xml', ICON)],
]);
