// Renders a system library's text-based stub (`.tbd`, TAPI v4 YAML) for one macOS target.

import type { ResolvedTarget } from '../target/parse.js';
import { versionAtLeast } from '../target/version.js';
import type { StubRelease, SystemLibrary } from './system-libraries.js';

/** The TAPI architecture names of Rust's macOS targets. */
const TBD_ARCH: Readonly<Record<string, string>> = { x86_64: 'x86_64', aarch64: 'arm64' };

/** The releases a target may rely on: those up to its deployment target, and at least the first. */
export function releasesFor(lib: SystemLibrary, deploymentTarget: string): readonly StubRelease[] {
  const upTo = lib.releases.filter((r) => versionAtLeast(deploymentTarget, r.macos));
  return upTo.length > 0 ? upTo : lib.releases.slice(0, 1);
}

/** Mach-O names (with the leading underscore) the stub exports for a deployment target, sorted. */
export function exportedSymbols(lib: SystemLibrary, deploymentTarget: string): string[] {
  return releasesFor(lib, deploymentTarget)
    .flatMap((r) => r.added)
    .map((s) => `_${s}`)
    .sort();
}

/** A YAML flow sequence, wrapped the way Apple's stubs are. */
function flowList(items: readonly string[], indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}, ${item}`;
    if (line !== '' && next.length > 80) {
      lines.push(`${line},`);
      line = item;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return `[ ${lines.join(`\n${' '.repeat(indent + 2)}`)} ]`;
}

export function renderTbd(lib: SystemLibrary, target: ResolvedTarget): string {
  const arch = TBD_ARCH[target.spec.arch];
  if (target.spec.os !== 'macos' || !arch) throw new Error(`no macOS stubs for ${target.rust}`);
  const deployment = target.macosMin ?? target.spec.macosMin ?? '0';
  const releases = releasesFor(lib, deployment);
  const newest = releases.at(-1) as StubRelease;
  const targets = `[ ${arch}-macos ]`;
  return [
    '--- !tapi-tbd',
    'tbd-version:     4',
    `targets:         ${targets}`,
    `install-name:    '${lib.installName}'`,
    `current-version: ${newest.currentVersion}`,
    `compatibility-version: ${lib.compatibilityVersion}`,
    'exports:',
    `  - targets:         ${targets}`,
    `    symbols:         ${flowList(exportedSymbols(lib, deployment), 21)}`,
    '...',
    '',
  ].join('\n');
}
