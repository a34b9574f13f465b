// --reproducible's pure parts: the path table, cargo's choice of rustflags and its cfg keys,
// SOURCE_DATE_EPOCH, and what a dist directory may already hold.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCargoArgv } from '../../src/cargo/argv.ts';
import { CargoConfig } from '../../src/cargo/config.ts';
import { TszigError } from '../../src/errors.ts';
import { checkWritable, inspectDistDir, inspectOciDir, writeDistRecord } from '../../src/release/output-dir.ts';
import { sha256Hex } from '../../src/release/sha256sums.ts';
import { cfgMatches, parseCfgOutput } from '../../src/reproducible/cfg-expr.ts';
import { C_KINDS, cPrefixMapFlags, pathMappings, RUSTC_KINDS, rustcRemapFlags } from '../../src/reproducible/path-map.ts';
import { cfgRustflagsKeys, encodedRustflags, userRustflags } from '../../src/reproducible/rustflags.ts';
import { sourceDateEpoch } from '../../src/reproducible/source-date.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof TszigError ? err.code : String(err);
  }
  return undefined;
};

describe('path mappings', () => {
  const paths = { workspace: '/home/u/src/app/', targetDir: '/home/u/src/app/target', cargoHome: '/home/u/.cargo', rustSysroot: '/home/u/.rustup/toolchains/stable', zigLib: '/opt/zig/lib', zigCache: '/home/u/.cache/tszig/zig-cache', tszigCache: '/home/u/.cache/tszig' };
  it('go from least to most specific, so the nested path wins in rustc and clang alike', () => {
    assert.deepEqual(
      pathMappings(paths, C_KINDS).map((m) => `${m.from}=${m.to}`),
      ['/opt/zig/lib=/zig/lib', '/home/u/.cargo=/cargo', '/home/u/src/app=/workspace', '/home/u/.cache/tszig=/tszig', '/home/u/src/app/target=/target', '/home/u/.cache/tszig/zig-cache=/zig/cache'],
    );
    assert.deepEqual(rustcRemapFlags(pathMappings(paths, RUSTC_KINDS)), [
      '--remap-path-prefix=/home/u/.cargo=/cargo',
      '--remap-path-prefix=/home/u/src/app=/workspace',
      '--remap-path-prefix=/home/u/src/app/target=/target',
      '--remap-path-prefix=/home/u/.rustup/toolchains/stable=/rust',
    ]);
  });

  it('add the resolved spelling of a symlinked path, never map /, and leave paths with = to rustc only', () => {
    const m = pathMappings({ workspace: '/link/app', cargoHome: '/' }, ['workspace', 'cargoHome'], (p) => (p === '/link/app' ? '/real/app' : p));
    assert.deepEqual(m.map((x) => x.from), ['/link/app', '/real/app']);
    const eq = pathMappings({ workspace: '/w/a=b' }, ['workspace']);
    assert.deepEqual(rustcRemapFlags(eq), ['--remap-path-prefix=/w/a=b=/workspace']);
    assert.deepEqual(cPrefixMapFlags(eq).flags, []);
    assert.equal(cPrefixMapFlags(eq).unmapped.length, 1);
  });
});

describe('cfg keys', () => {
  const cfg = parseCfgOutput('unix\ntarget_os="linux"\ntarget_arch="aarch64"\ntarget_env="gnu"\npanic="unwind"\n');
  it('evaluate all, any, not, names and key="value"', () => {
    for (const [key, want] of [
      ['cfg(unix)', true],
      ['cfg(windows)', false],
      ['cfg(target_arch = "aarch64")', true],
      ['cfg(all(unix, target_env="gnu", not(target_arch="x86_64")))', true],
      ['cfg(any(windows, target_os = "macos"))', false],
      ['cfg(all())', true],
      ['cfg(any())', false],
    ] as const) {
      assert.equal(cfgMatches(key, cfg), want, key);
    }
    assert.throws(() => cfgMatches('cfg(unix', cfg));
    assert.throws(() => cfgMatches('unix', cfg));
  });
});

