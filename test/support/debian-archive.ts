// The sysroot tests' Debian archive: the real files provisioning copied (TSZIG_TEST_DEBIAN_ARCHIVE,
// checked against the host's Debian keyring), served from 127.0.0.1, plus variants made from
// them: a trimmed index re-signed with a test OpenPGP key (trusted through a key file, as a user
// names one), and that copy with a tampered Packages, a tampered .deb, an unsigned InRelease, a
// signature by an unknown key, an expired Valid-Until, and hand-made packages (properly listed
// and signed) that try to leave the sysroot or carry setuid and world-writable modes.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as openpgp from 'openpgp';
import { debBytes, debStanza, type DebSpec } from './deb-package.ts';
import { ZigServer, type Served, type TarEntry } from './zig-server.ts';

export const archiveDir = (): string => {
  const dir = process.env.TSZIG_TEST_DEBIAN_ARCHIVE;
  if (!dir) throw new Error('TSZIG_TEST_DEBIAN_ARCHIVE is not set: run the suite with `npm test` (it provisions the archive copy)');
  return dir;
};
export const archiveSuite = (): string => process.env.TSZIG_TEST_DEBIAN_SUITE ?? 'bookworm';

function walk(dir: string, root = dir, out: Record<string, Served> = {}): Record<string, Served> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, root, out);
    else if (!e.name.startsWith('.')) out[relative(root, p)] = { path: p };
  }
  return out;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const xz = (b: Buffer): Buffer => execFileSync('xz', ['-c', '-1'], { input: b, maxBuffer: 256 * 1024 * 1024 });

/** The stanzas of `packages` (by name) from a Packages index. */
function trimIndex(text: string, packages: readonly string[]): string {
  const want = new Set(packages);
  return `${text
    .split('\n\n')
    .filter((s) => want.has(/^Package: (\S+)$/m.exec(s)?.[1] ?? ''))
    .join('\n\n')}\n`;
}

function releaseText(suite: string, arch: string, files: Record<string, Buffer>, validUntil?: Date): string {
  const date = new Date();
  const lines = Object.entries(files).map(([p, b]) => ` ${sha256(b)} ${String(b.length).padStart(8)} ${p}`);
  return [
    'Origin: tszig test',
    `Suite: ${suite}`,
    `Codename: ${suite}`,
    `Date: ${date.toUTCString()}`,
    ...(validUntil ? [`Valid-Until: ${validUntil.toUTCString()}`] : []),
    `Architectures: ${arch}`,
    'Components: main',
    'SHA256:',
    ...lines,
    '',
  ].join('\n');
}

/**
 * Packages a signed index may list and still must not be unpacked as they are:
 *   libtszig-chain-dev   usr/lib/d -> . (harmless alone)
 *   libtszig-escape-dev  depends on it; through d, a link that climbs out of the sysroot to `/`,
 *                        then a link written through that one into `escapeDir`
 *   libtszig-modes-dev   a setuid program, a world-writable file, a sticky world-writable
 *                        directory, and an absolute link (a sound package, once normalised)
 * Each path and link passes a lexical check: no `..` in a path, every target joined to its link's
 * path as written stays below the root.
 */
function hostilePackages(arch: string, escapeDir: string): DebSpec[] {
  const n = 30;
  const deep = `./usr/lib/${'d/'.repeat(n)}`;
  const dirs = (...names: string[]): TarEntry[] => names.map((name) => ({ name, type: 'dir' }));
  return [
    { name: 'libtszig-chain-dev', arch, entries: [...dirs('./', './usr/', './usr/lib/'), { name: './usr/lib/d', type: 'symlink', link: '.' }] },
    {
      name: 'libtszig-escape-dev',
      arch,
      depends: 'libtszig-chain-dev',
      entries: [...dirs('./', './usr/', './usr/lib/'), { name: `${deep}e`, type: 'symlink', link: Array(n + 2).fill('..').join('/') }, { name: `${deep}e${escapeDir}/pwned`, type: 'symlink', link: 'x' }],
    },
    {
      name: 'libtszig-modes-dev',
      arch,
      entries: [
        ...dirs('./', './usr/', './usr/bin/', './usr/lib/', './usr/lib/tszig/'),
        { name: './usr/bin/tszig-setuid', data: '#!/bin/sh\n', mode: 0o4755 },
        { name: './usr/lib/tszig/open', data: 'x', mode: 0o666 },
        { name: './usr/share/', type: 'dir', mode: 0o1777 },
        { name: './usr/lib/tszig/abs', type: 'symlink', link: '/usr/lib/tszig/open' },
      ],
    },
  ];
}

