// `npm run bench`, one row per tested Zig: a warm compile call and a 3000-object link through the
// launcher against raw `zig cc` of the same version (ratios), and the first use of a target on a
// cold zig cache (zig building that target's C library pieces), so users see what a Zig upgrade
// costs.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostZigTarget } from '../src/platform/host.ts';
import { buildLauncher } from '../src/shims/launcher.ts';
import { renderLauncher } from '../src/shims/render-c.ts';
import { bakedArgs, renderSite, type ShimInput } from '../src/shims/render-sh.ts';
import { parseTarget } from '../src/target/parse.ts';
import { GLIBC_CEILINGS } from '../src/zig/glibc-ceilings.ts';
import { PINNED_ZIG_VERSION, TESTED_ZIG_VERSIONS } from '../src/zig/pin.ts';
import { interleave, median, timeCommand } from './bench-timing.ts';

export interface ZigVersionBench {
  readonly work: string;
  /** zig's warm cache (the warm rows). */
  readonly zigCache: string;
  /** main.o and f0.o … f2996.o: plain link inputs. */
  readonly objDir: string;
  readonly compileArgs: readonly string[];
  readonly quick: boolean;
  /** Also time MinGW-w64's first use (several minutes per zig on a busy machine). */
  readonly coldMingw: boolean;
  readonly log: (line: string) => void;
}

/** Targets whose first use is timed: one per C library zig builds (glibc stubs, musl, MinGW-w64). */
const COLD_TARGETS = ['x86_64-unknown-linux-gnu.2.17', 'x86_64-unknown-linux-musl', 'x86_64-pc-windows-gnu'] as const;

function zigOf(version: string): string {
  const name = `TSZIG_TEST_ZIG_${version.replaceAll('.', '_')}`;
  const path = process.env[name];
  if (!path) throw new Error(`${name} is not set: run \`npm run bench\` (it provisions every tested zig)`);
  return path;
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;
const s = (x: number): string => `${(x / 1000).toFixed(0)} s`;

/** The per-version table (markdown), measured now. */
export async function benchZigVersions(b: ZigVersionBench): Promise<string> {
  const hostTarget = hostZigTarget();
  if (!hostTarget) throw new Error('this host cannot build launchers');
  const rows: string[] = [];
  for (const version of TESTED_ZIG_VERSIONS) {
    const zig = zigOf(version);
    const env = { ...process.env, ZIG_GLOBAL_CACHE_DIR: b.zigCache };
    const target = parseTarget('x86_64-unknown-linux-gnu.2.17', { glibcMax: GLIBC_CEILINGS[version], zigVersion: version });
    const input: ShimInput = { role: 'cc', target, zigPath: zig, zigVersion: version, zigCacheDir: b.zigCache };
    const launcher = join(b.work, `launcher-cc-${version}`);
    writeFileSync(`${launcher}.site`, renderSite(input));
    await buildLauncher({ source: renderLauncher(input), out: launcher, compiler: zig, hostTarget, zigCacheDir: b.zigCache });
    const baked = bakedArgs(input);
    const run = (cmd: string, args: readonly string[]) => (): number => timeCommand(cmd, args, { cwd: b.work, env });

    const [rawCompile, viaCompile] = interleave(b.quick ? 5 : 25, [
      { label: 'zig cc', run: run(zig, ['cc', ...baked, ...b.compileArgs]) },
      { label: 'launcher', run: run(launcher, b.compileArgs) },
    ]).map((x) => median(x.times)) as [number, number];

    const link = ['-o', join(b.work, `linked-${version}`), join(b.objDir, 'main.o'), ...Array.from({ length: 2997 }, (_, i) => join(b.objDir, `f${i}.o`))];
    const [rawLink, viaLink] = interleave(b.quick ? 3 : 11, [
      { label: 'zig cc', run: run(zig, ['cc', ...baked, ...link]) },
      { label: 'launcher', run: run(launcher, link) },
    ]).map((x) => median(x.times)) as [number, number];

    const cold: string[] = [];
    for (const t of COLD_TARGETS.slice(0, b.quick ? 1 : b.coldMingw ? 3 : 2)) {
      const fresh = mkdtempSync(join(b.work, `cold-${version}-`));
      try {
        writeFileSync(join(fresh, 'main.c'), '#include <stdio.h>\nint main(void) { return puts("hi") < 0; }\n');
        const resolved = parseTarget(t, { glibcMax: GLIBC_CEILINGS[version], zigVersion: version });
        const args = ['cc', ...bakedArgs({ target: resolved, zigVersion: version }), '-o', join(fresh, 'main'), join(fresh, 'main.c')];
        cold.push(s(timeCommand(zig, args, { cwd: fresh, env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: join(fresh, 'zig-cache') } })));
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    }
    while (cold.length < COLD_TARGETS.length) cold.push('not measured');

    const row = `| ${version}${version === PINNED_ZIG_VERSION ? ' (pin)' : ''} | ${ms(rawCompile)} | ${ms(viaCompile)} | ${(viaCompile / rawCompile).toFixed(3)} | ${ms(rawLink)} | ${ms(viaLink)} | ${(viaLink / rawLink).toFixed(3)} | ${cold.join(' | ')} |`;
    b.log(row);
    rows.push(row);
  }
  return [
    `| zig | compile call (${b.compileArgs.length} args): zig cc | launcher | ratio | link (3000 objects): zig cc | launcher | ratio | first use, cold cache: glibc 2.17 | musl | MinGW-w64 |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
