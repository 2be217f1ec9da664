// The English of what serve, watch and `self init` say when they refuse something, by id (src/i18n/ja/autoscan.ts
// says it in Japanese). Flags, files, hosts, references and numbers are values, put in as they are.
import { defineMessages } from '../core/message.js';

export const autoscanMessages = defineMessages({
  // --notify (src/autoscan/notify.ts)
  'autoscan.notify.notUrl': '--notify: not a URL',
  'autoscan.notify.notUrl.hint': 'give an http(s) URL, e.g. https://hooks.example/swarmguard',
  'autoscan.notify.protocol': '--notify: only http and https URLs are supported, not {protocol}',
  'autoscan.notify.credentials': '--notify: the URL carries credentials (user:password@), which are never sent or logged',
  'autoscan.notify.credentials.hint': 'put the token in the URL path, as chat webhooks do, or put a proxy in front that adds the header',
  // registry notifications (src/autoscan/registry-events.ts, src/autoscan/server.ts)
  'autoscan.registry.notEnvelope': 'not a registry notification envelope: expected {expected}',
  'autoscan.server.needsAuth': 'the notification endpoint needs authentication: a bearer token or mutual TLS',
  // the scan of a job (src/autoscan/scanner.ts)
  'autoscan.scan.unreadable': 'cannot read {ref}: not on this engine ({error}), and from its registry: {error2}',
  // tokens and TLS of serve and the dashboard (src/autoscan/serve-auth.ts)
  'autoscan.token.where.serve': 'the serve token',
  'autoscan.token.where.dashboard': 'the dashboard token',
  'autoscan.token.where.kept.serve': 'the kept serve token',
  'autoscan.token.where.kept.dashboard': 'the kept dashboard token',
  'autoscan.token.short': '{where}: the token is {n} byte(s) long; at least {min} are needed',
  'autoscan.token.short.hint': 'make one with: openssl rand -base64 33 > FILE && chmod 600 FILE',
  'autoscan.token.unreadable': '{where}: cannot read {file}: {error}',
  'autoscan.token.notFile': '{where}: {file} is not a regular file',
  'autoscan.token.otherOwner': '{where}: {file} belongs to another user (uid {uid})',
  'autoscan.token.otherOwner.hint': 'use a token file you own',
  'autoscan.token.readable': '{where}: {file} can be read by others (mode {mode})',
  'autoscan.token.readable.hint': 'chmod 600 {file}',
  'autoscan.token.cannotCreate.serve': 'cannot create the serve token file {file}: {error}',
  'autoscan.token.cannotCreate.dashboard': 'cannot create the dashboard token file {file}: {error}',
  'autoscan.token.cannotCreate.hint': 'give --token-file',
  'autoscan.tls.pair': '--tls-cert and --tls-key go together',
  'autoscan.tls.caNeedsHttps': '--tls-ca needs --tls-cert and --tls-key: client certificates are only checked over HTTPS',
  'autoscan.tls.caNeedsHttps.hint': 'give all three for mutual TLS, or --token-file for a bearer token',
  'autoscan.tls.cannotRead': '{flag}: cannot read {file}: {error}',
  'autoscan.noAuth': 'refusing to listen on {host} without authentication',
  'autoscan.token.clearText': 'warning: the bearer token crosses the network to {host} in clear text: add --tls-cert and --tls-key',
  'autoscan.noAuth.serve.hint': 'give --token-file (or $SWARMGUARD_SERVE_TOKEN), or --tls-cert, --tls-key and --tls-ca for mutual TLS, or listen on 127.0.0.1',
  // self init (src/autoscan/self-stack.ts)
  'autoscan.self.notPinned': '--image: "{image}" is not pinned by digest',
  'autoscan.self.notPinned.hint': 'give registry/swarmguard@sha256:…, or an image this engine has (it is pinned to its ID)',
  'autoscan.self.exists': '{file} already exists',
  'autoscan.self.exists.hint': 'choose another file name, or add --force to overwrite it',
});
