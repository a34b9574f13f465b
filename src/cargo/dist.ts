// `cargo tszig build --target A --target B … --dist DIR`: one cargo run per target, its final
// artifacts (executables, cdylibs, static libraries) copied to DIR/<platform>/, universal2 merged
// into fat files; then one archive per platform, DIR/SHA256SUMS over everything written, and with
// --oci an OCI image layout (see src/release/). A summary comes at the end.

import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { PreparedTarget } from '../env/prepare.js';
import { ensureDir, writeFileAtomic } from '../fs/atomic.js';
import type { Logger } from '../log/logger.js';
import { makeFat } from '../macho/fat.js';
import { archiveBytes, archiveEntries, archiveName, archiveStem } from '../release/archives.js';
import { writeImages, type ShippedFile } from '../release/images.js';
import type { BaseForPlatform } from '../release/oci-base.js';
import { platformKey, type OciPlatform } from '../release/oci-image.js';
import { OutputDirError, SHA256SUMS, writeDistRecord, type DistDirState } from '../release/output-dir.js';
import { releasePackage, parsePackageId, type PackageName } from '../release/package-id.js';
import { renderSha256Sums, sha256Hex } from '../release/sha256sums.js';
import { UNIVERSAL2, UNIVERSAL2_PARTS, UNIVERSAL2_PLATFORM, type TargetOs } from '../target/table.js';
import { runPlan } from './run.js';

export interface DistRun {
  /** What the user asked for (a target, or universal2-apple-darwin). */
  readonly requested: string;
  readonly platform: string;
  /** The target's OS (archive format: zip for Windows). */
  readonly os: TargetOs | undefined;
  /** The Rust targets cargo builds in this run. */
  readonly rust: readonly string[];
  readonly args: readonly string[];
  /** Variables for this run's targets only. */
  readonly env: Readonly<Record<string, string>>;
}

export interface OciOutput {
  readonly dir: string;
  /** Each image: the run it comes from, its platform, and its base (none: FROM scratch). */
  readonly images: readonly { readonly requested: string; readonly platform: OciPlatform; readonly base: BaseForPlatform | undefined }[];
}

export interface DistPlan {
  readonly dir: string;
  readonly runs: readonly DistRun[];
  /** One archive per platform (off with --no-archive). */
  readonly archives: boolean;
  /** SOURCE_DATE_EPOCH: the timestamp inside archives and images. */
  readonly epoch: number;
  /** What DIR held before the run (checked before anything was built). */
  readonly state: DistDirState;
  readonly oci: OciOutput | undefined;
}

/** Final artifact kinds: what a release ships (no rlibs, build scripts or proc-macros). */
const SHIPPED = new Set(['bin', 'cdylib', 'staticlib', 'dylib']);

export interface Artifact {
  readonly rust: string | undefined;
  readonly file: string;
  /** bin: an executable; lib: a shared library; other: a static or import library. */
  readonly kind: ShippedFile['kind'];
  readonly packageId: string | undefined;
}

/** The target a file was built for, from its path (<target-dir>/<triple>/<profile>/…). */
function targetOf(file: string, rust: readonly string[]): string | undefined {
  return rust.find((t) => file.includes(`/${t}/`) || file.includes(`\\${t}\\`));
}

function kindOf(file: string, executable: boolean): ShippedFile['kind'] {
  if (executable) return 'bin';
  return /\.(so|dylib|dll)$/.test(file) ? 'lib' : 'other';
}

/** Final artifacts named by a cargo JSON message, if it is one. */
export function artifactsOf(line: string, rust: readonly string[]): Artifact[] {
  let m: { reason?: string; package_id?: string; target?: { kind?: string[] }; profile?: { test?: boolean }; executable?: string | null; filenames?: string[] };
  try {
    m = JSON.parse(line) as typeof m;
  } catch {
    return [];
  }
  if (m.reason !== 'compiler-artifact' || m.profile?.test || !m.target?.kind?.some((k) => SHIPPED.has(k))) return [];
  const files = m.executable ? [m.executable] : (m.filenames ?? []).filter((f) => !/\.(rlib|rmeta|d|pdb)$/.test(f));
  return files.map((file) => ({ rust: targetOf(file, rust), file, kind: kindOf(file, Boolean(m.executable)), packageId: m.package_id }));
}

interface Row {
  readonly target: string;
  readonly dir: string;
  readonly files: string[];
  readonly bytes: number;
  readonly ms: number;
}

