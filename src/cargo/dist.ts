// `cargo tszig build --target A --target B … --dist DIR`: one cargo run per target, its final
// artifacts (executables, cdylibs, static libraries) copied to DIR/<platform>/, universal2 merged
// into fat files, and a summary at the end.

import { copyFileSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { PreparedTarget } from '../env/prepare.js';
import { ensureDir, writeFileAtomic } from '../fs/atomic.js';
import type { Logger } from '../log/logger.js';
import { makeFat } from '../macho/fat.js';
import { UNIVERSAL2, UNIVERSAL2_PARTS, UNIVERSAL2_PLATFORM } from '../target/table.js';
import { runPlan } from './run.js';

export interface DistRun {
  /** What the user asked for (a target, or universal2-apple-darwin). */
  readonly requested: string;
  readonly platform: string;
  /** The Rust targets cargo builds in this run. */
  readonly rust: readonly string[];
  readonly args: readonly string[];
  /** Variables for this run's targets only. */
  readonly env: Readonly<Record<string, string>>;
}

export interface DistPlan {
  readonly dir: string;
  readonly runs: readonly DistRun[];
}

/** Final artifact kinds: what a release ships (no rlibs, build scripts or proc-macros). */
const SHIPPED = new Set(['bin', 'cdylib', 'staticlib', 'dylib']);

interface Artifact {
  readonly rust: string | undefined;
  readonly file: string;
}

/** The target a file was built for, from its path (<target-dir>/<triple>/<profile>/…). */
function targetOf(file: string, rust: readonly string[]): string | undefined {
  return rust.find((t) => file.includes(`/${t}/`) || file.includes(`\\${t}\\`));
}

/** Final artifacts named by a cargo JSON message, if it is one. */
export function artifactsOf(line: string, rust: readonly string[]): Artifact[] {
  let m: { reason?: string; target?: { kind?: string[] }; profile?: { test?: boolean }; executable?: string | null; filenames?: string[] };
  try {
    m = JSON.parse(line) as typeof m;
  } catch {
    return [];
  }
  if (m.reason !== 'compiler-artifact' || m.profile?.test || !m.target?.kind?.some((k) => SHIPPED.has(k))) return [];
  const files = m.executable ? [m.executable] : (m.filenames ?? []).filter((f) => !/\.(rlib|rmeta|d|pdb)$/.test(f));
  return files.map((file) => ({ rust: targetOf(file, rust), file }));
}

function copyInto(dir: string, file: string): number {
  ensureDir(dir, 'dist directory');
  const dest = join(dir, basename(file));
  const tmp = `${dest}.${process.pid}.tmp`;
  copyFileSync(file, tmp);
  renameSync(tmp, dest);
  return statSync(dest).size;
}

interface Row {
  readonly target: string;
  readonly dir: string;
  readonly files: string[];
  readonly bytes: number;
  readonly ms: number;
}

function summary(rows: readonly Row[], dir: string): string {
  const mb = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`);
  const cells = rows.map((r) => [r.target, r.dir, r.files.join(', ') || '(none)', mb(r.bytes), `${(r.ms / 1000).toFixed(1)} s`]);
  const header = ['TARGET', 'DIRECTORY', 'ARTIFACTS', 'SIZE', 'TIME'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [`dist: ${dir}`, line(header), ...cells.map(line)].join('\n');
}

export interface DistContext {
  readonly command: string;
  readonly logger: Logger;
}

/** Runs every target in turn; stops at the first failing cargo run and returns its exit code. */
export async function runDist(dist: DistPlan, ctx: DistContext): Promise<number> {
  const rows: Row[] = [];
  for (const run of dist.runs) {
    ctx.logger.info(`dist: building ${run.requested}`);
    const found: Artifact[] = [];
    const started = Date.now();
    const code = await runPlan({ command: ctx.command, args: run.args, env: run.env }, ctx.logger, (line) => {
      const a = artifactsOf(line, run.rust);
      if (a.length > 0) found.push(...a);
      else if (!line.startsWith('{')) process.stderr.write(`${line}\n`);
    });
    if (code !== 0) return code;
    const out = join(dist.dir, run.platform);
    let bytes = 0;
    const files: string[] = [];
    if (run.requested === UNIVERSAL2) {
      const [intel, arm] = UNIVERSAL2_PARTS;
      for (const a of found.filter((f) => f.rust === intel)) {
        const pair = found.find((f) => f.rust === arm && basename(f.file) === basename(a.file));
        if (!pair) continue;
        const dest = join(out, basename(a.file));
        ensureDir(out, 'dist directory');
        writeFileAtomic(dest, makeFat([readFileSync(a.file), readFileSync(pair.file)]), statSync(a.file).mode & 0o777);
        bytes += statSync(dest).size;
        files.push(basename(a.file));
      }
    } else {
      for (const a of found) {
        bytes += copyInto(out, a.file);
        files.push(basename(a.file));
      }
    }
    rows.push({ target: run.requested, dir: run.platform, files: [...new Set(files)].sort(), bytes, ms: Date.now() - started });
  }
  ctx.logger.info(summary(rows, dist.dir));
  return 0;
}

/** The dist runs for the requested targets: each alone, universal2 as its two macOS halves. */
export function planDistRuns(requested: readonly string[], targets: readonly PreparedTarget[], argsWithout: readonly string[]): Omit<DistRun, 'env'>[] {
  return [...new Set(requested)].map((r) => {
    const rust = r === UNIVERSAL2 ? [...UNIVERSAL2_PARTS] : [targets.find((t) => t.target.input === r)?.target.rust ?? r];
    const platform = r === UNIVERSAL2 ? UNIVERSAL2_PLATFORM : (targets.find((t) => t.target.input === r)?.target.spec.platform ?? r);
    return { requested: r, platform, rust, args: [...argsWithout, ...rust.flatMap((t) => ['--target', t]), '--message-format=json-render-diagnostics'] };
  });
}
