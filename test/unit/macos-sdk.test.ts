// A macOS SDK given to tszig: where it comes from (SDKROOT > tszig.toml), what is checked before
// use, and what it changes (shim rules, site arguments, CMake, cargo's environment).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProjectConfig } from '../../src/config/project-file.ts';
import { targetEnv } from '../../src/env/env-map.ts';
import { ConfigError, TszigError } from '../../src/errors.ts';
import { sdkCmakeLines } from '../../src/macos/sdk-args.ts';
import { checkSdk, resolveSdk } from '../../src/macos/sdk.ts';
import { renderCmakeToolchain } from '../../src/shims/cmake-toolchain.ts';
import { ruleContext, siteArgs } from '../../src/shims/render-sh.ts';
import { rulesFor } from '../../src/shims/rules.ts';
import { parseTarget } from '../../src/target/parse.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tszig-sdk-unit-'));
const target = (rust: string) => parseTarget(rust, { glibcMax: '2.42', zigVersion: '0.17.1' });
const ARM = target('aarch64-apple-darwin');
const INTEL = target('x86_64-apple-darwin');
const noProject = { path: undefined, targets: {} };

describe('which SDK', () => {
  const project = { path: '/p/tszig.toml', targets: { 'aarch64-apple-darwin': { sdk: '/sdks/arm.sdk' }, 'universal2-apple-darwin': { sdk: '/sdks/both.sdk' } } };

  it('SDKROOT > [target.<triple>] sdk > [target.universal2-apple-darwin] sdk', () => {
    assert.deepEqual(resolveSdk(ARM, { SDKROOT: '/env.sdk' }, project, '/cwd'), { root: '/env.sdk', from: 'SDKROOT' });
    assert.deepEqual(resolveSdk(ARM, {}, project, '/cwd'), { root: '/sdks/arm.sdk', from: '/p/tszig.toml [target.aarch64-apple-darwin] sdk' });
    assert.deepEqual(resolveSdk(INTEL, {}, project, '/cwd'), { root: '/sdks/both.sdk', from: '/p/tszig.toml [target.universal2-apple-darwin] sdk' });
    assert.equal(resolveSdk(INTEL, { SDKROOT: '' }, noProject, '/cwd'), undefined);
  });

  it('a relative SDKROOT is taken from the working directory; other targets have none', () => {
    assert.equal(resolveSdk(ARM, { SDKROOT: 'sdk' }, noProject, '/work')?.root, '/work/sdk');
    assert.equal(resolveSdk(target('aarch64-unknown-linux-gnu'), { SDKROOT: '/env.sdk' }, project, '/cwd'), undefined);
  });
});

describe('is it a macOS SDK', () => {
  const sdk = (files: Record<string, string>): string => {
    const root = tmp();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
    return root;
  };
  const check = (root: string) => checkSdk({ root, from: 'SDKROOT' }, ARM);

  it('a directory with SDKSettings.json (or only the plist older SDKs have) is', () => {
    assert.equal(check(sdk({ 'SDKSettings.json': '{"CanonicalName":"macosx11.3","Version":"11.3"}' })), undefined);
    assert.equal(check(sdk({ 'SDKSettings.json': '{}' })), undefined);
    assert.equal(check(sdk({ 'SDKSettings.plist': '<plist/>' })), undefined);
  });

  const bad: [string, () => string, RegExp][] = [
    ['a missing directory', () => join(tmp(), 'nope'), /no such directory/],
    ['a file', () => { const f = join(tmp(), 'f'); writeFileSync(f, ''); return f; }, /not a directory/],
    ['a directory without SDK settings', () => tmp(), /no SDKSettings\.json or SDKSettings\.plist in it/],
    ['an iOS SDK', () => sdk({ 'SDKSettings.json': '{"CanonicalName":"iphoneos17.0"}' }), /it is the iphoneos17\.0 SDK, not a macOS one/],
    ['unreadable settings', () => sdk({ 'SDKSettings.json': '{' }), /its SDKSettings\.json cannot be read/],
  ];
  for (const [what, make, re] of bad) {
    it(`${what} is not: E_SDK, naming where it was set and what to do`, () => {
      const root = make();
      const err = check(root);
      assert.ok(err instanceof TszigError);
      assert.equal(err.code, 'E_SDK');
      assert.equal(err.exitCode, 2);
      assert.match(err.message, re);
      assert.ok(err.message.startsWith(`SDKROOT = ${root}: `), err.message);
      assert.match(err.hint ?? '', /macOS SDK for aarch64-apple-darwin .*or unset it/);
    });
  }
});

