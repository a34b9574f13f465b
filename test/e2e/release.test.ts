// Releases: `cargo tszig build --dist --oci` for three musl targets and Windows (archives and
// SHA256SUMS checked with sha256sum, the image layout with skopeo and umoci, the arm64 image's
// binary run under qemu), a glibc image on a base layout, the same builds on a second "machine"
// (other checkout, HOME, CARGO_HOME and tszig cache) giving the same bytes, and the bad inputs.
// The fixture's C names its own source with __FILE__. Each build is shared by several checks.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { e2eEnv, FIXTURES, freshDir, highestGlibc, ok, run, versionAtMost } from '../support/e2e.ts';
import { debianToolchain } from '../support/toolchain.ts';

const FIXTURE = join(FIXTURES, 'hello-file');
const VERSION = '0.2.0';
const MUSL = ['x86_64-unknown-linux-musl', 'aarch64-unknown-linux-musl', 'armv7-unknown-linux-musleabihf'];
const WINDOWS = 'x86_64-pc-windows-gnu';
const GLIBC = 'aarch64-unknown-linux-gnu.2.17';

/** What the fixture prints when its paths were mapped to tszig's fixed names. */
const expected = (arch: string): string =>
  [`hello-file on ${arch}`, 'c: 6 * 7 = 42', 'c source: /workspace/csrc/where.c', 'c header: /workspace/csrc/include/where.h', 'rust source: src/main.rs', ''].join('\n');

const realCargoHome = process.env.CARGO_HOME || join(homedir(), '.cargo');

interface Machine {
  readonly root: string;
  readonly proj: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * A build "machine": its own checkout path, HOME, CARGO_HOME (with a copy of the registry, used
 * offline) and tszig cache. Zig's own cache is shared (it is warm; a cold one costs minutes).
 */
function machine(name: string): Machine {
  const root = freshDir(`tszig-release-${name}-`);
  const proj = join(root, 'work', name, 'hello-file');
  cpSync(FIXTURE, proj, { recursive: true, filter: (src) => !src.includes(`${FIXTURE}/target`) });
  const cargoHome = join(root, 'cargo-home');
  for (const part of ['index', 'cache']) cpSync(join(realCargoHome, 'registry', part), join(cargoHome, 'registry', part), { recursive: true });
  mkdirSync(join(root, 'home'));
  const env = e2eEnv({
    HOME: join(root, 'home'),
    CARGO_HOME: cargoHome,
    RUSTUP_HOME: process.env.RUSTUP_HOME || join(homedir(), '.rustup'),
    TSZIG_CACHE_DIR: join(root, 'home', '.cache', 'tszig'),
    CARGO_NET_OFFLINE: 'true',
    SOURCE_DATE_EPOCH: '1700000000',
  });
  return { root, proj, env };
}

function cargoTszig(m: Machine, args: readonly string[]) {
  return run('cargo', [`+${debianToolchain()}`, 'tszig', 'build', '--release', ...args], { cwd: m.proj, env: m.env });
}

const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};

// The fixture's dependencies, fetched once into the real CARGO_HOME, so each machine can copy them.
const fetched = once(() => ok(run('cargo', ['fetch', '--manifest-path', join(FIXTURE, 'Cargo.toml')], { env: e2eEnv() }), 'cargo fetch'));

const targetArgs = (targets: readonly string[]): string[] => targets.flatMap((t) => ['--target', t]);

interface Release {
  readonly m: Machine;
  readonly dist: string;
  readonly oci: string;
  readonly stderr: string;
}

function release(name: string, seed?: (dist: string) => void): Release {
  fetched();
  const m = machine(name);
  const dist = join(m.root, 'out', 'dist');
  const oci = join(m.root, 'out', 'oci');
  seed?.(dist);
  const r = cargoTszig(m, [...targetArgs([...MUSL, WINDOWS]), '--dist', dist, '--oci', oci]);
  ok(r, `cargo tszig build --dist --oci (${name})`);
  return { m, dist, oci, stderr: r.stderr };
}

