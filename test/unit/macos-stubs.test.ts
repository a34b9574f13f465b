// macOS without an SDK: the stub table's shape, the .tbd files rendered from it per target and
// deployment target, and where they are written. (Each stub's symbols are checked against the
// header it names in test/integration/macos-stub-sources.test.ts.)

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stubDir, stubFiles, writeStubs } from '../../src/macos/stubs.ts';
import { LIBRARIES_WITHOUT_STUB, SYSTEM_LIBRARIES } from '../../src/macos/system-libraries.ts';
import { exportedSymbols, renderTbd } from '../../src/macos/tbd.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { compareVersions, parseVersion } from '../../src/target/version.ts';

const target = (rust: string, deployment?: string) => parseTarget(rust, { glibcMax: undefined, zigVersion: '0.17.1', macosDeploymentTarget: deployment });
const lib = (name: string) => {
  const found = SYSTEM_LIBRARIES.find((l) => l.name === name);
  assert.ok(found, name);
  return found;
};

/** The fields of a rendered stub, read back the simple way its renderer writes them. */
function readTbd(text: string): { targets: string; installName: string; current: string; compatibility: string; symbols: string[] } {
  const field = (name: string): string => {
    const m = new RegExp(`^${name}: +(.+)$`, 'm').exec(text);
    assert.ok(m, `${name} in\n${text}`);
    return m[1] as string;
  };
  const symbols = /symbols: +\[([^\]]*)\]/.exec(text);
  assert.ok(symbols, text);
  return {
    targets: field('targets'),
    installName: field('install-name'),
    current: field('current-version'),
    compatibility: field('compatibility-version'),
    symbols: (symbols[1] as string).split(',').map((s) => s.trim()),
  };
}

describe('the stub table', () => {
  it('one entry per library, each with its install name in /usr/lib and versions as dylibs have them', () => {
    const names = SYSTEM_LIBRARIES.map((l) => l.name);
    assert.equal(new Set(names).size, names.length);
    for (const l of SYSTEM_LIBRARIES) {
      assert.match(l.installName, new RegExp(`^/usr/lib/lib${l.name}(\\.[A-Z0-9]+)*\\.dylib$`), l.name);
      assert.match(l.compatibilityVersion, /^\d+(\.\d+){0,2}$/, l.name);
      for (const r of l.releases) assert.match(r.currentVersion, /^\d+(\.\d+){0,2}$/, `${l.name} ${r.macos}`);
      assert.ok(l.linkedBy.length > 10, `${l.name}: say who links it`);
    }
  });

  it('releases ascend from the oldest macOS Rust supports; each symbol appears once, as a C identifier', () => {
    for (const l of SYSTEM_LIBRARIES) {
      const versions = l.releases.map((r) => parseVersion(r.macos));
      assert.ok(versions.every((v) => v !== undefined), l.name);
      for (let i = 1; i < versions.length; i++) assert.ok(compareVersions(versions[i - 1]!, versions[i]!) < 0, l.name);
      assert.equal(l.releases[0]?.macos, '10.12', `${l.name}: x86_64's minimum`);
      assert.ok(l.releases.some((r) => r.macos === '11.0'), `${l.name}: arm64's minimum`);
      const all = [...l.releases.flatMap((r) => r.added), ...l.notExported];
      assert.equal(new Set(all).size, all.length, `${l.name}: a symbol listed twice`);
      for (const s of all) assert.match(s, /^[A-Za-z_][A-Za-z0-9_]*$/, `${l.name}: ${s}`);
    }
  });

  it('libraries without a stub are not also stubbed, and libSystem’s parts are neither', () => {
    for (const name of Object.keys(LIBRARIES_WITHOUT_STUB)) assert.ok(!SYSTEM_LIBRARIES.some((l) => l.name === name), name);
    for (const name of ['System', 'c', 'm', 'pthread', 'dl', 'c++']) {
      assert.ok(!(name in LIBRARIES_WITHOUT_STUB) && !SYSTEM_LIBRARIES.some((l) => l.name === name), name);
    }
  });
});

describe('rendered stubs', () => {
  it('aarch64 (macOS 11.0): arm64, the 11.0 library’s version and every symbol up to 11.0', () => {
    const t = readTbd(renderTbd(lib('z'), target('aarch64-apple-darwin')));
    assert.equal(t.targets, '[ arm64-macos ]');
    assert.equal(t.installName, "'/usr/lib/libz.1.dylib'");
    assert.equal(t.current, '1.2.11');
    assert.equal(t.compatibility, '1');
    assert.ok(t.symbols.includes('_uncompress2') && t.symbols.includes('_zlibVersion'));
    assert.ok(!t.symbols.includes('_crc32_combine_gen'), 'later zlib');
    assert.deepEqual(t.symbols, [...t.symbols].sort());
  });

  it('x86_64 (macOS 10.12): x86_64 and only what 10.12 has; a later deployment target gets more', () => {
    const old = readTbd(renderTbd(lib('z'), target('x86_64-apple-darwin')));
    assert.equal(old.targets, '[ x86_64-macos ]');
    assert.equal(old.current, '1.2.8');
    assert.ok(!old.symbols.includes('_uncompress2'));
    const newer = readTbd(renderTbd(lib('z'), target('x86_64-apple-darwin', '12')));
    assert.equal(newer.current, '1.2.11');
    assert.ok(newer.symbols.includes('_uncompress2'));
  });

  it('C variables get Mach-O’s underscore like functions (libiconv’s _libiconv_version)', () => {
    assert.ok(exportedSymbols(lib('iconv'), '11.0').includes('__libiconv_version'));
    const t = readTbd(renderTbd(lib('iconv'), target('aarch64-apple-darwin')));
    assert.equal(t.installName, "'/usr/lib/libiconv.2.dylib'");
    assert.deepEqual([t.current, t.compatibility], ['7', '7']);
  });

  it('no stubs for other targets', () => {
    assert.throws(() => renderTbd(lib('z'), target('aarch64-unknown-linux-gnu')), /no macOS stubs/);
  });
});

describe('the stub directory', () => {
  it('is named by its content, so targets with the same stubs share it and others do not', () => {
    const cache = '/cache';
    const arm = stubDir(cache, stubFiles(target('aarch64-apple-darwin')));
    assert.equal(stubDir(cache, stubFiles(target('aarch64-apple-darwin', '11.0'))), arm);
    assert.notEqual(stubDir(cache, stubFiles(target('x86_64-apple-darwin'))), arm);
    assert.match(arm, /^\/cache\/macos-stubs\/[0-9a-f]{16}$/);
  });

  it('holds lib<name>.tbd for every library and is not rewritten when nothing changed', () => {
    const cache = mkdtempSync(join(tmpdir(), 'tszig-stubs-'));
    const dir = writeStubs(cache, target('aarch64-apple-darwin'));
    assert.deepEqual(readdirSync(dir).sort(), SYSTEM_LIBRARIES.map((l) => `lib${l.name}.tbd`).sort());
    const file = join(dir, 'libz.tbd');
    const before = statSync(file).mtimeMs;
    assert.equal(writeStubs(cache, target('aarch64-apple-darwin')), dir);
    assert.equal(statSync(file).mtimeMs, before);
    assert.equal(readFileSync(file, 'utf8'), renderTbd(lib('z'), target('aarch64-apple-darwin')));
  });
});
