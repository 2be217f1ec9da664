// Section 2: the Docker daemon's configuration, from its command line, daemon.json and `docker info`.
import type { BenchCheckSpec, CheckContext, CheckResult } from '../check.js';
import { daemonOption, info, isFalse, isTrue, pass, warn } from '../check.js';
import { securityOptions } from '../../engine/models.js';
import { daemonApiConfig, tcpHosts, unauthenticatedApiHosts } from '../../hardening/daemon-config.js';
import type { Message } from '../../core/message.js';
import { benchMessages as M } from '../messages.js';

/** WARN (saying `warning`) when the engine's storage driver is `driver`; else PASS naming the driver in use. */
const storageDriverIsNot =
  (driver: string, warning: Message) =>
  (ctx: CheckContext): CheckResult =>
    ctx.snapshot.info.Driver === driver ? warn([warning]) : pass(M.say('bench.daemon.storageDriver', { driver: ctx.snapshot.info.Driver }));

/** PASS when the daemon option `key` (command line or daemon.json) is set to `want`; else WARN saying `warning`. */
const optionSetTo =
  (key: string, want: boolean, warning: Message) =>
  (ctx: CheckContext): CheckResult =>
    (want ? isTrue : isFalse)(daemonOption(ctx, key)) ? pass() : warn([warning]);

