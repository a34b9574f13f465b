// `tszig env --go`: Go's names for every target, the variables per target, CC quoted the way go
// splits it, and the result in every --format.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goEnv, goQuote } from '../../src/env/go-env.ts';
import { ENV_FORMATS, renderEnv } from '../../src/env/render.ts';
import { TszigError } from '../../src/errors.ts';
import type { ShimSet } from '../../src/shims/materialize.ts';
import { GO_TARGETS, goTarget } from '../../src/target/go.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { knownTargets } from '../../src/target/table.ts';

const shims = (dir: string): ShimSet => ({ dir, cc: `${dir}/zigcc-1`, cxx: `${dir}/zigcxx-1`, ar: `${dir}/zigar-1`, ranlib: `${dir}/zigranlib-1`, kind: 'launcher', cmake: `${dir}/t.cmake` });
const env = (target: string, dir = '/c/shims') => goEnv(parseTarget(target, { glibcMax: undefined, zigVersion: '0.17.1' }), shims(dir));
const asObject = (entries: { name: string; value: string }[]) => Object.fromEntries(entries.map((e) => [e.name, e.value]));

describe('Go targets', () => {
  it('every target has GOOS and GOARCH; the OS and architecture match the target table', () => {
    const goos: Record<string, string> = { linux: 'linux', windows: 'windows', macos: 'darwin', freebsd: 'freebsd', wasi: 'wasip1' };
    for (const t of knownTargets()) {
      const go = goTarget(t.rust);
      assert.ok(go, t.rust);
      assert.equal(go.goos, goos[t.os], t.rust);
    }
    assert.equal(Object.keys(GO_TARGETS).length, knownTargets().length);
  });

  it('gives the level variables where they apply', () => {
    assert.deepEqual(asObject(env('aarch64-unknown-linux-gnu.2.17')), { CC: '/c/shims/zigcc-1', CXX: '/c/shims/zigcxx-1', CGO_ENABLED: '1', GOOS: 'linux', GOARCH: 'arm64' });
    assert.equal(asObject(env('armv7-unknown-linux-musleabihf')).GOARM, '7');
    assert.equal(asObject(env('arm-unknown-linux-gnueabihf')).GOARM, '6');
    assert.equal(asObject(env('arm-unknown-linux-gnueabi')).GOARM, '5');
    assert.equal(asObject(env('i586-unknown-linux-gnu')).GO386, 'softfloat');
    assert.deepEqual([asObject(env('x86_64-pc-windows-gnu')).GOOS, asObject(env('x86_64-pc-windows-gnu')).GOAMD64], ['windows', 'v1']);
    assert.throws(() => env('wasm32-wasip1'), (e: unknown) => e instanceof TszigError && e.code === 'E_GO');
  });
});

describe('CC for go', () => {
  it('is quoted only when go would split it', () => {
    assert.equal(goQuote('/c/zigcc-1'), '/c/zigcc-1');
    assert.equal(goQuote('/my cache/zigcc-1'), "'/my cache/zigcc-1'");
    assert.equal(goQuote("/it's here/zigcc-1"), '"/it\'s here/zigcc-1"');
    assert.throws(() => goQuote('/a "b" \'c\'/zigcc'), (e: unknown) => e instanceof TszigError && e.code === 'E_GO');
  });

  it('renders in every format', () => {
    const entries = env('aarch64-unknown-linux-gnu', '/my cache/shims');
    for (const format of ENV_FORMATS) {
      const text = renderEnv(entries, format);
      for (const name of ['CC', 'CXX', 'CGO_ENABLED', 'GOOS', 'GOARCH']) assert.ok(text.includes(name), `${format}: ${name}`);
      assert.ok(text.includes('/my cache/shims/zigcc-1'), format);
    }
    assert.equal((JSON.parse(renderEnv(entries, 'json')) as Record<string, string>).CC, "'/my cache/shims/zigcc-1'");
  });
});