const machineA = once(() =>
  release('a', (dist) => {
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'notes.txt'), 'my own notes\n');
  }),
);
const machineB = once(() => release('b'));

const PLATFORMS = ['linux_amd64_musl', 'linux_arm64_musl', 'linux_arm_v7_musl', 'windows_amd64'];

function skopeo(args: readonly string[]): string {
  return ok(run('skopeo', args), `skopeo ${args.join(' ')}`);
}

/** The image for one platform, copied out by skopeo and unpacked by umoci; returns its rootfs. */
function unpack(oci: string, ref: string, arch: string): string {
  const work = freshDir('tszig-unpack-');
  skopeo(['--override-os', 'linux', '--override-arch', arch, 'copy', '-q', `oci:${oci}:${ref}`, `oci:${join(work, 'one')}:${arch}`]);
  const rootless = process.getuid?.() === 0 ? [] : ['--rootless'];
  ok(run('umoci', ['unpack', ...rootless, '--image', `${join(work, 'one')}:${arch}`, join(work, 'bundle')]), 'umoci unpack');
  return join(work, 'bundle', 'rootfs');
}

describe('--dist --oci: archives, checksums and an image per Linux platform', () => {
  it('writes each platform\'s files, an archive per platform and SHA256SUMS that sha256sum -c accepts; keeps the user\'s own file', () => {
    const { dist, stderr } = machineA();
    const sums = readFileSync(join(dist, 'SHA256SUMS'), 'utf8');
    const listed = sums.trim().split('\n').map((l) => l.replace(/^[0-9a-f]{64} {2}/, ''));
    assert.deepEqual(listed, [
      `hello-file-${VERSION}-linux_amd64_musl.tar.gz`,
      `hello-file-${VERSION}-linux_arm64_musl.tar.gz`,
      `hello-file-${VERSION}-linux_arm_v7_musl.tar.gz`,
      `hello-file-${VERSION}-windows_amd64.zip`,
      'linux_amd64_musl/hello-file',
      'linux_arm64_musl/hello-file',
      'linux_arm_v7_musl/hello-file',
      'windows_amd64/hello-file.exe',
    ]);
    const check = run('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dist });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.equal(readFileSync(join(dist, 'notes.txt'), 'utf8'), 'my own notes\n');
    assert.match(stderr, /kept 1 file\(s\) tszig did not write, not in SHA256SUMS: notes\.txt/);

    for (const p of PLATFORMS.slice(0, 3)) {
      const names = ok(run('tar', ['-tzvf', join(dist, `hello-file-${VERSION}-${p}.tar.gz`)], { env: { ...process.env, TZ: 'UTC' } }), 'tar -tzvf');
      assert.match(names, new RegExp(`^-rwxr-xr-x 0/0 .* 2023-11-14 \\d\\d:\\d\\d hello-file-${VERSION}-${p}/hello-file$`, 'm'));
    }
    const zip = ok(run('unzip', ['-Z', join(dist, `hello-file-${VERSION}-windows_amd64.zip`)]), 'unzip -Z');
    assert.match(zip, new RegExp(`^-rwxr-xr-x .* unx .* hello-file-${VERSION}-windows_amd64/hello-file\\.exe$`, 'm'));
  });

  it('the binaries hold no path of the machine that built them; __FILE__ names /workspace', () => {
    const { dist, m } = machineA();
    for (const p of PLATFORMS) {
      for (const f of readdirSync(join(dist, p))) {
        const bytes = readFileSync(join(dist, p, f));
        for (const path of [m.root, realCargoHome, homedir()]) assert.ok(!bytes.includes(Buffer.from(path)), `${p}/${f} holds ${path}`);
      }
    }
    assert.equal(ok(run(join(dist, 'linux_amd64_musl', 'hello-file'), []), 'run x86_64 musl'), expected('x86_64'));
  });

  it('the layout passes skopeo: an image index over linux/amd64, linux/arm64 and linux/arm/v7, each with its entrypoint', () => {
    const { oci } = machineA();
    const index = JSON.parse(skopeo(['inspect', '--raw', `oci:${oci}:${VERSION}`])) as { mediaType: string; manifests: { mediaType: string; platform: Record<string, string> }[] };
    assert.equal(index.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.deepEqual(index.manifests.map((d) => [d.mediaType, d.platform]), [
      ['application/vnd.oci.image.manifest.v1+json', { architecture: 'amd64', os: 'linux' }],
      ['application/vnd.oci.image.manifest.v1+json', { architecture: 'arm', os: 'linux', variant: 'v7' }],
      ['application/vnd.oci.image.manifest.v1+json', { architecture: 'arm64', os: 'linux' }],
    ]);
    for (const [arch, variant] of [['amd64'], ['arm64'], ['arm', 'v7']] as const) {
      const select = ['--override-os', 'linux', '--override-arch', arch, ...(variant ? ['--override-variant', variant] : [])];
      const config = JSON.parse(skopeo([...select, 'inspect', '--config', `oci:${oci}:${VERSION}`])) as Record<string, unknown> & { config: { Entrypoint: string[] }; rootfs: { diff_ids: string[] } };
      assert.deepEqual([config.os, config.architecture, config.variant, config.created], ['linux', arch, variant, '2023-11-14T22:13:20Z']);
      assert.deepEqual(config.config.Entrypoint, ['/usr/local/bin/hello-file']);
      assert.equal(config.rootfs.diff_ids.length, 1, 'FROM scratch: one layer');
    }
  });

  it('the arm64 image, copied out by skopeo and unpacked by umoci, holds a binary that runs under qemu', () => {
    const rootfs = unpack(machineA().oci, VERSION, 'arm64');
    assert.deepEqual(readdirSync(join(rootfs, 'usr', 'local', 'bin')), ['hello-file']);
    assert.equal(ok(run('qemu-aarch64', [join(rootfs, 'usr', 'local', 'bin', 'hello-file')]), 'qemu-aarch64'), expected('aarch64'));
  });

  it('a second machine (other checkout, HOME, CARGO_HOME, tszig cache) writes the same SHA256SUMS and the same image index', () => {
    const [a, b] = [machineA(), machineB()];
    assert.equal(readFileSync(join(b.dist, 'SHA256SUMS'), 'utf8'), readFileSync(join(a.dist, 'SHA256SUMS'), 'utf8'));
    assert.ok(readFileSync(join(b.oci, 'index.json')).equals(readFileSync(join(a.oci, 'index.json'))), 'index.json (and so the image index digest) differs');
    assert.deepEqual(readdirSync(join(b.oci, 'blobs', 'sha256')), readdirSync(join(a.oci, 'blobs', 'sha256')));
  });

  it('a second run into the same directory replaces its own files; --no-archive then removes the archives it wrote', () => {
    const { m, dist, oci } = machineA();
    const r = cargoTszig(m, [...targetArgs([...MUSL, WINDOWS]), '--dist', dist, '--oci', oci, '--no-archive']);
    ok(r, 'second --dist run');
    assert.match(r.stderr, /removed 4 file\(s\) an earlier --dist wrote and this one did not: hello-file-0\.2\.0-linux_amd64_musl\.tar\.gz/);
    assert.deepEqual(readdirSync(dist).sort(), ['.tszig-dist.json', 'SHA256SUMS', 'linux_amd64_musl', 'linux_arm64_musl', 'linux_arm_v7_musl', 'notes.txt', 'windows_amd64']);
    assert.equal(run('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dist }).status, 0);
  });
});

describe('--oci for glibc: on a base image given as a local layout', () => {
  /** A base layout made by umoci: aarch64 glibc from Debian's cross libc, nothing else. */
  const base = once(() => {
    const dir = join(freshDir('tszig-base-'), 'base');
    const libs = freshDir('tszig-base-libs-');
    for (const l of ['ld-linux-aarch64.so.1', 'libc.so.6', 'libpthread.so.0', 'libdl.so.2', 'libgcc_s.so.1', 'libm.so.6']) cpSync(join('/usr/aarch64-linux-gnu/lib', l), join(libs, l));
    ok(run('umoci', ['init', '--layout', dir]), 'umoci init');
    ok(run('umoci', ['new', '--image', `${dir}:glibc`]), 'umoci new');
    ok(run('umoci', ['config', '--image', `${dir}:glibc`, '--os', 'linux', '--architecture', 'arm64', '--config.env', 'PATH=/usr/bin:/bin', '--config.cmd', '/bin/sh']), 'umoci config');
    ok(run('umoci', ['insert', ...(process.getuid?.() === 0 ? [] : ['--rootless']), '--image', `${dir}:glibc`, libs, '/lib']), 'umoci insert');
    return dir;
  });
  const build = (m: Machine): { dist: string; oci: string } => {
    const dist = join(m.root, 'out', 'glibc-dist');
    const oci = join(m.root, 'out', 'glibc-oci');
    ok(cargoTszig(m, ['--target', GLIBC, '--dist', dist, '--oci', oci, '--oci-base', `${base()}:glibc`]), 'cargo tszig build --oci --oci-base');
    return { dist, oci };
  };
  const onA = once(() => build(machineA().m));

  it('the image adds one layer to the base, sets the entrypoint, and runs on the base\'s glibc (2.17 ceiling)', () => {
    const { dist, oci } = onA();
    const config = JSON.parse(skopeo(['--override-os', 'linux', '--override-arch', 'arm64', 'inspect', '--config', `oci:${oci}:${VERSION}`])) as { config: Record<string, unknown>; rootfs: { diff_ids: string[] } };
    assert.equal(config.rootfs.diff_ids.length, 2);
    assert.deepEqual(config.config, { Env: ['PATH=/usr/bin:/bin'], Entrypoint: ['/usr/local/bin/hello-file'] });
    const rootfs = unpack(oci, VERSION, 'arm64');
    assert.equal(ok(run('qemu-aarch64', ['-L', rootfs, join(rootfs, 'usr', 'local', 'bin', 'hello-file')]), 'qemu-aarch64 in the image'), expected('aarch64'));
    const highest = highestGlibc(join(dist, 'linux_arm64', 'hello-file'));
    assert.ok(highest && versionAtMost(highest, '2.17'), `needs GLIBC_${highest}`);
  });

  it('is the same on the second machine', () => {
    const a = onA();
    const b = build(machineB().m);
    assert.equal(readFileSync(join(b.dist, 'SHA256SUMS'), 'utf8'), readFileSync(join(a.dist, 'SHA256SUMS'), 'utf8'));
    assert.ok(readFileSync(join(b.oci, 'index.json')).equals(readFileSync(join(a.oci, 'index.json'))));
  });
});

describe('--dist and --oci refuse bad input before building, and touch nothing', () => {
  const m = once(() => {
    fetched();
    return machine('bad');
  });
  const refused = (args: readonly string[], status: number, pattern: RegExp): void => {
    const r = cargoTszig(m(), args);
    assert.equal(r.status, status, r.stderr);
    assert.match(r.stderr, pattern);
    assert.ok(!r.stderr.includes('Compiling'), 'cargo ran');
  };

  it('--oci with no Linux target', () => {
    const out = freshDir('tszig-bad-');
    refused(['--target', WINDOWS, '--dist', join(out, 'dist'), '--oci', join(out, 'oci')], 2, /--oci makes Linux images, and none of the targets is a Linux target[\s\S]*hint: add a Linux target/);
    assert.deepEqual(readdirSync(out), []);
  });

  it('a glibc target without a base image, or a base without its platform', () => {
    const out = freshDir('tszig-bad-');
    refused(['--target', GLIBC, '--dist', join(out, 'dist'), '--oci', join(out, 'oci')], 2, /aarch64-unknown-linux-gnu\.2\.17 links against glibc[\s\S]*hint: give a base image with glibc as a local OCI layout \(--oci-base/);
    const empty = freshDir('tszig-no-layout-');
    refused(['--target', GLIBC, '--dist', join(out, 'dist'), '--oci', join(out, 'oci'), '--oci-base', empty], 1, /is not an OCI image layout/);
    assert.deepEqual(readdirSync(out), []);
  });

  it('an unwritable directory', () => {
    const out = freshDir('tszig-bad-');
    writeFileSync(join(out, 'a-file'), '');
    refused(['--target', MUSL[0] as string, '--dist', join(out, 'a-file', 'dist')], 1, /cannot create --dist .*a-file\/dist: .*a-file is not a directory/);
    refused(['--target', MUSL[0] as string, '--dist', '/proc/tszig-dist'], 1, /cannot write --dist \/proc\/tszig-dist: \/proc is not writable/);
    refused(['--target', MUSL[0] as string, '--dist', join(out, 'dist'), '--oci', join(out, 'a-file')], 1, /--oci .*a-file exists and is not a directory/);
  });

  it('a dist directory holding files tszig did not write where it would write: listed, and left alone', () => {
    const dist = freshDir('tszig-bad-dist-');
    mkdirSync(join(dist, 'linux_amd64_musl'));
    writeFileSync(join(dist, 'linux_amd64_musl', 'hello-file'), 'not ours');
    refused(['--target', MUSL[0] as string, '--dist', dist], 1, /holds files tszig did not write where it writes: linux_amd64_musl\/hello-file[\s\S]*never deletes anything else/);
    assert.equal(readFileSync(join(dist, 'linux_amd64_musl', 'hello-file'), 'utf8'), 'not ours');
    assert.ok(!existsSync(join(dist, 'SHA256SUMS')));
  });

  it('--oci or --no-archive without --dist', () => {
    refused(['--target', MUSL[0] as string, '--oci', freshDir('tszig-bad-')], 2, /--oci works with --dist/);
    refused(['--target', MUSL[0] as string, '--no-archive'], 2, /--no-archive works with --dist/);
  });
});

describe('--reproducible keeps the user\'s rustflags', () => {
  const m = once(() => {
    fetched();
    return machine('flags');
  });
  const encoded = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): string => {
    const r = run('cargo', [`+${debianToolchain()}`, 'tszig', 'build', '--release', '--print-plan', ...args], { cwd: m().proj, env: { ...m().env, ...extra } });
    const line = ok(r, 'print-plan').split('\n').find((l) => l.includes('CARGO_ENCODED_RUSTFLAGS='));
    assert.ok(line, r.stdout);
    // The plan writes the value through printf so that a shell can run it; read it back the same way.
    return ok(run('sh', ['-c', `printf '%s' ${line.trim().replace(/^CARGO_ENCODED_RUSTFLAGS=/, '').replace(/ \\$/, '')}`]), 'sh').replaceAll('\x1f', ' | ');
  };

  it('RUSTFLAGS, or target.<triple>.rustflags from --config and a config file, come first', () => {
    const ws = m().proj;
    assert.match(encoded(['--target', MUSL[0] as string, '--dist', join(m().root, 'd1')], { RUSTFLAGS: '--cfg from_env' }), new RegExp(`^--cfg \\| from_env \\| --remap-path-prefix=.* \\| --remap-path-prefix=${ws}=/workspace`));
    mkdirSync(join(ws, '.cargo'), { recursive: true });
    writeFileSync(join(ws, '.cargo', 'config.toml'), `[target.'cfg(target_env = "musl")']\nrustflags = ["--cfg", "from_cfg"]\n[build]\nrustflags = ["--cfg", "shadowed"]\n`);
    const flags = encoded(['--reproducible', '--target', MUSL[0] as string, '--config', `target.${MUSL[0] as string}.rustflags=["--cfg","from_cli"]`]);
    assert.match(flags, /^--cfg \| from_cli \| --cfg \| from_cfg \| --remap-path-prefix=/);
    assert.doesNotMatch(flags, /shadowed/);
  });
});