function summary(rows: readonly Row[], dir: string, extra: readonly string[]): string {
  const mb = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`);
  const cells = rows.map((r) => [r.target, r.dir, r.files.join(', ') || '(none)', mb(r.bytes), `${(r.ms / 1000).toFixed(1)} s`]);
  const header = ['TARGET', 'DIRECTORY', 'ARTIFACTS', 'SIZE', 'TIME'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [`dist: ${dir}`, line(header), ...cells.map(line), ...extra].join('\n');
}

export interface DistContext {
  readonly command: string;
  readonly logger: Logger;
}

/** What one platform directory got. */
interface Collected {
  readonly run: DistRun;
  readonly files: ShippedFile[];
}

/** Writes `data` (or a copy of `from`) to DIR/<rel> and records its SHA-256. */
class DistWriter {
  readonly written = new Map<string, string>();
  constructor(
    private readonly dir: string,
    private readonly record: Record<string, string>,
  ) {}

  put(rel: string, data: Buffer, mode: number): string {
    const dest = join(this.dir, rel);
    ensureDir(dirname(dest), 'dist directory');
    writeFileAtomic(dest, data, mode);
    return this.note(rel, sha256Hex(data));
  }

  copy(rel: string, from: string): string {
    const dest = join(this.dir, rel);
    ensureDir(dirname(dest), 'dist directory');
    const tmp = `${dest}.${process.pid}.tmp`;
    copyFileSync(from, tmp);
    renameSync(tmp, dest);
    return this.note(rel, sha256Hex(readFileSync(dest)));
  }

  private note(rel: string, sha: string): string {
    this.written.set(rel, sha);
    this.record[rel] = sha;
    writeDistRecord(this.dir, this.record);
    return join(this.dir, rel);
  }
}

/** Runs every target in turn; stops at the first failing cargo run and returns its exit code. */
export async function runDist(dist: DistPlan, ctx: DistContext): Promise<number> {
  const rows: Row[] = [];
  const record: Record<string, string> = { ...dist.state.ours };
  const out = new DistWriter(dist.dir, record);
  const collected: Collected[] = [];
  const all: Artifact[] = [];
  let started = false;
  for (const run of dist.runs) {
    ctx.logger.info(`dist: building ${run.requested}`);
    const found: Artifact[] = [];
    const t0 = Date.now();
    const code = await runPlan({ command: ctx.command, args: run.args, env: run.env }, ctx.logger, (line) => {
      const a = artifactsOf(line, run.rust);
      if (a.length > 0) found.push(...a);
      else if (!line.startsWith('{')) process.stderr.write(`${line}\n`);
    });
    if (code !== 0) return code;
    if (!started) {
      // The old checksums would describe a directory this run is changing.
      started = true;
      if (record[SHA256SUMS] !== undefined) {
        rmSync(join(dist.dir, SHA256SUMS), { force: true });
        delete record[SHA256SUMS];
      }
    }
    all.push(...found);
    const files: ShippedFile[] = [];
    if (run.requested === UNIVERSAL2) {
      const [intel, arm] = UNIVERSAL2_PARTS;
      for (const a of found.filter((f) => f.rust === intel)) {
        const pair = found.find((f) => f.rust === arm && basename(f.file) === basename(a.file));
        if (!pair) continue;
        const name = basename(a.file);
        const path = out.put(`${run.platform}/${name}`, makeFat([readFileSync(a.file), readFileSync(pair.file)]), statSync(a.file).mode & 0o777);
        files.push({ name, path, kind: a.kind });
      }
    } else {
      for (const a of found) {
        const name = basename(a.file);
        if (files.some((f) => f.name === name)) continue;
        files.push({ name, path: out.copy(`${run.platform}/${name}`, a.file), kind: a.kind });
      }
    }
    files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    collected.push({ run, files });
    rows.push({ target: run.requested, dir: run.platform, files: files.map((f) => f.name), bytes: files.reduce((n, f) => n + statSync(f.path).size, 0), ms: Date.now() - t0 });
  }

  const crate = releaseName(all, ctx.logger);
  const extra: string[] = [];
  if (dist.archives) {
    const planned = collected.filter((c) => c.files.length > 0).map((c) => ({ c, name: archiveName(archiveStem(crate.name, crate.version, c.run.platform), c.run.os) }));
    // Checked for all archives before writing any: a name taken by a file tszig did not write stops the run.
    const taken = planned.filter((p) => existsSync(join(dist.dir, p.name)) && record[p.name] === undefined && !out.written.has(p.name));
    if (taken.length > 0) {
      throw new OutputDirError(`--dist ${dist.dir}: ${taken.map((p) => p.name).join(', ')} exist${taken.length === 1 ? 's' : ''} and tszig did not write ${taken.length === 1 ? 'it' : 'them'}`, 'move them away (tszig never overwrites files it did not write), or pass --no-archive');
    }
    for (const p of planned) {
      const stem = p.name.replace(/\.(tar\.gz|zip)$/, '');
      out.put(p.name, archiveBytes(p.name, archiveEntries(stem, p.c.files), dist.epoch), 0o644);
      extra.push(`archive: ${p.name}`);
    }
  }
  removeStale(dist.dir, dist.state.ours, out.written, record, ctx.logger);
  const sums = renderSha256Sums([...out.written].map(([path, sha256]) => ({ path, sha256 })));
  out.put(SHA256SUMS, Buffer.from(sums), 0o644);
  extra.push(`checksums: ${SHA256SUMS} (${out.written.size - 1} files; check with: cd ${dist.dir} && sha256sum -c ${SHA256SUMS})`);
  if (dist.state.foreign.length > 0) {
    ctx.logger.warn(`dist: kept ${dist.state.foreign.length} file(s) tszig did not write, not in ${SHA256SUMS}: ${dist.state.foreign.slice(0, 5).join(', ')}${dist.state.foreign.length > 5 ? ', …' : ''}`);
  }

  if (dist.oci) {
    const images = dist.oci.images.map((img) => {
      const c = collected.find((x) => x.run.requested === img.requested);
      return { platform: img.platform, files: c?.files ?? [], base: img.base };
    });
    const result = await writeImages({ dir: dist.oci.dir, crate, ref: crate.version, epoch: dist.epoch, images, logger: ctx.logger });
    extra.push(`oci: ${dist.oci.dir}:${crate.version} (image index ${result.index.digest}; ${result.images.map((d) => (d.platform ? platformKey(d.platform) : '?')).join(', ')})`);
  }
  ctx.logger.info(summary(rows, dist.dir, extra));
  return 0;
}

/** The package the archives and images are named after (see releasePackage). */
function releaseName(all: readonly Artifact[], logger: Logger): PackageName {
  const picked = releasePackage(all);
  if (picked) return picked;
  const names = [...new Set(all.map((a) => a.packageId).filter((p): p is string => p !== undefined))]
    .map(parsePackageId)
    .filter((p): p is PackageName => p !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const first = names[0];
  if (!first) return { name: 'release', version: '0.0.0' };
  logger.warn(`dist: files come from ${names.map((n) => n.name).join(', ')}; archives and images are named after ${first.name} (build one package with -p to choose)`);
  return first;
}

/** Removes files an earlier run wrote that this one did not, and platform directories left empty. */
function removeStale(dir: string, before: Readonly<Record<string, string>>, written: ReadonlyMap<string, string>, record: Record<string, string>, logger: Logger): void {
  const stale = Object.keys(before).filter((p) => p !== SHA256SUMS && !written.has(p));
  for (const rel of stale) {
    rmSync(join(dir, rel), { force: true });
    delete record[rel];
    const parent = dirname(join(dir, rel));
    if (parent !== dir && existsSync(parent) && readdirSync(parent).length === 0) rmdirSync(parent);
  }
  if (stale.length > 0) logger.info(`dist: removed ${stale.length} file(s) an earlier --dist wrote and this one did not: ${stale.join(', ')}`);
  writeDistRecord(dir, record);
}

/** The dist runs for the requested targets: each alone, universal2 as its two macOS halves. */
export function planDistRuns(requested: readonly string[], targets: readonly PreparedTarget[], argsWithout: readonly string[]): Omit<DistRun, 'env'>[] {
  return [...new Set(requested)].map((r) => {
    const spec = targets.find((t) => t.target.input === r)?.target.spec;
    const rust = r === UNIVERSAL2 ? [...UNIVERSAL2_PARTS] : [spec?.rust ?? r];
    const platform = r === UNIVERSAL2 ? UNIVERSAL2_PLATFORM : (spec?.platform ?? r);
    const os = r === UNIVERSAL2 ? 'macos' : spec?.os;
    return { requested: r, platform, os, rust, args: [...argsWithout, ...rust.flatMap((t) => ['--target', t]), '--message-format=json-render-diagnostics'] };
  });
}
