// Timing helpers for the benchmarks: one command's wall time, interleaved samples, medians.

import { spawnSync } from 'node:child_process';

export interface Sample {
  label: string;
  times: number[];
}

/** Wall time of one run in ms; a failing run is an error (a benchmark of a failure means nothing). */
export function timeCommand(cmd: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 6).join(' ')}… failed: ${r.stderr?.toString().slice(0, 500)}`);
  return ms;
}

/** Runs each variant `reps` times, interleaved round-robin so drift hits all alike. */
export function interleave(reps: number, variants: { label: string; run: () => number }[]): Sample[] {
  const samples = variants.map((v) => ({ label: v.label, times: [] as number[] }));
  for (const v of variants) v.run(); // warm-up
  for (let i = 0; i < reps; i++) variants.forEach((v, j) => samples[j]?.times.push(v.run()));
  return samples;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
