// `tszig env` is idempotent: in a shell that already ran `eval "$(tszig env …)"`, running it again
// prints every variable with the same value (tszig's own values are not "yours"), PATH and
// WINEPATH gain nothing twice, and `--unset` brings the shell back to where it started.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { e2eEnv, freshDir, ok, run } from '../support/e2e.ts';

// Windows: CC…, the linker, PATH (zig's dlltool), and with wine the runner, WINEDEBUG and WINEPATH.
const T = 'x86_64-pc-windows-gnu';

describe('tszig env, twice in one shell', () => {
  it('the second run prints what the first did; --unset restores PATH and WINEPATH', () => {
    const dir = freshDir('tszig-idem-');
    const env = e2eEnv({ WINEPATH: 'C:\\mine' });
    const script = [
      'set -e',
      `before=$(env | grep -E '^(PATH|WINEPATH)=' | sort)`,
      `tszig env --target ${T} --format json > '${join(dir, 'first.json')}'`,
      `eval "$(tszig env --target ${T})"`,
      `tszig env --target ${T} --format json > '${join(dir, 'second.json')}' 2> '${join(dir, 'second.err')}'`,
      `eval "$(tszig env --target ${T})"`,
      `env | grep -E '^(PATH|WINEPATH)=' | sort > '${join(dir, 'twice.env')}'`,
      `eval "$(tszig env --unset --target ${T})"`,
      `after=$(env | grep -E '^(PATH|WINEPATH)=' | sort)`,
      '[ "$before" = "$after" ] || { printf "before:\\n%s\\nafter:\\n%s\\n" "$before" "$after" >&2; exit 9; }',
      `env | grep -E '^(CC|CXX|AR|RANLIB|CMAKE_TOOLCHAIN_FILE|BINDGEN_EXTRA_CLANG_ARGS|CARGO_TARGET|WINEDEBUG)(_|=)' || true`,
    ].join('\n');
    for (const shell of ['dash', 'bash']) {
      const left = ok(run(shell, ['-c', script], { env }), `${shell}: env, eval, env again, unset`);
      assert.equal(left, '', `${shell}: left behind by --unset`);
      const read = (name: string): Record<string, string> => JSON.parse(ok(run('cat', [join(dir, name)]), name)) as Record<string, string>;
      const first = read('first.json');
      assert.ok(first.CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER?.endsWith('wine'), 'wine is the runner here');
      assert.ok(first.WINEPATH?.endsWith(';C:\\mine'), first.WINEPATH);
      assert.deepEqual(read('second.json'), first);
      assert.doesNotMatch(ok(run('cat', [join(dir, 'second.err')]), 'stderr'), /wins/);
      // Evaluated twice, PATH and WINEPATH hold tszig's entries once.
      const twice = ok(run('cat', [join(dir, 'twice.env')]), 'twice');
      assert.ok(twice.includes(`PATH=${first.PATH}\n`), `${twice}\nwanted PATH=${first.PATH}`);
      assert.ok(twice.includes(`WINEPATH=${first.WINEPATH}\n`), twice);
    }
  });
});
