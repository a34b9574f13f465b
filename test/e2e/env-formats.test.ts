// `tszig env --format …` read back by the programs that consume each format: dash, bash, fish,
// GNU make and python-dotenv get values with every character that needs quoting, set and then
// unset them; and a cache directory and zig path full of such characters still give working
// compilers through `eval`, fish's `source` and python-dotenv.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { EnvEntry } from '../../src/env/env-map.ts';
import { renderEnv, renderUnset, type EnvFormat } from '../../src/env/render.ts';
import { e2eEnv, freshDir, ok, run } from '../support/e2e.ts';
import { testZigVenv } from '../support/toolchain.ts';

const VALUES = [
  'plain',
  'a b  c',
  "it's",
  'say "hi"',
  '$HOME and ${X} and $(id)',
  'back\\slash\\',
  '#hash # mid',
  '`tick`',
  'semi;colon & pipe | redirect > <',
  'glob * ? [a]',
  'tab\there',
  'é ü 日本',
  'trailing space ',
  'percent % bang ! caret ^ tilde ~',
  'equals=sign',
  "'",
  '\\',
  'slash-hash \\# and \\\\# x',
];

const entries: EnvEntry[] = VALUES.map((value, i) => ({ name: `TSZIG_T${i}`, value }));
const NAMES = entries.map((e) => e.name);

function write(format: EnvFormat, list: readonly EnvEntry[] = entries): string {
  const file = join(freshDir('tszig-fmt-'), `env.${format}`);
  writeFileSync(file, renderEnv(list, format));
  return file;
}

/** Values separated by NUL, as printed by the consumers below; undefined for an unset variable. */
function parseNul(out: string): (string | undefined)[] {
  return out
    .split('\0')
    .slice(0, -1)
    .map((v) => (v === '<unset>' ? undefined : v.replace(/^=/, '')));
}

// Each variable printed as "=<value>" or "<unset>", NUL-terminated.
const SH_PRINT = NAMES.map((n) => `if [ -n "\${${n}+x}" ]; then printf '=%s\\0' "$${n}"; else printf '<unset>\\0'; fi`).join('\n');
const FISH_PRINT = NAMES.map((n) => `if set -q ${n}; printf '=%s\\0' "$${n}"; else; printf '<unset>\\0'; end`).join('\n');

const clean = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TSZIG_T')));

describe('env formats read by their consumers', () => {
  for (const shell of ['dash', 'bash'] as const) {
    it(`sh in ${shell}: set, then unset`, () => {
      const set = write('sh');
      const unset = join(freshDir('tszig-fmt-'), 'unset.sh');
      writeFileSync(unset, renderUnset(NAMES, 'sh'));
      const script = `set -eu\neval "$(cat '${set}')"\n${SH_PRINT}\n. '${unset}'\n${SH_PRINT}\n`;
      const out = parseNul(ok(run(shell, ['-c', script], { env: clean() }), shell));
      assert.deepEqual(out, [...VALUES, ...VALUES.map(() => undefined)]);
    });
  }

  it('sh keeps a newline', () => {
    const file = write('sh', [{ name: 'TSZIG_T0', value: 'line 1\nline 2' }]);
    assert.equal(ok(run('dash', ['-c', `. '${file}'; printf '%s' "$TSZIG_T0"`], { env: clean() }), 'dash'), 'line 1\nline 2');
  });

  it('fish: source, then unset', () => {
    const set = write('fish');
    const unset = join(freshDir('tszig-fmt-'), 'unset.fish');
    writeFileSync(unset, renderUnset(NAMES, 'fish'));
    const script = `source '${set}'\n${FISH_PRINT}\nsource '${unset}'\n${FISH_PRINT}\n`;
    const out = parseNul(ok(run('fish', ['--no-config', '-c', script], { env: clean() }), 'fish'));
    assert.deepEqual(out, [...VALUES, ...VALUES.map(() => undefined)]);
    // Exported to child processes, not only fish variables.
    const child = ok(run('fish', ['--no-config', '-c', `source '${set}'; sh -c 'printf %s "$TSZIG_T4"'`], { env: clean() }), 'fish child');
    assert.equal(child, VALUES[4]);
  });

  it('fish keeps a newline', () => {
    const file = write('fish', [{ name: 'TSZIG_T0', value: 'line 1\nline 2' }]);
    assert.equal(ok(run('fish', ['--no-config', '-c', `source '${file}'; printf '%s' "$TSZIG_T0"`], { env: clean() }), 'fish'), 'line 1\nline 2');
  });

  it('make: include exports to recipes; the unset file takes them away again', () => {
    const set = write('make');
    const dir = freshDir('tszig-fmt-make-');
    const unset = join(dir, 'unset.mk');
    writeFileSync(unset, renderUnset(NAMES, 'make'));
    const recipe = `\t@${SH_PRINT.replaceAll('$', () => '$$').split('\n').join('; \\\n\t')}\n`;
    writeFileSync(join(dir, 'set.mk'), `include ${set}\nall:\n${recipe}`);
    writeFileSync(join(dir, 'unset.mk.top'), `include ${set}\ninclude ${unset}\nall:\n${recipe}`);
    // And the make variable itself holds the value, for $(CC)-style use in rules.
    writeFileSync(join(dir, 'value.mk'), `include ${set}\n$(file >${join(dir, 'value.out')},$(TSZIG_T4))\nall: ;\n`);
    assert.deepEqual(parseNul(ok(run('make', ['-s', '-f', 'set.mk'], { cwd: dir, env: clean() }), 'make')), VALUES);
    assert.deepEqual(parseNul(ok(run('make', ['-s', '-f', 'unset.mk.top'], { cwd: dir, env: clean() }), 'make unset')), VALUES.map(() => undefined));
    ok(run('make', ['-s', '-f', 'value.mk'], { cwd: dir, env: clean() }), 'make value');
    assert.equal(ok(run('cat', [join(dir, 'value.out')]), 'cat'), `${VALUES[4]}\n`);
  });

  it('dotenv: python-dotenv reads every value back, newlines too; `${` with a quote is refused', () => {
    // `${…}` is expanded by python-dotenv even in single quotes, and docker compose has no escape
    // for it that python-dotenv undoes: such a value cannot be written for both.
    const portable = [...entries.filter((e) => !e.value.includes('${')), { name: 'TSZIG_TNL', value: 'line 1\nline 2' }, { name: 'TSZIG_TD', value: 'cost $5' }];
    const file = write('dotenv', portable);
    const py = join(testZigVenv(), 'bin', 'python');
    const out = ok(run(py, ['-c', `import json, sys; from dotenv import dotenv_values; print(json.dumps(dotenv_values(sys.argv[1])))`, file]), 'python-dotenv');
    assert.deepEqual(JSON.parse(out), Object.fromEntries(portable.map((e) => [e.name, e.value])));
    for (const value of ['${X}', "it's $HOME", 'a\\$b']) {
      assert.throws(() => renderEnv([{ name: 'A', value }], 'dotenv'), /cannot be written so that every dotenv reader reads it back/);
    }
  });
});

