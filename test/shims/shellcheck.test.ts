// Every generated shim, for every target and role, is shellcheck-clean POSIX sh.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { renderShim, type ShimRole } from '../../src/shims/render-sh.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { knownTargets } from '../../src/target/table.ts';
import { SHIMS_DIR } from '../../src/shims/templates.ts';
import { TESTED_ZIG_VERSIONS } from '../../src/zig/pin.ts';
import { versionAtLeast } from '../../src/target/version.ts';

it('generated shims pass shellcheck -s sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tszig-shellcheck-'));
  const files: string[] = [];
  // Shims that differ only in lines naming their target (the triples are plain words, so those lines
  // quote alike) are one case: one file of each is checked, in full.
  const seen = new Set<string>();
  for (const spec of knownTargets()) {
    for (const zigVersion of TESTED_ZIG_VERSIONS) {
      // A target newer than this zig (FreeBSD before 0.15) is refused by parseTarget, not shimmed.
      if (spec.zigMin !== undefined && !versionAtLeast(zigVersion, spec.zigMin)) continue;
      for (const role of ['cc', 'c++', 'ar', 'ranlib'] as ShimRole[]) {
        const target = parseTarget(spec.rust, { glibcMax: undefined, zigVersion });
        const text = renderShim({ role, target, zigPath: "/opt/my zig/it's/zig", zigVersion, zigCacheDir: '/c $x/`y`' });
        const shape = text
          .split('\n')
          .filter((l) => !l.includes(spec.rust) && !l.includes(target.zigTarget))
          .join('\n');
        if (seen.has(shape)) continue;
        seen.add(shape);
        const file = join(dir, `${spec.rust}-${zigVersion}-${role}`);
        writeFileSync(file, text);
        files.push(file);
      }
    }
  }
  assert.ok(files.length > 40, `only ${files.length} distinct shims: the grouping above lost cases`);
  const r = spawnSync('shellcheck', ['-s', 'sh', ...files], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'shellcheck must be installed (scripts/provision.sh installs it)');
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

// rsp.sh and helpers.sh are fragments spliced into cc.sh; they are checked as part of the shims above.
it('the complete templates pass shellcheck -s sh', () => {
  const r = spawnSync('shellcheck', ['-s', 'sh', ...['cc.sh', 'tool.sh'].map((f) => join(SHIMS_DIR, f))], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