describe('the rustflags cargo would use', () => {
  const layer = (source: string, data: Record<string, unknown>, kind: 'cli' | 'file' = 'file') => ({ kind, source, data });
  const t = 'x86_64-unknown-linux-gnu';
  const config = new CargoConfig([
    layer('--config x', { build: { rustflags: ['--cfg', 'cli_build'] } }, 'cli'),
    layer('/w/app/.cargo/config.toml', { target: { [t]: { rustflags: ['--cfg', 'near_triple'] }, 'cfg(unix)': { rustflags: '--cfg unix_cfg' } }, build: { rustflags: '--cfg near_build' } }),
    layer('/home/u/.cargo/config.toml', { target: { [t]: { rustflags: ['--cfg', 'home_triple'] } }, build: { rustflags: ['--cfg', 'home_build'] } }),
  ]);
  const unix = parseCfgOutput('unix\n');

  it('take CARGO_ENCODED_RUSTFLAGS first (empty means none), then RUSTFLAGS', () => {
    assert.deepEqual(userRustflags(t, { CARGO_ENCODED_RUSTFLAGS: '-C\x1fopt-level=1', RUSTFLAGS: '--cfg x' }, config, unix), { source: 'CARGO_ENCODED_RUSTFLAGS', flags: ['-C', 'opt-level=1'] });
    assert.deepEqual(userRustflags(t, { CARGO_ENCODED_RUSTFLAGS: '' }, config, unix), { source: 'CARGO_ENCODED_RUSTFLAGS', flags: [] });
    assert.deepEqual(userRustflags(t, { RUSTFLAGS: '  --cfg  a ' }, config, unix), { source: 'RUSTFLAGS', flags: ['--cfg', 'a'] });
  });

  it('then the target\'s entries, joined lower precedence first, the environment\'s, then matching cfg keys', () => {
    assert.deepEqual(userRustflags(t, { CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS: '--cfg env_triple' }, config, unix).flags, [
      '--cfg', 'home_triple', '--cfg', 'near_triple', '--cfg', 'env_triple', '--cfg', 'unix_cfg',
    ]);
  });

  it('then build.rustflags with CARGO_BUILD_RUSTFLAGS and --config, when no target entry applies', () => {
    const noTarget = new CargoConfig([
      layer('--config x', { build: { rustflags: ['--cfg', 'cli_build'] } }, 'cli'),
      layer('/w/.cargo/config.toml', { target: { 'cfg(windows)': { rustflags: ['--cfg', 'win'] } }, build: { rustflags: '--cfg near_build' } }),
      layer('/home/u/.cargo/config.toml', { build: { rustflags: ['--cfg', 'home_build'] } }),
    ]);
    assert.deepEqual(cfgRustflagsKeys(noTarget), ['cfg(windows)']);
    assert.deepEqual(userRustflags(t, { CARGO_BUILD_RUSTFLAGS: '--cfg env_build' }, noTarget, unix), {
      source: 'build',
      flags: ['--cfg', 'home_build', '--cfg', 'near_build', '--cfg', 'env_build', '--cfg', 'cli_build'],
    });
    assert.throws(() => userRustflags(t, {}, noTarget), /cfg for x86_64-unknown-linux-gnu is needed/);
    assert.deepEqual(userRustflags(t, {}, new CargoConfig([])), { source: 'none', flags: [] });
  });

  it('become CARGO_ENCODED_RUSTFLAGS with tszig\'s after them; targets of one run must agree', () => {
    const user = { source: 'RUSTFLAGS' as const, flags: ['--cfg', 'a'] };
    assert.equal(encodedRustflags([{ target: t, user }], ['--remap-path-prefix=/w=/workspace']), '--cfg\x1fa\x1f--remap-path-prefix=/w=/workspace');
    assert.equal(codeOf(() => encodedRustflags([{ target: 'a', user }, { target: 'b', user: { source: 'none', flags: [] } }], [])), 'E_RUSTFLAGS');
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  it('defaults to 0 and must be whole seconds', () => {
    assert.equal(sourceDateEpoch({}), 0);
    assert.equal(sourceDateEpoch({ SOURCE_DATE_EPOCH: '1700000000' }), 1700000000);
    assert.equal(codeOf(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: 'yesterday' })), 'E_USAGE');
    assert.equal(codeOf(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: '-1' })), 'E_USAGE');
  });
});

