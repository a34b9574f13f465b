// Go's cgo through tszig: `tszig env --go` for aarch64 glibc 2.17 (run under qemu, glibc ceiling
// checked), armv7 musl (static, run under qemu) and Windows (run under wine), each built by
// Debian's Go (TSZIG_TEST_GO) from fixtures/hello-cgo; and the targets Go cannot take.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { e2eEnv, FIXTURES, freshDir, highestGlibc, ok, run, versionAtMost } from '../support/e2e.ts';

const GO = process.env.TSZIG_TEST_GO;
const FIXTURE = join(FIXTURES, 'hello-cgo');
/** Go's build cache outlives the run: Go compiles its standard library once per GOOS/GOARCH. */
const GOCACHE = join(process.env.TSZIG_DEV_CACHE ?? freshDir('tszig-go-'), 'go-build-cache');

const output = (goos: string, goarch: string, libc: string): string =>
  [`hello-cgo on ${goos}/${goarch}`, 'c: 6 * 7 = 42', 'c: copy_len = 14', `c: libc = ${libc}`, ''].join('\n');

function goBuild(target: string, env: NodeJS.ProcessEnv, viaSh: boolean): { bin: string; vars: Record<string, string> } {
  const vars = JSON.parse(ok(run('tszig', ['env', '--go', '--format', 'json', '--target', target], { env }), 'tszig env --go')) as Record<string, string>;
  const bin = join(freshDir('tszig-go-out-'), vars.GOOS === 'windows' ? 'hello-cgo.exe' : 'hello-cgo');
  const goEnv = { ...env, GOCACHE, GOTOOLCHAIN: 'local', GOFLAGS: '-trimpath' };
  if (viaSh) {
    // The sh format, eval'd the way the README shows.
    ok(run('sh', ['-c', 'eval "$(tszig env --go --target "$1")" && exec "$2" build -o "$3" .', 'sh', target, GO as string, bin], { cwd: FIXTURE, env: goEnv }), `go build (${target})`);
  } else {
    ok(run(GO as string, ['build', '-o', bin, '.'], { cwd: FIXTURE, env: { ...goEnv, ...vars } }), `go build (${target})`);
  }
  return { bin, vars };
}

describe('go build with cgo through tszig env --go (Debian Go)', { skip: !GO && 'TSZIG_TEST_GO is not set' }, () => {
  const env = e2eEnv();

  it('aarch64-unknown-linux-gnu.2.17: runs under qemu and needs nothing newer than GLIBC_2.17', () => {
    const { bin, vars } = goBuild('aarch64-unknown-linux-gnu.2.17', env, false);
    assert.deepEqual([vars.CGO_ENABLED, vars.GOOS, vars.GOARCH, vars.GOARM], ['1', 'linux', 'arm64', undefined]);
    assert.match(vars.CC ?? '', /\/shims\/aarch64-unknown-linux-gnu\.2\.17\/site-[0-9a-f]{12}\/zigcc-[0-9a-f]+$/);
    assert.equal(ok(run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', bin]), 'qemu-aarch64'), output('linux', 'arm64', 'glibc'));
    const highest = highestGlibc(bin);
    assert.ok(highest && versionAtMost(highest, '2.17'), `needs GLIBC_${highest}`);
  });

  it('armv7-unknown-linux-musleabihf (GOARM=7): static, runs under qemu', () => {
    const { bin } = goBuild('armv7-unknown-linux-musleabihf', env, true);
    const headers = ok(run('readelf', ['-lh', bin]), 'readelf');
    assert.match(headers, /Machine:\s+ARM/);
    assert.doesNotMatch(headers, /INTERP/, 'dynamically linked');
    assert.match(ok(run('readelf', ['-A', bin]), 'readelf -A'), /Tag_CPU_arch: v7/);
    assert.equal(ok(run('qemu-arm', [bin]), 'qemu-arm'), output('linux', 'arm', 'other'));
  });

  it('x86_64-pc-windows-gnu (windows/amd64): runs under wine', () => {
    const { bin, vars } = goBuild('x86_64-pc-windows-gnu', env, false);
    assert.deepEqual([vars.GOOS, vars.GOARCH, vars.GOAMD64], ['windows', 'amd64', 'v1']);
    const r = ok(run('wine', [bin], { env: { ...env, WINEDEBUG: '-all' } }), 'wine');
    assert.equal(r.replaceAll('\r\n', '\n'), output('windows', 'amd64', 'mingw'));
  });
});

describe('tszig env --go refuses what go cannot do', () => {
  const env = e2eEnv();
  it('one target only, no --cc, and no cgo for wasip1', () => {
    for (const [args, pattern] of [
      [['--target', 'aarch64-unknown-linux-gnu', '--target', 'x86_64-unknown-linux-gnu'], /--go needs exactly one --target \(got 2\)/],
      [['--target', 'aarch64-unknown-linux-gnu', '--cc'], /--go already sets CC and CXX/],
      [['--target', 'wasm32-wasip1'], /wasm32-wasip1: Go has no cgo for wasip1[\s\S]*hint: build it without cgo \(CGO_ENABLED=0\)/],
    ] as const) {
      const r = run('tszig', ['env', '--go', ...args], { env });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, pattern);
      assert.equal(r.stdout, '');
    }
  });
});
