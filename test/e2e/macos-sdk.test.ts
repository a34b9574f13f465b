// macOS targets for real crates: fixtures/macos-syslibs links libiconv (through the libc crate), the
// system zlib, SQLite and libcurl (libz-sys's and libsqlite3-sys's defaults, curl-sys without
// static-curl) for both Apple targets and universal2 with no SDK, through tszig's stubs; a
// framework needs an SDK, which these tests make (a framework with a stub and a header, a header in
// usr/include, stubs in usr/lib) and give through SDKROOT and tszig.toml. Mach-O cannot run here:
// the load commands are read with llvm-objdump. The runs share one target directory and one tszig
// cache, so later runs rebuild little.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SYSTEM_LIBRARIES } from '../../src/macos/system-libraries.ts';
import { releasesFor } from '../../src/macos/tbd.ts';
import { e2eEnv, FIXTURES, freshDir, ok, run } from '../support/e2e.ts';
import { debianToolchain } from '../support/toolchain.ts';

const FIXTURE = join(FIXTURES, 'macos-syslibs');
const FOO = '/System/Library/Frameworks/Foo.framework/Versions/A/Foo';

interface Dylib {
  readonly name: string;
  readonly compatibility: string;
  readonly current: string;
}

/** The dylibs a Mach-O file (or one slice of a universal one) loads. */
function dylibsUsed(file: string, arch?: string): Dylib[] {
  const out = ok(run('llvm-objdump-14', ['--macho', '--dylibs-used', ...(arch ? [`--arch=${arch}`] : []), file]), `llvm-objdump --dylibs-used ${file}`);
  return [...out.matchAll(/^\s+(\S+) \(compatibility version ([\d.]+), current version ([\d.]+)\)$/gm)].map((m) => ({
    name: m[1] as string,
    compatibility: m[2] as string,
    current: m[3] as string,
  }));
}

