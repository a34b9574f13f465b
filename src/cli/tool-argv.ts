// argv → options for `tszig cc|c++|ar|ranlib`: tszig's own options before `--`, the tool's
// arguments after it. Anything else before `--` is a usage error, never silently dropped.

import { UsageError } from '../errors.js';

export interface ToolArgv {
  readonly target: string | undefined;
  readonly zig: string | undefined;
  readonly zigVersion: string | undefined;
  /** The tool's own arguments: everything after `--`, verbatim. */
  readonly args: readonly string[];
}

const VALUE_OPTIONS = { '--target': 'target', '--zig': 'zig', '--zig-version': 'zigVersion' } as const;
const FLAGS = new Set(['--verbose', '-v']);

/** `argv` is tszig's argv after global flags: the tool's name first. */
export function parseToolArgv(tool: string, argv: readonly string[]): ToolArgv {
  const at = argv.indexOf(tool);
  const dash = argv.indexOf('--');
  const ours = argv.slice(at + 1, dash === -1 ? argv.length : dash);
  const values: { target?: string; zig?: string; zigVersion?: string } = {};
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i] as string;
    const eq = a.indexOf('=');
    const name = (eq === -1 ? a : a.slice(0, eq)) as keyof typeof VALUE_OPTIONS;
    if (Object.hasOwn(VALUE_OPTIONS, name)) {
      const value = eq === -1 ? ours[++i] : a.slice(eq + 1);
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`, `e.g. tszig ${tool} --target aarch64-unknown-linux-gnu -- …`);
      values[VALUE_OPTIONS[name]] = value;
      continue;
    }
    if (FLAGS.has(a)) continue;
    const rest = ours.slice(i).join(' ');
    throw new UsageError(
      `tszig ${tool}: ${JSON.stringify(a)} is not a tszig option; the arguments for ${tool} go after \`--\``,
      `e.g. tszig ${tool} --target ${values.target ?? '<triple>'} -- ${rest}`,
    );
  }
  return { target: values.target, zig: values.zig, zigVersion: values.zigVersion, args: dash === -1 ? [] : argv.slice(dash + 1) };
}