describe('output directories', () => {
  const fresh = (): string => mkdtempSync(join(tmpdir(), 'tszig-outdir-'));
  it('must be writable directories (or creatable ones)', () => {
    const d = fresh();
    checkWritable(join(d, 'new', 'dist'), '--dist');
    writeFileSync(join(d, 'file'), 'x');
    assert.equal(codeOf(() => checkWritable(join(d, 'file', 'dist'), '--dist')), 'E_OUTPUT_DIR');
    assert.equal(codeOf(() => checkWritable(join(d, 'file'), '--dist')), 'E_OUTPUT_DIR');
    assert.equal(codeOf(() => checkWritable('/proc/tszig-dist', '--dist')), 'E_OUTPUT_DIR');
  });

  it('tszig replaces its own files, keeps others, and stops where another file is in its way', () => {
    const d = fresh();
    mkdirSync(join(d, 'linux_arm64'));
    writeFileSync(join(d, 'linux_arm64', 'app'), 'old build');
    writeFileSync(join(d, 'notes.txt'), 'mine');
    writeDistRecord(d, { 'linux_arm64/app': sha256Hex('old build') });
    assert.deepEqual(inspectDistDir(d, ['linux_arm64']), { ours: { 'linux_arm64/app': sha256Hex('old build') }, foreign: ['notes.txt'] });

    writeFileSync(join(d, 'linux_arm64', 'app'), 'edited by hand');
    assert.equal(codeOf(() => inspectDistDir(d, ['linux_arm64'])), 'E_OUTPUT_DIR');
    assert.deepEqual(inspectDistDir(d, ['windows_amd64']).foreign, ['linux_arm64/app', 'notes.txt']);
    writeFileSync(join(d, 'SHA256SUMS'), 'theirs');
    assert.equal(codeOf(() => inspectDistDir(d, ['windows_amd64'])), 'E_OUTPUT_DIR');
  });

  it('--oci takes an empty directory or an image layout, nothing else', () => {
    const d = fresh();
    inspectOciDir(join(d, 'new'));
    inspectOciDir(d);
    writeFileSync(join(d, 'oci-layout'), '{}');
    writeFileSync(join(d, 'index.json'), '{}');
    inspectOciDir(d);
    const other = fresh();
    writeFileSync(join(other, 'photo.jpg'), 'x');
    assert.equal(codeOf(() => inspectOciDir(other)), 'E_OUTPUT_DIR');
  });
});

describe('release flags', () => {
  it('are taken out of cargo\'s arguments', () => {
    const a = parseCargoArgv(['tszig', 'build', '--dist=out', '--oci', 'out/oci', '--oci-base', 'base:bookworm', '--no-archive', '--no-reproducible', '--release']);
    assert.deepEqual(a.args, ['build', '--release']);
    assert.deepEqual([a.flags.dist, a.flags.oci, a.flags.ociBase, a.flags.noArchive, a.flags.reproducible], ['out', 'out/oci', 'base:bookworm', true, false]);
    assert.equal(parseCargoArgv(['build', '--reproducible']).flags.reproducible, true);
    assert.equal(parseCargoArgv(['build']).flags.reproducible, undefined);
    assert.equal(codeOf(() => parseCargoArgv(['build', '--oci'])), 'E_USAGE');
    assert.equal(codeOf(() => parseCargoArgv(['build', '--oci-base='])), 'E_USAGE');
  });
});