export const daemonChecks: BenchCheckSpec[] = [
  {
    id: '2.1',
    remediation: 'Consider rootless mode (dockerd-rootless-setuptool.sh install) where its limits are acceptable.',
    evaluate: (ctx) =>
      ctx.snapshot.info.SecurityOptions.some((o) => o.includes('rootless')) ? pass(M.say('bench.daemon.rootless')) : info(M.say('bench.daemon.root')),
  },
  {
    id: '2.2',
    remediation: 'Set "icc": false in daemon.json (or --icc=false) and link containers that must talk on user-defined networks.',
    evaluate: (ctx) => {
      if (isFalse(daemonOption(ctx, 'icc'))) return pass();
      const bridge = ctx.snapshot.networks.find((n) => n.Name === 'bridge');
      if (bridge?.Options['com.docker.network.bridge.enable_icc'] === 'false') return pass(M.say('bench.daemon.bridgeNoIcc'));
      return warn([M.say('bench.daemon.icc')]);
    },
  },
  {
    id: '2.3',
    remediation: 'Set "log-level": "info" (or leave it unset).',
    evaluate: (ctx) => {
      const v = daemonOption(ctx, 'log-level');
      return v === undefined || v === 'info' ? pass() : warn([M.say('bench.daemon.logLevel', { level: String(v) })]);
    },
  },
  {
    id: '2.4',
    remediation: 'Do not run dockerd with --iptables=false.',
    evaluate: (ctx) => (isFalse(daemonOption(ctx, 'iptables')) ? warn([M.say('bench.daemon.noIptables')]) : pass()),
  },
  {
    id: '2.5',
    remediation: 'Remove insecure-registries; use TLS for every registry.',
    severity: 'HIGH',
    evaluate: (ctx) => {
      const insecure = Object.entries(ctx.snapshot.info.RegistryConfig.IndexConfigs)
        .filter(([, v]) => !v.Secure)
        .map(([k]) => k);
      const cidrs = ctx.snapshot.info.RegistryConfig.InsecureRegistryCIDRs.filter((c) => c !== '127.0.0.0/8' && c !== '::1/128');
      const all = [...insecure, ...cidrs];
      return all.length > 0 ? warn([M.say('bench.daemon.insecureRegistries', { list: all.join(', ') })], all) : pass();
    },
  },
  {
    id: '2.6',
    remediation: 'Use the overlay2 storage driver.',
    evaluate: storageDriverIsNot('aufs', M.say('bench.daemon.aufs')),
  },
  {
    // 1.8.0 added it: devicemapper was deprecated, and Docker Engine 25.0 removed it.
    id: '2.7',
    since: '1.8.0',
    remediation: 'Use the overlay2 storage driver: migrate off devicemapper before Docker Engine 25.0, which removed it.',
    evaluate: storageDriverIsNot('devicemapper', M.say('bench.daemon.devicemapper')),
  },
  {
    id: '2.7',
    remediation: 'Listen on TCP only with --tlsverify, --tlscacert, --tlscert, --tlskey; or reach the engine over SSH.',
    severity: 'CRITICAL',
    evaluate: (ctx) => {
      // The one answer (src/hardening/daemon-config.ts): the host tip asks the same of the same argv and daemon.json.
      const api = daemonApiConfig(ctx.host.daemon.argv, ctx.host.daemon.config);
      const tcp = [...new Set(tcpHosts(api).map((h) => h.raw))];
      if (tcp.length === 0) return info(M.say('bench.daemon.noTcp'));
      const open = unauthenticatedApiHosts(api);
      return open.length === 0
        ? pass(M.say('bench.daemon.tcpVerified', { addresses: tcp.join(', ') }))
        : warn([M.say('bench.daemon.tcpOpen', { addresses: open.join(', ') })], open);
    },
  },
  {
    id: '2.8',
    remediation: 'Set "default-ulimits" in daemon.json if the defaults do not fit.',
    evaluate: (ctx) => (daemonOption(ctx, 'default-ulimit', 'default-ulimits') !== undefined ? pass() : info(M.say('bench.daemon.noUlimits'))),
  },
  {
    id: '2.9',
    remediation: 'Enable user namespace remapping: "userns-remap": "default".',
    evaluate: (ctx) =>
      daemonOption(ctx, 'userns-remap') !== undefined || ctx.snapshot.info.SecurityOptions.some((o) => o.includes('userns'))
        ? pass()
        : warn([M.say('bench.daemon.noUserns')]),
  },
  {
    id: '2.10',
    remediation: 'Leave --cgroup-parent at its default unless needed.',
    evaluate: (ctx) => {
      const v = daemonOption(ctx, 'cgroup-parent');
      return v === undefined ? pass() : info(M.say('bench.daemon.cgroupParent', { value: String(v) }));
    },
  },
  {
    id: '2.11',
    remediation: 'Do not set dm.basesize unless needed.',
    evaluate: (ctx) => {
      const opts = [daemonOption(ctx, 'storage-opt', 'storage-opts')].flat().map(String);
      return opts.some((o) => o.includes('dm.basesize')) ? warn([M.say('bench.daemon.basesize')]) : pass();
    },
  },
  {
    id: '2.12',
    remediation: 'Use an authorization plugin (--authorization-plugin) to control access to the API.',
    evaluate: (ctx) => (daemonOption(ctx, 'authorization-plugin', 'authorization-plugins') !== undefined ? pass() : warn([M.say('bench.daemon.noAuthz')])),
  },
  {
    id: '2.13',
    remediation: 'Ship logs off the host: a remote log driver (syslog, journald forwarding, fluentd, gelf…).',
    evaluate: (ctx) => {
      const driver = ctx.snapshot.info.LoggingDriver;
      return driver === 'json-file' || driver === 'local' || driver === ''
        ? warn([driver ? M.say('bench.daemon.localLog', { driver }) : M.say('bench.daemon.unknownLog')])
        : pass(M.say('bench.daemon.logDriver', { driver }));
    },
  },
  {
    id: '2.14',
    remediation: 'Set "no-new-privileges": true in daemon.json.',
    evaluate: optionSetTo('no-new-privileges', true, M.say('bench.daemon.noNewPrivileges')),
  },
  {
    id: '2.15',
    remediation: 'Set "live-restore": true (not available in swarm mode).',
    evaluate: (ctx) => {
      if (ctx.snapshot.info.LiveRestoreEnabled) return pass(M.say('bench.daemon.liveRestore'));
      if (ctx.snapshot.info.Swarm.LocalNodeState === 'active') {
        return info(M.say('bench.daemon.liveRestoreSwarm'));
      }
      return warn([M.say('bench.daemon.noLiveRestore')]);
    },
  },
  {
    id: '2.16',
    remediation: 'Set "userland-proxy": false.',
    evaluate: optionSetTo('userland-proxy', false, M.say('bench.daemon.userlandProxy')),
  },
  {
    id: '2.17',
    remediation: 'Apply a custom seccomp profile with --seccomp-profile where the default does not fit.',
    evaluate: (ctx) => {
      // What the engine applies ("default" up to Engine 22, "builtin" from 23 on; "unconfined" is none at all).
      const seccomp = securityOptions(ctx.snapshot.info).seccomp;
      if (seccomp?.unconfined) return warn([M.say('bench.daemon.seccompOff')]);
      const v = daemonOption(ctx, 'seccomp-profile');
      if (v !== undefined) return pass(M.say('bench.daemon.seccompProfile', { profile: String(v) }));
      if (!seccomp) return warn([M.say('bench.daemon.noSeccomp')]);
      return seccomp.isDefault ? pass(M.say('bench.daemon.seccompDefault')) : pass(M.say('bench.daemon.seccompProfile', { profile: seccomp.profile }));
    },
  },
  {
    id: '2.18',
    remediation: 'Do not run experimental features in production.',
    evaluate: (ctx) => (ctx.snapshot.info.ExperimentalBuild ? warn([M.say('bench.daemon.experimental')]) : pass()),
  },
];
