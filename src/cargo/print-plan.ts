// Renders a cargo plan as a sh command a user could run themselves.

import { shQuote } from '../shims/sh-quote.js';
import type { CargoPlan } from './plan.js';

/** A value for sh; one holding 0x1f (CARGO_ENCODED_RUSTFLAGS' separator) goes through printf. */
function shValue(value: string): string {
  if (!value.includes('\x1f')) return shQuote(value);
  return `"$(printf '%b' ${shQuote(value.replaceAll('\\', '\\\\').replaceAll('\x1f', '\\0037'))})"`;
}

export function renderPlan(plan: CargoPlan): string {
  const lines: string[] = [];
  if (plan.zig) lines.push(`# zig ${plan.zig.version}: ${plan.zig.path} (${plan.zig.origin})`);
  for (const t of plan.targets) {
    lines.push(`# target ${t.target.input}: rust ${t.target.rust}, zig ${t.target.zigTarget}, ${t.shims.kind} shims`);
    for (const s of t.env.skipped) lines.push(`#   ${s.name} not set: the user's ${s.because} wins`);
  }
  if (plan.targets.length === 0) lines.push('# no target: plain cargo, zig not used');
  const runs = plan.dist ?? { runs: [{ args: plan.args, env: plan.env }] };
  if (plan.dist) {
    lines.push(`# --dist: each run's artifacts are copied to ${plan.dist.dir}/<platform>/ (${plan.dist.runs.map((r) => r.platform).join(', ')})`);
    lines.push(`#   then ${plan.dist.archives ? 'one archive per platform and ' : ''}SHA256SUMS; timestamps from SOURCE_DATE_EPOCH=${plan.dist.epoch}`);
    if (plan.dist.oci) lines.push(`# --oci: images for ${plan.dist.oci.images.map((i) => `${i.requested} (${i.base ? `on ${i.base.name}` : 'FROM scratch'})`).join(', ')} into ${plan.dist.oci.dir}`);
  }
  if (plan.sccache) {
    const w = plan.sccache.wrapper;
    lines.push(`# sccache (${w.from}): ${w.path ?? `${w.value}, not on PATH's absolute entries`}${w.path ? '; also the CMake compiler launcher' : ''}`);
  }
  if (plan.reproducible) {
    const kinds = Object.entries(plan.reproducible).filter(([, v]) => v !== undefined);
    lines.push(`# --reproducible: paths mapped to fixed names: ${kinds.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  for (const run of runs.runs) {
    const env = Object.entries(run.env).map(([k, v]) => `${k}=${shValue(v)}`);
    const command = [plan.command, ...run.args].map(shQuote).join(' ');
    lines.push(env.length > 0 ? `env \\\n  ${env.join(' \\\n  ')} \\\n  ${command}` : command);
  }
  return `${lines.join('\n')}\n`;
}