describe('tszig.toml [target.<triple>] sdk', () => {
  const project = (text: string): string => {
    const dir = tmp();
    writeFileSync(join(dir, 'tszig.toml'), text);
    mkdirSync(join(dir, 'sub'));
    return dir;
  };

  it('is read per triple, relative to the file, and universal2 may hold one for both halves', async () => {
    const dir = project('[target.aarch64-apple-darwin]\nsdk = "sdks/MacOSX11.3.sdk"\n[target.universal2-apple-darwin]\nsdk = "/opt/MacOSX.sdk"\n[target.x86_64-unknown-linux-gnu]\n');
    const p = await loadProjectConfig(join(dir, 'sub'));
    assert.deepEqual(p.targets, {
      'aarch64-apple-darwin': { sdk: join(dir, 'sdks/MacOSX11.3.sdk') },
      'universal2-apple-darwin': { sdk: '/opt/MacOSX.sdk' },
      'x86_64-unknown-linux-gnu': {},
    });
  });

  const errors: [string, RegExp][] = [
    ['[target.aarch64-unknown-linux-gnu]\nsdk = "x"\n', /target\.aarch64-unknown-linux-gnu\.sdk: an SDK is for macOS targets only/],
    ['[target.aarch64-apple-darwin]\nsdk = 1\n', /target\.aarch64-apple-darwin\.sdk must be a non-empty string/],
    ['[target.aarch64-apple-darwin]\nsdk = ""\n', /must be a non-empty string/],
    ['[target.aarch64-apple-darwin]\nsdkroot = "x"\n', /unknown setting target\.aarch64-apple-darwin\.sdkroot/],
    ['[target.arm64-apple-macos]\nsdk = "x"\n', /\[target\.arm64-apple-macos\]: arm64-apple-macos is not a target tszig knows/],
    ['target = 3\n', /target must be a table/],
  ];
  for (const [text, re] of errors) {
    it(`rejects ${JSON.stringify(text.trim())}`, async () => {
      await assert.rejects(loadProjectConfig(project(text)), (e: unknown) => e instanceof ConfigError && re.test(e.message));
    });
  }
});

describe('what an SDK changes', () => {
  const ids = (sdkRoot: string | undefined, t = ARM) => rulesFor(ruleContext({ target: t, zigVersion: '0.17.1', sdkRoot })).rules.map((r) => r.id);

  it('without one, macOS shims check frameworks and stubless libraries; with one, zig is left to find them', () => {
    assert.ok(ids(undefined).includes('apple-framework-check') && ids(undefined).includes('apple-library-check'));
    assert.ok(ids(undefined, INTEL).includes('apple-framework-check'));
    assert.ok(!ids('/sdk').some((id) => id.startsWith('apple-') && id.endsWith('-check')));
    assert.ok(!ids(undefined, target('aarch64-unknown-linux-gnu')).includes('apple-framework-check'));
  });

  it('the shims search its headers, libraries and frameworks after the call’s own', () => {
    assert.deepEqual(siteArgs({ target: ARM, sdkRoot: '/S' }), ['-isystem', '/S/usr/include', '-L/S/usr/lib', '-F/S/System/Library/Frameworks', '-iframework', '/S/System/Library/Frameworks', '-DTARGET_OS_IPHONE=0']);
    assert.deepEqual(siteArgs({ target: ARM, siteArgs: ['-L/stubs'] }), ['-L/stubs']);
  });

  it('CMake gets it as CMAKE_OSX_SYSROOT and a find root', () => {
    const text = renderCmakeToolchain(ARM, { cc: '/s/cc', cxx: '/s/c++', ar: '/s/ar', ranlib: '/s/ranlib' }, sdkCmakeLines('/sdks/Mac "OS".sdk'));
    assert.match(text, /^set\(CMAKE_SYSTEM_NAME Darwin\)$/m);
    assert.match(text, /^set\(CMAKE_OSX_SYSROOT "\/sdks\/Mac \\"OS\\"\.sdk"\)$/m);
    assert.match(text, /^list\(APPEND CMAKE_FIND_ROOT_PATH "\/sdks\/Mac \\"OS\\"\.sdk"\)\n$/m);
  });

  it('cargo gets SDKROOT for an SDK from tszig.toml (rustc hands it to the linker), never over the user’s', () => {
    const shims = { dir: '/s', cc: '/s/zigcc', cxx: '/s/zigcxx', ar: '/s/zigar', ranlib: '/s/zigranlib', kind: 'sh' as const, cmake: '/s/t.cmake' };
    const fromToml = { root: '/sdks/a.sdk', from: '/p/tszig.toml [target.aarch64-apple-darwin] sdk' };
    assert.deepEqual(targetEnv({ target: ARM, shims, env: {}, sdk: fromToml }).set.find((e) => e.name === 'SDKROOT'), { name: 'SDKROOT', value: '/sdks/a.sdk' });
    assert.equal(targetEnv({ target: ARM, shims, env: { SDKROOT: '/x' }, sdk: { root: '/x', from: 'SDKROOT' } }).set.find((e) => e.name === 'SDKROOT'), undefined);
    assert.equal(targetEnv({ target: ARM, shims, env: {} }).set.find((e) => e.name === 'SDKROOT'), undefined);
  });
});
