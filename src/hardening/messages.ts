// The English of what the host hardening checks say to the user, by id (src/i18n/ja/hardening.ts says it in Japanese).
import { defineMessages } from '../core/message.js';

export const hardeningMessages = defineMessages({
  'hardening.probe.notLoopback': 'refusing to probe {host}: the API probe only targets loopback addresses',
  'hardening.probe.badPort': 'not a TCP port: {port}',
  'hardening.rule.apiOverHttp':
    'dockerd (pid {pid}) answers the Docker API on {endpoint} over plain HTTP with no authentication: anyone who reaches this port is root on {hostname}',
  'hardening.rule.apiOverTlsUnverified':
    'dockerd (pid {pid}) answers the Docker API on {endpoint} over TLS without asking for a client certificate (--tls without --tlsverify): TLS encrypts but does not authenticate',
  'hardening.rule.apiNotProbed':
    'dockerd (pid {pid}) is configured to listen on {host} without --tlsverify; it was not probed (not bound to a loopback or wildcard address, or not listening)',
  'hardening.rule.accountsUnreadable': 'could not read the account files: {error}',
  'hardening.rule.groupMemberNoAccount':
    '"{user}" is listed in the docker group but has no account in /etc/passwd (a directory user?): membership is root-equivalent',
  'hardening.rule.groupMember': 'user "{user}" (uid {uid}) is in the docker group: membership is root-equivalent',
  'hardening.rule.groupMemberPrimary': 'user "{user}" (uid {uid}) is in the docker group as its primary group: membership is root-equivalent',
});
