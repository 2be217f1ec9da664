// What every benchmark check saw, in Japanese: the real checks run over fixtures that reach the container checks
// of sections 4 to 6 (containers, services, images) as well as the host, daemon, file and swarm ones. Every detail
// gets a Japanese sentence by its message id, with the names, paths and ports the check quoted unchanged.
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../src/bench/check.js';
import { runBench } from '../../../src/bench/runner.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { containerOf, snapshotOf } from '../../helpers/engine-snapshot.js';
import { careless, carelessService, halfway } from './bench-fixtures.js';
import { JAPANESE } from './ja-helpers.js';

/** Containers and services that break most rules of section 5, and images without a health check. */
function crowded(): CheckContext {
  const base = careless();
  const snapshot = snapshotOf({
    info: { Swarm: { LocalNodeState: 'active', ControlAvailable: true, NodeAddr: '10.0.0.5' }, SecurityOptions: ['name=apparmor', 'name=selinux'] },
    images: [{ id: 'sha256:0123456789abcdef0123', tags: ['shop/web:1.2'], user: '', healthcheck: false, created: '2024-01-01T00:00:00Z' }],
    containers: [
      containerOf(
        'api',
        {
          Config: { User: 'root' },
          AppArmorProfile: 'unconfined',
          HostConfig: {
            CapAdd: ['SYS_ADMIN', 'NET_RAW'],
            PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '80' }] },
            RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 10 },
            UTSMode: 'host',
            UsernsMode: 'host',
            SecurityOpt: ['seccomp=unconfined'],
            CgroupParent: '/custom',
            Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }],
            Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
          },
          Mounts: [
            { Type: 'bind', Source: '/etc', Destination: '/host/etc', RW: false, Propagation: 'rshared' },
            { Type: 'bind', Source: '/run', Destination: '/host/run', RW: true },
          ],
          NetworkSettings: { Networks: { bridge: {} } },
        },
        { processes: ['/usr/sbin/sshd -D'] },
      ),
      containerOf('worker', { HostConfig: { RestartPolicy: { Name: 'always' } } }, { processes: null }),
    ],
    swarm: {
      inspect: {},
      nodes: [],
      services: [carelessService],
    },
  });
  return { ...base, snapshot, options: { ...base.options, swarmIntended: true } };
}

const everyDetail = (ctx: CheckContext) => runBench(ctx, {}, 0).results.flatMap((r) => r.details.map((d) => ({ id: r.id, d })));

describe('what the benchmark checks saw, in Japanese', () => {
  const details = [...everyDetail(careless()), ...everyDetail(halfway()), ...everyDetail(crowded())];

  it('reaches the container checks of sections 4 to 6', () => {
    const ids = new Set(details.map((x) => x.id));
    for (const id of [
      '4.1',
      '4.5',
      '4.6',
      '5.2',
      '5.4',
      '5.6',
      '5.7',
      '5.8',
      '5.10',
      '5.13',
      '5.14',
      '5.15',
      '5.18',
      '5.19',
      '5.20',
      '5.22',
      '5.25',
      '5.29',
      '5.30',
      '5.31',
      '5.32',
      '6.1',
      '6.2',
    ])
      expect(ids, id).toContain(id);
  });

  it('says every detail in Japanese', () => {
    const untranslated = details.filter(({ d }) => localizeMessage(d, 'ja') === english(d) || !JAPANESE.test(localizeMessage(d, 'ja')));
    expect(untranslated.map(({ id, d }) => `${id}: ${english(d)}`)).toEqual([]);
  });

  it('says each container problem in Japanese, names and values as they are', () => {
    const said = (id: string) => details.filter((x) => x.id === id).map(({ d }) => [english(d), localizeMessage(d, 'ja')]);
    expect(said('5.4')).toContainEqual([
      'api: adds SYS_ADMIN (mount, namespaces, BPF, many escape paths); NET_RAW (raw sockets: spoofing and sniffing)',
      'api: SYS_ADMIN（mount、名前空間、BPF など、コンテナから抜け出す手段が多数あります）、NET_RAW（raw ソケットによる なりすましや盗聴ができます） を追加しています',
    ]);
    expect(said('5.32')).toContainEqual([
      'service shop_web: mounts /var/run/docker.sock (the Docker socket)',
      'サービス shop_web: /var/run/docker.sock（Docker のソケット） をマウントしています',
    ]);
    expect(said('5.6')).toContainEqual(['api: mounts /etc (ro)', 'api: /etc（読み取り専用） をマウントしています']);
    expect(said('5.32')).toContainEqual([
      'api: mounts /run (the Docker socket (/run/docker.sock))',
      'api: /run（Docker のソケット（/run/docker.sock）） をマウントしています',
    ]);
    expect(said('5.21')).toContainEqual(['api: UTS mode host', 'api: ホストのUTS名前空間を共有しています']);
    expect(said('5.14')).toContainEqual(['api: port(s) 80/tcp bound to all interfaces', 'api: ポート 80/tcp がすべてのインターフェースで待ち受けています']);
  });

  it('leaves English as it is', () => {
    for (const { d } of details) expect(localizeMessage(d, 'en')).toBe(english(d));
  });
});
