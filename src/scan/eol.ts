// End-of-life dates of distribution releases (end of standard security support), as trivy reports "EOSL".
import type { OsInfo } from '../packages/types.js';

/** namespace → the date after which the release gets no more security updates. */
export const EOL_DATES: Readonly<Record<string, string>> = Object.freeze({
  'debian:7': '2018-05-31',
  'debian:8': '2020-06-30',
  'debian:9': '2022-06-30',
  'debian:10': '2024-06-30',
  'debian:11': '2026-08-31',
  'debian:12': '2028-06-30',
  'ubuntu:14.04': '2019-04-25',
  'ubuntu:16.04': '2021-04-30',
  'ubuntu:18.04': '2023-05-31',
  'ubuntu:20.04': '2025-05-31',
  'ubuntu:22.04': '2027-06-01',
  'ubuntu:23.04': '2024-01-25',
  'ubuntu:23.10': '2024-07-11',
  'ubuntu:24.04': '2029-06-01',
  'ubuntu:24.10': '2025-07-10',
  'alpine:v3.3': '2017-11-01',
  'alpine:v3.4': '2018-05-01',
  'alpine:v3.5': '2018-11-01',
  'alpine:v3.6': '2019-05-01',
  'alpine:v3.7': '2019-11-01',
  'alpine:v3.8': '2020-05-01',
  'alpine:v3.9': '2020-11-01',
  'alpine:v3.10': '2021-05-01',
  'alpine:v3.11': '2021-11-01',
  'alpine:v3.12': '2022-05-01',
  'alpine:v3.13': '2022-11-01',
  'alpine:v3.14': '2023-05-01',
  'alpine:v3.15': '2023-11-01',
  'alpine:v3.16': '2024-05-23',
  'alpine:v3.17': '2024-11-22',
  'alpine:v3.18': '2025-05-09',
  'alpine:v3.19': '2025-11-01',
  'alpine:v3.20': '2026-04-01',
  'alpine:v3.21': '2026-11-01',
  'alpine:v3.22': '2027-05-01',
  'redhat:7': '2024-06-30',
  'redhat:8': '2029-05-31',
  'redhat:9': '2032-05-31',
  'rocky:8': '2029-05-31',
  'rocky:9': '2032-05-31',
  'almalinux:8': '2029-03-01',
  'almalinux:9': '2032-05-31',
  'sles:15.3': '2022-12-31',
  'sles:15.4': '2023-12-31',
  'sles:15.5': '2024-12-31',
  'sles:15.6': '2025-12-31',
  'opensuse-leap:15.4': '2023-12-07',
  'opensuse-leap:15.5': '2024-12-31',
});

/** The EOL date of a namespace when it has passed, else undefined. */
export function endOfLife(namespace: string | undefined, now: Date): string | undefined {
  if (namespace === undefined) return undefined;
  const date = EOL_DATES[namespace];
  return date !== undefined && Date.parse(`${date}T23:59:59Z`) < now.getTime() ? date : undefined;
}

export function osLabel(os: OsInfo): string {
  return `${os.family} ${os.version}`.trim();
}
