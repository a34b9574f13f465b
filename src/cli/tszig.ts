// `tszig …`: turns argv into options and calls one exported function per command.

import { cac } from 'cac';
import { UsageError } from '../errors.js';
import { envCommand } from '../env/command.js';
import { ENV_FORMATS, isEnvFormat } from '../env/render.js';
import { targetsCommand } from '../target/list.js';
import { PINNED_ZIG_VERSION } from '../zig/pin.js';
import { logLevel, packageVersion, runEntry } from './entry.js';
import { rawValue, rawValues } from './normalize.js';

const FOOTER = `Environment:
  TSZIG_ZIG             zig binary to use (like --zig)
  TSZIG_CACHE_DIR       tszig's cache (shims, probe results; default ~/.cache/tszig)
  TSZIG_SHIM            launcher (default: compiled shims, built once with zig) | sh (POSIX sh shims)
  ZIG_GLOBAL_CACHE_DIR  zig's own cache (default $TSZIG_CACHE_DIR/zig-cache)
  TSZIG_LOG             error | warn | info | debug

Zig ${PINNED_ZIG_VERSION} is pinned; it is taken from --zig, TSZIG_ZIG, \`python3 -m ziglang\`
(pip install ziglang==${PINNED_ZIG_VERSION}) or zig on PATH, in that order.
To build with cargo, use the cargo subcommand: cargo tszig build --target <triple>[.<glibc>]`;

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const verbose = argv.includes('--verbose');
  await runEntry(async (logger) => {
    const cli = cac('tszig');
    // Actions run synchronously inside cac; each leaves its outcome here for the entry to await.
    const outcome = { result: Promise.resolve(0) };

    cli
      .command('env', 'Print the environment that points cargo and C build tools at zig for the targets')
      .usage('env --target <triple>[.<glibc>] [--target …] [--format sh|json]')
      .option('--target <triple>', 'Rust target, optionally with a glibc suffix (repeatable)')
      .option('--format <format>', `Output format: ${ENV_FORMATS.join(', ')}`, { default: 'sh' })
      .option('--zig <path>', 'zig binary to use')
      .example('eval "$(npx tszig env --target aarch64-unknown-linux-gnu.2.17)"')
      .example('  cargo build --target aarch64-unknown-linux-gnu')
      .action(() => {
        const format = rawValue(argv, 'format') ?? 'sh';
        if (!isEnvFormat(format)) throw new UsageError(`unknown --format ${format}`, `use one of: ${ENV_FORMATS.join(', ')}`);
        outcome.result = envCommand({
          targets: rawValues(argv, 'target'),
          format,
          zig: rawValue(argv, 'zig'),
          env: process.env,
          cwd: process.cwd(),
          logger,
        }).then((text) => {
          process.stdout.write(text);
          return 0;
        });
      });

    cli.command('targets', 'List the supported Rust targets and their zig targets').action(() => {
      process.stdout.write(targetsCommand());
    });

    cli.option('--verbose', 'Debug output and stack traces on errors');
    cli.help((sections) => [...sections, { body: FOOTER }]);
    cli.version(packageVersion());

    const parsed = cli.parse(['node', 'tszig', ...argv], { run: false });
    if (parsed.options.help || parsed.options.version) return 0;
    if (!cli.matchedCommand) {
      if (cli.args.length > 0) {
        throw new UsageError(`unknown command '${cli.args.join(' ')}'`, 'run `tszig --help` for the list of commands');
      }
      cli.outputHelp();
      return 0;
    }
    cli.runMatchedCommand();
    return await outcome.result;
  }, logLevel(verbose, process.env));
}