describe('tszig env with a cache directory and zig path that need quoting', () => {
  const base = freshDir('tszig-quote-');
  const odd = join(base, "dir with 'quote' and $dollar");
  mkdirSync(join(odd, 'zig bin'), { recursive: true });
  const zig = join(odd, 'zig bin', 'zig');
  symlinkSync(join(testZigVenv(), 'lib', 'python3.11', 'site-packages', 'ziglang', 'zig'), zig);
  const env = e2eEnv({ TSZIG_CACHE_DIR: join(odd, 'cache'), TSZIG_ZIG: zig });
  const src = join(base, 'hello.c');
  writeFileSync(src, '#include <stdio.h>\nint main(void) { printf("hello %d\\n", 42); return 0; }\n');

  for (const shim of ['launcher', 'sh'] as const) {
    it(`sh: eval, then $CC builds for aarch64 (${shim} shims)`, () => {
      const out = join(base, `hello-sh-${shim}`);
      const script = `set -e; eval "$(tszig env --cc --target aarch64-unknown-linux-gnu)"; "$CC" -O2 -o '${out}' '${src}'; "$AR" --version >/dev/null 2>&1 || true`;
      ok(run('sh', ['-c', script], { env: { ...env, TSZIG_SHIM: shim } }), 'sh eval + $CC');
      assert.equal(ok(run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', out]), 'run'), 'hello 42\n');
    });
  }

  it('fish: source, then $CC builds for armv7', () => {
    const out = join(base, 'hello-fish');
    const script = `tszig env --format fish --cc --target armv7-unknown-linux-gnueabihf | source; and $CC -o '${out}' '${src}'`;
    ok(run('fish', ['--no-config', '-c', script], { env }), 'fish source + $CC');
    assert.equal(ok(run('qemu-arm', ['-L', '/usr/arm-linux-gnueabihf', out]), 'run'), 'hello 42\n');
  });

  it('dotenv: the values python-dotenv reads run as compilers; a `$` and quote in the path is refused', () => {
    const out = join(base, 'hello-dotenv');
    const file = join(base, 'tszig.env');
    // python-dotenv and docker compose share no escape for a value with both: a clear error.
    const refused = run('tszig', ['env', '--format', 'dotenv', '--target', 'x86_64-unknown-linux-gnu'], { env });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /cannot be written so that every dotenv reader reads it back[\s\S]*hint: use --format sh or json/);
    assert.equal(refused.stdout, '');
    const quoted = e2eEnv({ TSZIG_CACHE_DIR: join(base, "cache with 'quote' #hash") });
    writeFileSync(file, ok(run('tszig', ['env', '--format', 'dotenv', '--cc', '--target', 'x86_64-unknown-linux-gnu.2.17'], { env: quoted }), 'tszig env dotenv'));
    assert.match(readFileSync(file, 'utf8'), /^CC="[^"]*cache with 'quote' #hash/m);
    const py = join(testZigVenv(), 'bin', 'python');
    const code = `import subprocess, sys; from dotenv import dotenv_values; v = dotenv_values(sys.argv[1]); subprocess.run([v["CC"], "-o", sys.argv[2], sys.argv[3]], check=True)`;
    ok(run(py, ['-c', code, file, out, src], { env: quoted }), 'python-dotenv + CC');
    assert.equal(ok(run(out, []), 'run'), 'hello 42\n');
  });

  it('--unset prints only what this tszig set, and the shell is clean afterwards', () => {
    const script = [
      'set -e',
      'eval "$(tszig env --cc --target aarch64-unknown-linux-gnu)"',
      'export CC_keep=mine',
      'eval "$(tszig env --unset --cc --target aarch64-unknown-linux-gnu)"',
      'env | grep -E "^(CC|CXX|AR|RANLIB|CMAKE_TOOLCHAIN_FILE|BINDGEN_EXTRA_CLANG_ARGS|CARGO_TARGET)(_|=)" | sort || true',
    ].join('\n');
    assert.equal(ok(run('sh', ['-c', script], { env }), 'env --unset'), 'CC_keep=mine\n');
  });
});
