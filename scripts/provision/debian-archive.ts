// debian-archive.ts DIR: a copy of the part of a real Debian archive the sysroot tests use, so
// that a warm `npm test` reaches no network: the suite's signed InRelease, the Packages indices
// for arm64, armhf and amd64, and every .deb of the test package set's closure, in the archive's
// own layout (DIR/dists/…, DIR/pool/…). Everything is checked on the way in as tszig checks it
// (OpenPGP signature against the host's keyring, SHA-256 from the signed Release and from
// Packages). The archive is the host's (its apt sources). Idempotent: DIR/.complete says what it
// holds. Prints the suite on stdout.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { text } from 'node:stream/consumers';
import { resolveArchive } from '../../src/sysroot/archive.ts';
import { resolveClosure } from '../../src/sysroot/closure.ts';
import { verifyInRelease } from '../../src/sysroot/openpgp-verify.ts';
import { parsePackagesIndex } from '../../src/sysroot/packages-index.ts';
import { parseRelease } from '../../src/sysroot/release.ts';
import { downloadFile, fetchText } from '../../src/fetch/http.ts';
import { decompressed } from '../../src/fetch/decompress.ts';

/** The package set the tests build, per architecture; amd64's index serves the no-build error. */
const SETS: Readonly<Record<string, readonly string[]>> = { arm64: ['libssl-dev', 'zlib1g-dev'], armhf: ['libssl-dev', 'zlib1g-dev'] };
const INDEX_ONLY = ['amd64'];
const FORMAT = 1;

const out = process.argv[2];
if (!out) throw new Error('usage: debian-archive.ts DIR');
const archive = resolveArchive({ env: process.env, settings: {}, projectFile: undefined });
const want = JSON.stringify({ FORMAT, suite: archive.suite, SETS, INDEX_ONLY });
if (existsSync(join(out, '.complete')) && readFileSync(join(out, '.complete'), 'utf8') === want) {
  process.stdout.write(`${archive.suite}\n`);
  process.exit(0);
}
const log = (m: string): void => void process.stderr.write(`debian-archive: ${m}\n`);
const stage = `${out}.tmp-${process.pid}`;
rmSync(stage, { recursive: true, force: true });

async function fetchTo(path: string, url: string, size: number, sha256: string): Promise<string> {
  const dest = join(stage, path);
  mkdirSync(dirname(dest), { recursive: true });
  const got = await downloadFile(url, dest, { maxBytes: size });
  if (got.size !== size || got.sha256 !== sha256) throw new Error(`${url}: size or SHA-256 differs from the signed index`);
  return dest;
}

const dists = `dists/${archive.suite}`;
log(`${archive.mirror} ${archive.suite} (from ${archive.from})`);
const inReleaseUrl = `${archive.mirror}/${dists}/InRelease`;
const inRelease = await fetchText(inReleaseUrl, { maxBytes: 16 * 1024 * 1024 });
const release = parseRelease(await verifyInRelease(inRelease, archive.keyring, inReleaseUrl));
mkdirSync(join(stage, dists), { recursive: true });
writeFileSync(join(stage, dists, 'InRelease'), inRelease);
for (const arch of [...Object.keys(SETS), ...INDEX_ONLY]) {
  const path = `main/binary-${arch}/Packages.xz`;
  const entry = release.sha256.get(path);
  if (!entry) throw new Error(`${archive.suite} has no ${path}`);
  log(path);
  const file = await fetchTo(`${dists}/${path}`, `${archive.mirror}/${dists}/${path}`, entry.size, entry.sha256);
  const packages = SETS[arch];
  if (!packages) continue;
  const index = parsePackagesIndex(await text(await decompressed(file, 'xz')));
  for (const p of resolveClosure(index, packages, { arch, where: archive.suite }).packages) {
    log(p.filename);
    await fetchTo(p.filename, `${archive.mirror}/${p.filename}`, p.size, p.sha256);
  }
}
writeFileSync(join(stage, '.complete'), want);
rmSync(out, { recursive: true, force: true });
renameSync(stage, out);
process.stdout.write(`${archive.suite}\n`);