export interface TestArchive {
  readonly server: ZigServer;
  readonly suite: string;
  /** The provisioned copy as it came from the real archive (real signature, real keyring). */
  readonly real: string;
  /** Mirror URL of a variant: `resigned`, `tampered-packages`, `tampered-deb`, `unsigned`, `wrong-key`, `expired`. */
  mirror(variant: string): string;
  /** The test key's public half, as a key file for TSZIG_DEBIAN_KEYRING. */
  readonly keyFile: string;
  /** Where the `hostile` variant's libtszig-escape-dev tries to write (an empty directory outside any cache). */
  readonly escapeDir: string;
  /** Requests the server saw whose path ends with `suffix`. */
  requests(suffix: string): number;
  close(): Promise<void>;
}

/** Starts the server; `arch` and `packages` say what the re-signed variants hold. */
export async function startTestArchive(arch: string, packages: readonly string[]): Promise<TestArchive> {
  const root = archiveDir();
  const suite = archiveSuite();
  const server = await ZigServer.start();
  const real = walk(root);
  server.variant('real', real);

  const full = execFileSync('xz', ['-dc', join(root, 'dists', suite, 'main', `binary-${arch}`, 'Packages.xz')], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
  const trimmed = Buffer.from(trimIndex(full, packages));
  const indexPath = `main/binary-${arch}/Packages.xz`;
  const index = xz(trimmed);
  const debs = Object.fromEntries(Object.entries(real).filter(([p]) => p.startsWith('pool/')));

  const key = await openpgp.generateKey({ type: 'ecc', curve: 'ed25519Legacy', userIDs: [{ name: 'tszig test archive' }], format: 'object' });
  const stranger = await openpgp.generateKey({ type: 'ecc', curve: 'ed25519Legacy', userIDs: [{ name: 'not trusted' }], format: 'object' });
  const sign = async (text: string, k = key.privateKey): Promise<Buffer> =>
    Buffer.from(await openpgp.sign({ message: await openpgp.createCleartextMessage({ text }), signingKeys: k, format: 'armored' }));
  const dir = mkdtempSync(join(tmpdir(), 'tszig-test-archive-'));
  const keyFile = join(dir, 'test-archive.asc');
  writeFileSync(keyFile, key.publicKey.armor());

  const release = releaseText(suite, arch, { [indexPath]: index });
  const files = (inRelease: Buffer, extra: Record<string, Served> = {}): Record<string, Served> => ({
    [`dists/${suite}/InRelease`]: inRelease,
    [`dists/${suite}/${indexPath}`]: index,
    ...debs,
    ...extra,
  });
  server.variant('resigned', files(await sign(release)));
  // A Release for an index of its own (compressed differently, so a cache holding the first one
  // has no copy of it), served with one dependency changed.
  const other = execFileSync('xz', ['-c', '-6'], { input: trimmed });
  const tamperedIndex = execFileSync('xz', ['-c', '-6'], { input: Buffer.from(trimmed.toString('utf8').replace('Depends: libc6 (>= 2.34)', 'Depends: libc6 (>= 2.17)')) });
  server.variant('tampered-packages', files(await sign(releaseText(suite, arch, { [indexPath]: other })), { [`dists/${suite}/${indexPath}`]: tamperedIndex }));
  const [firstDeb, firstServed] = Object.entries(debs).find(([p]) => p.endsWith(`_${arch}.deb`) && p.includes('/openssl/libssl3_')) ?? [];
  if (!firstDeb || !firstServed || Buffer.isBuffer(firstServed)) throw new Error(`the archive copy has no libssl3 for ${arch}`);
  const deb = readFileSync(firstServed.path);
  const flipped = Buffer.from(deb);
  const at = Math.floor(flipped.length / 2);
  flipped[at] = (flipped[at] ?? 0) ^ 0xff;
  server.variant('tampered-deb', files(await sign(release), { [firstDeb]: flipped }));
  // The hand-made packages in an index and Release of their own.
  const escapeDir = mkdtempSync(join(tmpdir(), 'tszig-escape-'));
  const hostile = hostilePackages(arch, escapeDir).map((spec) => {
    const bytes = debBytes(spec);
    return { bytes, ...debStanza(spec, bytes) };
  });
  const hostileIndex = execFileSync('xz', ['-c', '-3'], { input: Buffer.concat([trimmed, Buffer.from(`\n${hostile.map((h) => h.stanza).join('\n')}`)]) });
  server.variant(
    'hostile',
    files(await sign(releaseText(suite, arch, { [indexPath]: hostileIndex })), { [`dists/${suite}/${indexPath}`]: hostileIndex, ...Object.fromEntries(hostile.map((h) => [h.filename, h.bytes])) }),
  );
  server.variant('unsigned', files(Buffer.from(release)));
  server.variant('wrong-key', files(await sign(release, stranger.privateKey)));
  server.variant('expired', files(await sign(releaseText(suite, arch, { [indexPath]: index }, new Date(Date.now() - 86_400_000)))));

  let closed: Promise<void> | undefined;
  return {
    server,
    suite,
    real: server.mirror('good', 'real'),
    mirror: (variant) => server.mirror('good', variant),
    keyFile,
    escapeDir,
    requests: (suffix) => server.requests.filter((r) => r.endsWith(suffix)).length,
    close: () => (closed ??= server.close()),
  };
}
