// The `stack verify` table in the reader's language: services, networks and each probe pair with its result and
// diagnosis. Names, addresses and ports are shown as they are; colour follows the result.
import { visibleStyled } from '../core/sanitize.js';
import { renderTable } from '../core/table.js';
import { createStyler } from '../core/style.js';
import { currentLocale } from '../i18n/locale.js';
import { JA_PROBE_STATUS } from '../i18n/ja/verify.js';
import { t } from '../i18n/messages.js';
import { inLocale } from '../i18n/user-errors.js';
import type { Message } from '../core/message.js';
import type { VerifyResult } from '../stack/verify.js';

export function verifyText(r: VerifyResult, color: boolean): string {
  const s = createStyler(color);
  const ja = currentLocale() === 'ja';
  const status = (x: string) => (ja ? (JA_PROBE_STATUS[x] ?? x) : x);
  const out: string[] = [];
  out.push(
    renderTable(
      [t('verify.service'), t('verify.mode'), t('verify.endpoint'), t('verify.running'), t('verify.ports')],
      r.snapshot.services.map((x) => [
        x.name,
        x.mode,
        x.endpointMode,
        x.running >= x.desired ? s.green(`${x.running}/${x.desired}`) : s.red(`${x.running}/${x.desired}`),
        x.ports.length ? (ja ? `${x.ports.join(',')}（${said(x.portSourceSaid, x.portSource)}）` : `${x.ports.join(',')} (${x.portSource})`) : '-',
      ]),
    ),
  );
  out.push('');
  out.push(
    renderTable(
      [t('verify.network'), t('verify.encrypted')],
      r.snapshot.networks.map((n) => [n.name, n.encrypted ? s.green(t('verify.yes')) : s.red(t('verify.no'))]),
    ),
  );
  out.push('');
  if (r.pairs.length === 0) {
    out.push(s.dim(t('verify.noPairs')));
  } else {
    out.push(
      renderTable(
        [t('verify.from'), t('verify.node'), t('verify.to'), t('verify.result'), t('verify.detail')],
        r.pairs.map((p) => [
          `${p.from.service}${p.from.slot !== undefined ? `.${p.from.slot}` : ''}`,
          p.from.node,
          `${p.to.service}${p.to.port ? `:${p.to.port}` : ''}`,
          p.status === 'OK' ? s.green(status('OK')) : p.status === 'DNS only' ? s.yellow(status(p.status)) : s.red(status(p.status)),
          p.cause !== undefined ? said(p.causeSaid, p.cause) : said(p.detailSaid, p.detail),
        ]),
      ),
    );
  }
  return visibleStyled(`${out.join('\n')}\n\n`, true);
}

/** A message in the reader's language; the English as it is where a result was made without one. */
const said = (m: Message | undefined, english: string): string => (m === undefined ? english : inLocale(m));
