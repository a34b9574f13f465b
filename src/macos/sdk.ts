// The macOS SDK for a target, when the user gives one: SDKROOT, else tszig.toml's
// `[target.<triple>] sdk` (else `[target.universal2-apple-darwin] sdk`). Checked before use.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProjectConfig } from '../config/project-file.js';
import { TszigError } from '../errors.js';
import type { Env } from '../platform/cache-dir.js';
import type { ResolvedTarget } from '../target/parse.js';
import { UNIVERSAL2 } from '../target/table.js';

export interface MacosSdk {
  /** Absolute path of the SDK's root (the directory holding SDKSettings.json). */
  readonly root: string;
  /** Where it was set, for messages. */
  readonly from: string;
}

/** SDKROOT > tszig.toml [target.<triple>] sdk > [target.universal2-apple-darwin] sdk; macOS only. */
export function resolveSdk(target: ResolvedTarget, env: Env, project: Pick<ProjectConfig, 'path' | 'targets'>, cwd: string): MacosSdk | undefined {
  if (target.spec.os !== 'macos') return undefined;
  if (env.SDKROOT) return { root: resolve(cwd, env.SDKROOT), from: 'SDKROOT' };
  for (const triple of [target.rust, UNIVERSAL2]) {
    const sdk = project.targets[triple]?.sdk;
    if (sdk) return { root: sdk, from: `${project.path ?? 'tszig.toml'} [target.${triple}] sdk` };
  }
  return undefined;
}

/** Why `sdk` is not a usable macOS SDK, or undefined when it is. */
export function checkSdk(sdk: MacosSdk, target: ResolvedTarget): TszigError | undefined {
  const problem = (what: string): TszigError =>
    new TszigError('E_SDK', `${sdk.from} = ${sdk.root}: ${what}`, {
      hint: `point it at a macOS SDK for ${target.rust} (the directory holding SDKSettings.json, e.g. MacOSX11.3.sdk), or unset it to link with tszig's stubs of the libraries macOS ships`,
    });
  try {
    if (!statSync(sdk.root).isDirectory()) return problem('not a directory');
  } catch {
    return problem('no such directory');
  }
  const settings = join(sdk.root, 'SDKSettings.json');
  if (!existsSync(settings)) {
    return existsSync(join(sdk.root, 'SDKSettings.plist')) ? undefined : problem('no SDKSettings.json or SDKSettings.plist in it, so it is not an SDK');
  }
  let name: unknown;
  try {
    name = (JSON.parse(readFileSync(settings, 'utf8')) as { CanonicalName?: unknown }).CanonicalName;
  } catch (err) {
    return problem(`its SDKSettings.json cannot be read: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof name === 'string' && !name.toLowerCase().startsWith('macosx')) return problem(`it is the ${name} SDK, not a macOS one`);
  return undefined;
}
