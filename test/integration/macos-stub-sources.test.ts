// Every macOS stub's symbols, re-derived from the source the table names: the header as clang
// parses it for each macOS target (`zig cc -E -Xclang -ast-dump=json`), every external function
// and variable declared in the header itself. What the table exports plus what it leaves for
// later releases must be exactly that set.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { SYSTEM_LIBRARIES } from '../../src/macos/system-libraries.ts';
import { testZigCache } from '../support/toolchain.ts';

interface AstNode {
  readonly kind?: string;
  readonly name?: string;
  readonly storageClass?: string;
  readonly inline?: boolean;
  readonly isImplicit?: boolean;
  readonly loc?: AstLoc;
  readonly range?: { readonly begin?: AstLoc; readonly end?: AstLoc };
  readonly inner?: readonly AstNode[];
}

interface AstLoc {
  readonly file?: string;
  readonly spellingLoc?: AstLoc;
  readonly expansionLoc?: AstLoc;
}

/**
 * Names of the external functions and variables declared at file scope in `file`. clang's JSON
 * names a location's file only when it differs from the last one printed, so the walk follows the
 * locations in the order clang printed them; a declaration made by a macro counts where the macro
 * was used.
 */
function externalDeclarations(ast: AstNode, file: string): string[] {
  let last: string | undefined;
  const see = (loc: AstLoc | undefined): void => {
    if (loc?.file !== undefined) last = loc.file;
  };
  const visit = (loc: AstLoc | undefined): string | undefined => {
    if (loc && (loc.spellingLoc || loc.expansionLoc)) {
      see(loc.spellingLoc);
      see(loc.expansionLoc);
    } else {
      see(loc);
    }
    return last;
  };
  const names = new Set<string>();
  const walk = (node: AstNode, top: boolean): void => {
    const where = visit(node.loc);
    visit(node.range?.begin);
    visit(node.range?.end);
    const external = (node.kind === 'FunctionDecl' || node.kind === 'VarDecl') && node.storageClass !== 'static' && !node.inline && !node.isImplicit;
    if (top && external && where === file && node.name) names.add(node.name);
    for (const child of node.inner ?? []) walk(child, false);
  };
  for (const node of ast.inner ?? []) walk(node, true);
  return [...names].sort();
}

function zigOf(version: string): string {
  const name = `TSZIG_TEST_ZIG_${version.replaceAll('.', '_')}`;
  const zig = process.env[name];
  if (!zig) throw new Error(`${name} is not set: run this test through scripts/test.sh (it provisions every tested zig)`);
  return zig;
}

const TARGETS = [
  ['x86_64-macos.10.12-none', 'x86_64 at macOS 10.12'],
  ['aarch64-macos.11.0-none', 'arm64 at macOS 11.0'],
] as const;

describe('macOS stubs against their sources', () => {
  const work = mkdtempSync(join(tmpdir(), 'tszig-stub-sources-'));
  for (const lib of SYSTEM_LIBRARIES) {
    for (const [zigTarget, what] of TARGETS) {
      it(`lib${lib.name}: the functions and variables ${lib.header.zigLib} declares for ${what} (zig ${lib.header.zig})`, () => {
        const zig = zigOf(lib.header.zig);
        // The PyPI wheel's layout: ziglang/zig next to ziglang/lib.
        const header = join(dirname(zig), 'lib', lib.header.zigLib);
        assert.ok(existsSync(header), header);
        const source = join(work, `${lib.name}.c`);
        writeFileSync(source, `#include "${header}"\n`);
        const r = spawnSync(zig, ['cc', '-target', zigTarget, '-E', '-Xclang', '-ast-dump=json', '-x', 'c', source], {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
          env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() },
        });
        assert.equal(r.status, 0, r.stderr);
        const declared = externalDeclarations(JSON.parse(r.stdout) as AstNode, header);
        assert.ok(declared.length > 0, `nothing declared in ${header}`);
        const listed = [...lib.releases.flatMap((rel) => rel.added), ...lib.later].sort();
        assert.deepEqual(listed, declared, `lib${lib.name}: the table (exported + later) and ${header} disagree`);
      });
    }
  }
});
