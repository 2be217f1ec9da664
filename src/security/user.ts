// Does a container run as root? One answer for compose lint, CIS 4.1, the swarm audit and image lint.

/** `root`: the user is root; `image-default`: no user set, so the image decides (root for most images); `non-root`. */
export type UserVerdict = 'root' | 'image-default' | 'non-root';

/** Classifies a `user:` / `USER` / `--user` value: "root", "0", "0:0", "root:wheel" are root; "" and unset defer to the image. */
export function classifyUser(user: string | undefined | null): UserVerdict {
  if (user === undefined || user === null || user.trim() === '') return 'image-default';
  const name = (user.split(':')[0] ?? '').trim();
  return name === 'root' || name === '0' || name === '' ? 'root' : 'non-root';
}

/** True when the process runs as root, counting "no user" as root when the image decides (`imageUser` unknown). */
export function runsAsRoot(user: string | undefined | null, imageUser?: string): boolean {
  const v = classifyUser(user);
  if (v === 'image-default') return imageUser === undefined ? true : classifyUser(imageUser) !== 'non-root';
  return v === 'root';
}