function assertSystemOnly(dylibs: readonly Dylib[], what: string): void {
  assert.ok(dylibs.length > 0, `${what}: no dylibs`);
  for (const d of dylibs) assert.match(d.name, /^\/(usr\/lib|System)\//, `${what} loads ${d.name}`);
}

/** `1.2` as Mach-O load commands print versions: `1.2.0`. */
const threePart = (v: string): string => [...v.split('.'), '0', '0'].slice(0, 3).join('.');

const lib = (name: string) => {
  const found = SYSTEM_LIBRARIES.find((l) => l.name === name);
  assert.ok(found, name);
  return found;
};

/** A macOS SDK as Xcode lays one out, with just enough in it for the fixture. */
function makeSdk(root: string): string {
  const sdk = join(root, 'MacOSX11.0.sdk');
  const fw = join(sdk, 'System/Library/Frameworks/Foo.framework');
  mkdirSync(join(fw, 'Headers'), { recursive: true });
  mkdirSync(join(sdk, 'usr/include'), { recursive: true });
  mkdirSync(join(sdk, 'usr/lib'), { recursive: true });
  writeFileSync(join(sdk, 'SDKSettings.json'), JSON.stringify({ CanonicalName: 'macosx11.0', Version: '11.0' }));
  const tbd = (install: string, current: string, compat: string, symbols: readonly string[]): string =>
    [
      '--- !tapi-tbd',
      'tbd-version:     4',
      'targets:         [ x86_64-macos, arm64-macos ]',
      `install-name:    '${install}'`,
      `current-version: ${current}`,
      `compatibility-version: ${compat}`,
      'exports:',
      '  - targets:         [ x86_64-macos, arm64-macos ]',
      `    symbols:         [ ${symbols.join(', ')} ]`,
      '...',
      '',
    ].join('\n');
  writeFileSync(join(fw, 'Foo.tbd'), tbd(FOO, '3', '1', ['_foo_answer']));
  writeFileSync(join(fw, 'Headers/Foo.h'), 'int foo_answer(void);\n');
  writeFileSync(join(sdk, 'usr/include/tszig_sdk.h'), '#define TSZIG_SDK_OFFSET 1\n');
  // The SDK's own stubs, with versions tszig's do not have: the binary shows which were linked.
  writeFileSync(join(sdk, 'usr/lib/libiconv.tbd'), tbd('/usr/lib/libiconv.2.dylib', '7.0.1', '7', ['_iconv', '_iconv_open', '_iconv_close']));
  writeFileSync(join(sdk, 'usr/lib/libz.tbd'), tbd('/usr/lib/libz.1.dylib', '1.2.99', '1', ['_zlibVersion', '_adler32']));
  writeFileSync(join(sdk, 'usr/lib/libsqlite3.tbd'), tbd('/usr/lib/libsqlite3.dylib', '999', '9', ['_sqlite3_libversion']));
  writeFileSync(join(sdk, 'usr/lib/libcurl.tbd'), tbd('/usr/lib/libcurl.4.dylib', '99', '7', ['_curl_version']));
  return sdk;
}

describe('macOS system libraries and SDKs', () => {
  const targetDir = freshDir('tszig-macos-syslibs-');
  const env = e2eEnv();
  const cargo = (args: readonly string[], runEnv = env, cwd = FIXTURE) =>
    run('cargo', [`+${debianToolchain()}`, 'tszig', ...args, '--target-dir', targetDir], { cwd, env: runEnv });

  it('universal2 without an SDK: both halves load libiconv, libz, libsqlite3 and libcurl from /usr/lib, and nothing outside /usr/lib and /System', () => {
    ok(cargo(['build', '--target', 'universal2-apple-darwin']), 'universal2 build');
    const halves = [
      { triple: 'x86_64-apple-darwin', arch: 'x86_64', macos: '10.12' },
      { triple: 'aarch64-apple-darwin', arch: 'arm64', macos: '11.0' },
    ];
    const fat = join(targetDir, 'universal2-apple-darwin', 'debug', 'macos-syslibs');
    for (const h of halves) {
      for (const [what, dylibs] of [
        [h.triple, dylibsUsed(join(targetDir, h.triple, 'debug', 'macos-syslibs'))],
        [`the ${h.arch} slice of the universal file`, dylibsUsed(fat, h.arch)],
      ] as const) {
        assertSystemOnly(dylibs, what);
        const names = dylibs.map((d) => d.name);
        for (const name of ['/usr/lib/libSystem.B.dylib', '/usr/lib/libiconv.2.dylib', '/usr/lib/libz.1.dylib', '/usr/lib/libsqlite3.dylib', '/usr/lib/libcurl.4.dylib']) assert.ok(names.includes(name), `${what}: ${names.join(' ')}`);
        // Versions as that release's library has them (the table's), for the target's minimum macOS.
        const z = dylibs.find((d) => d.name === '/usr/lib/libz.1.dylib');
        assert.equal(z?.current, threePart(releasesFor(lib('z'), h.macos).at(-1)?.currentVersion ?? ''), what);
        assert.equal(z?.compatibility, '1.0.0', what);
        const sqlite = dylibs.find((d) => d.name === '/usr/lib/libsqlite3.dylib');
        assert.equal(sqlite?.current, threePart(releasesFor(lib('sqlite3'), h.macos).at(-1)?.currentVersion ?? ''), what);
        assert.equal(sqlite?.compatibility, '9.0.0', what);
        assert.deepEqual(dylibs.find((d) => d.name === '/usr/lib/libiconv.2.dylib'), { name: '/usr/lib/libiconv.2.dylib', compatibility: '7.0.0', current: '7.0.0' });
      }
    }
  });

  it('a framework without an SDK stops the link with tszig’s message, naming the framework and SDKROOT', () => {
    const r = cargo(['build', '--features', 'framework', '--target', 'aarch64-apple-darwin']);
    assert.notEqual(r.status, 0, r.stderr);
    assert.match(r.stderr, /tszig: cannot link framework Foo for aarch64-apple-darwin: zig brings no macOS frameworks/);
    assert.match(r.stderr, /tszig: hint: set SDKROOT to a macOS SDK \(or sdk = "<path>" under \[target\.aarch64-apple-darwin\] in tszig\.toml\)/);
  });

  it('SDKROOT: the framework links and its header is found, and the SDK’s libraries win over tszig’s stubs', () => {
    const sdk = makeSdk(freshDir('tszig-sdk-'));
    ok(cargo(['build', '--features', 'framework-header', '--target', 'aarch64-apple-darwin'], { ...env, SDKROOT: sdk }), 'build with SDKROOT');
    const dylibs = dylibsUsed(join(targetDir, 'aarch64-apple-darwin', 'debug', 'macos-syslibs'));
    assertSystemOnly(dylibs, 'aarch64 with the SDK');
    assert.deepEqual(
      dylibs.filter((d) => d.name !== '/usr/lib/libSystem.B.dylib').sort((a, b) => a.name.localeCompare(b.name)),
      [
        { name: FOO, compatibility: '1.0.0', current: '3.0.0' },
        { name: '/usr/lib/libcurl.4.dylib', compatibility: '7.0.0', current: '99.0.0' },
        { name: '/usr/lib/libiconv.2.dylib', compatibility: '7.0.0', current: '7.0.1' },
        { name: '/usr/lib/libsqlite3.dylib', compatibility: '9.0.0', current: '999.0.0' },
        { name: '/usr/lib/libz.1.dylib', compatibility: '1.0.0', current: '1.2.99' },
      ],
    );
  });

  it('tszig.toml [target.<triple>] sdk: the shims, CMake and bindgen get the SDK, and cargo gets SDKROOT', () => {
    const project = freshDir('tszig-sdk-project-');
    makeSdk(project);
    writeFileSync(join(project, 'tszig.toml'), '[target.x86_64-apple-darwin]\nsdk = "MacOSX11.0.sdk"\n');
    const sdk = join(project, 'MacOSX11.0.sdk');
    const plan = ok(cargo(['build', '--manifest-path', join(FIXTURE, 'Cargo.toml'), '--target', 'x86_64-apple-darwin', '--print-plan'], env, project), 'print-plan');
    assert.ok(plan.includes(`\n  SDKROOT=${sdk} \\\n`), `SDKROOT for cargo:\n${plan}`);
    const value = (name: string): string => {
      const m = new RegExp(`^ {2}${name}=(\\S+) \\\\$`, 'm').exec(plan);
      assert.ok(m, `${name} in\n${plan}`);
      return m[1] as string;
    };
    const site = readFileSync(`${value('CC_x86_64_apple_darwin')}.site`, 'utf8').split('\n');
    for (const arg of [`${sdk}/usr/include`, `-L${sdk}/usr/lib`, `-F${sdk}/System/Library/Frameworks`]) assert.ok(site.includes(arg), `${arg} in the site file:\n${site.join('\n')}`);
    assert.ok(!site.some((a) => a.includes('macos-stubs')), 'no stubs with an SDK');
    assert.match(readFileSync(value('CMAKE_TOOLCHAIN_FILE_x86_64_apple_darwin'), 'utf8'), new RegExp(`set\\(CMAKE_OSX_SYSROOT "${sdk}"\\)`));
    assert.ok(plan.includes(`-iframework ${sdk}/System/Library/Frameworks`), `bindgen gets the SDK's frameworks:\n${plan}`);
  });
});
