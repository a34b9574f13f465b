// `tszig …`: turns argv into options and calls one exported function per command.

import { cac } from 'cac';
import { UsageError } from '../errors.js';
import { envCommand } from '../env/command.js';
import { ciCacheCommand } from '../ci/cache.js';
import { ENV_FORMATS, isEnvFormat } from '../env/render.js';
import { targetsCommand } from '../target/list.js';
import { checkZigAction, zigInstall, zigList, zigPrune, zigWhich } from '../zig/commands.js';
import { TOOLS, toolCommand } from '../shims/tool-command.js';
import { checkSysrootAction, sysrootAdd, sysrootList, sysrootPath, sysrootPrune } from '../sysroot/commands.js';
import { logLevel, packageVersion, runEntry } from './entry.js';
import { ENVIRONMENT_HELP, PROJECT_HELP, ZIG_HELP } from './help-text.js';
import { rawValue, rawValues } from './normalize.js';
import { parseToolArgv } from './tool-argv.js';

const FOOTER = `${ENVIRONMENT_HELP}

${ZIG_HELP}

${PROJECT_HELP}

To build with cargo, use the cargo subcommand: cargo tszig build --target <triple>[.<glibc>]`;

/** cac's own complaints (a missing option value, an unknown option, a missing argument) are usage errors. */
function usageFromCac(err: unknown, command: string | undefined): unknown {
  if (!(err instanceof Error) || err.name !== 'CACError') return err;
  return new UsageError(err.message.replace(/`/g, "'"), `run \`tszig ${command ? `${command} ` : ''}--help\``);
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // -v/--verbose as in cargo-tszig (and cargo); -V/--version. Arguments after `--` are a tool's.
  const end = argv.indexOf('--');
  const ours = end === -1 ? argv : argv.slice(0, end);
  const verbose = ours.includes('--verbose') || ours.includes('-v');
  await runEntry(async (logger) => {
    const cli = cac('tszig');
    // Actions run synchronously inside cac; each leaves its outcome here for the entry to await.
    const outcome = { result: Promise.resolve(0) };

    cli
      .command('env', 'Print the environment that points cargo and C build tools at zig for the targets')
      .usage(`env --target <triple>[.<glibc>] [--target …] [--format ${ENV_FORMATS.join('|')}] [--cc | --go] [--unset]`)
      .option('--target <triple>', 'Rust target, optionally with a glibc suffix (repeatable)')
      .option('--format <format>', `Output format: ${ENV_FORMATS.join(', ')}`, { default: 'sh' })
      .option('--cc', 'With one target: also set plain CC, CXX, AR and RANLIB (for C projects)')
      .option('--go', 'With one target: what `go build` needs for cgo instead (CC, CXX, CGO_ENABLED=1, GOOS, GOARCH, GOARM/GO386/GOAMD64)')
      .option('--unset', 'Print the inverse: unset what a previous tszig env set (sh, fish, powershell, make)')
      .option('--zig <path>', 'zig binary to use')
      .option('--zig-version <version>', 'Zig version to use (default: tszig.toml, else the pin)')
      .example('eval "$(npx tszig env --target aarch64-unknown-linux-gnu.2.17)"; cargo build --target aarch64-unknown-linux-gnu')
      .example('tszig env --format fish --target aarch64-unknown-linux-gnu | source')
      .example('tszig env --format make --cc --target aarch64-unknown-linux-gnu > tszig.mk   # then: include tszig.mk')
      .example('tszig env --format github --target x86_64-pc-windows-gnu >> "$GITHUB_ENV"')
      .example('eval "$(tszig env --go --target aarch64-unknown-linux-gnu.2.17)"; go build ./cmd/app   # cgo with zig')
      .action(() => {
        const format = rawValue(argv, 'format') ?? 'sh';
        if (!isEnvFormat(format)) throw new UsageError(`unknown --format ${format}`, `use one of: ${ENV_FORMATS.join(', ')}`);
        outcome.result = envCommand({
          targets: rawValues(argv, 'target'),
          format,
          zig: rawValue(argv, 'zig'),
          zigVersion: rawValue(argv, 'zig-version'),
          cc: argv.includes('--cc'),
          go: argv.includes('--go'),
          unset: argv.includes('--unset'),
          env: process.env,
          cwd: process.cwd(),
          logger,
        }).then((text) => {
          process.stdout.write(text);
          return 0;
        });
      });

    cli
      .command('ci-cache', "Print the directories a CI cache should keep (tszig's and zig's caches) and a key for them")
      .usage(`ci-cache --target <triple>[.<glibc>] [--target …] [--format ${ENV_FORMATS.join('|')}]`)
      .option('--target <triple>', 'Rust target the cache serves, optionally with a glibc suffix (repeatable)')
      .option('--format <format>', `Output format: ${ENV_FORMATS.join(', ')}`, { default: 'sh' })
      .option('--zig-version <version>', 'Zig version the builds use (default: tszig.toml, else the pin)')
      .example('tszig ci-cache --format github --target aarch64-unknown-linux-gnu.2.17 --target x86_64-unknown-linux-musl >> "$GITHUB_ENV"')
      .action(() => {
        const format = rawValue(argv, 'format') ?? 'sh';
        if (!isEnvFormat(format)) throw new UsageError(`unknown --format ${format}`, `use one of: ${ENV_FORMATS.join(', ')}`);
        outcome.result = ciCacheCommand({ targets: rawValues(argv, 'target'), zigVersion: rawValue(argv, 'zig-version'), format, env: process.env, cwd: process.cwd() }).then((text) => {
          process.stdout.write(text);
          return 0;
        });
      });

    cli
      .command('zig <command> [version]', 'Manage Zig installs: install [version] | list | which | prune')
      .usage('zig install [version] | zig list | zig which | zig prune [--all]')
      .option('--all', 'prune: remove every install, not only the ones this project does not want')
      .option('--zig <path>', 'which: report this zig instead of searching')
      .example('tszig zig install          # the version tszig.toml or the pin asks for')
      .example('tszig zig install 0.17.0   # a version not in the manifest: checked by its ZSF signature')
      .action((command: string, version: string | undefined) => {
        const base = { env: process.env, cwd: process.cwd(), logger };
        const action = checkZigAction(command);
        // Positional values come back through cac's number parsing; read them from argv as typed.
        const typed = version === undefined ? undefined : argv[argv.indexOf(command) + 1];
        const text =
          action === 'install'
            ? zigInstall({ ...base, version: typed })
            : action === 'list'
              ? zigList(base)
              : action === 'which'
                ? zigWhich({ ...base, zig: rawValue(argv, 'zig') })
                : zigPrune({ ...base, all: argv.includes('--all') });
        outcome.result = text.then((t) => {
          process.stdout.write(t);
          return 0;
        });
      });

    cli
      .command('sysroot <command> [...packages]', "Debian packages as a target's sysroot: add | path | list | prune")
      .usage('sysroot add --target <triple> <package>… | sysroot path --target <triple> | sysroot list | sysroot prune [--all]')
      .option('--target <triple>', 'add, path: the Rust target')
      .option('--all', 'prune: remove every sysroot, not only the ones this project does not ask for')
      .example('tszig sysroot add --target aarch64-unknown-linux-gnu libssl-dev zlib1g-dev   # writes tszig.toml')
      .example('tszig sysroot path --target aarch64-unknown-linux-gnu.2.36                 # fetches if needed, prints the directory')
      .action((command: string) => {
        const base = { env: process.env, cwd: process.cwd(), logger };
        const action = checkSysrootAction(command);
        // Package names as typed (cac would turn some into numbers).
        const rest = argv.slice(argv.indexOf(command) + 1);
        const packages: string[] = [];
        for (let i = 0; i < rest.length; i++) {
          const a = rest[i] as string;
          if (a === '--target') i++;
          else if (!a.startsWith('-')) packages.push(a);
        }
        const target = rawValue(argv, 'target');
        const text =
          action === 'add'
            ? sysrootAdd({ ...base, target, packages })
            : action === 'path'
              ? sysrootPath({ ...base, target })
              : action === 'list'
                ? sysrootList(base)
                : sysrootPrune({ ...base, all: argv.includes('--all') });
        outcome.result = text.then((t) => {
          process.stdout.write(t);
          return 0;
        });
      });

    for (const tool of TOOLS) {
      cli
        .command(`${tool} [...args]`, `Run zig's ${tool} for a target, through tszig's shims (arguments after --)`)
        .usage(`${tool} --target <triple>[.<glibc>] -- <${tool} arguments>`)
        .option('--target <triple>', 'Rust target')
        .option('--zig <path>', 'zig binary to use')
        .option('--zig-version <version>', 'Zig version to use')
        .allowUnknownOptions()
        .example(`tszig ${tool} --target aarch64-unknown-linux-gnu.2.17 -- ${tool === 'ar' ? 'rcs libx.a x.o' : tool === 'ranlib' ? 'libx.a' : '-O2 -c x.c -o x.o'}`)
        .action(() => {
          const parsed = parseToolArgv(tool, argv);
          outcome.result = toolCommand({
            tool,
            ...parsed,
            env: process.env,
            cwd: process.cwd(),
            logger,
          });
        });
    }

    cli.command('targets', 'List the supported Rust targets and their zig targets').action(() => {
      process.stdout.write(targetsCommand());
    });

    cli.option('-v, --verbose', 'Debug output and stack traces on errors');
    cli.help((sections) => [...sections, { body: FOOTER }]);
    cli.version(packageVersion(), '-V, --version');

    try {
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
    } catch (err) {
      throw usageFromCac(err, cli.matchedCommandName);
    }
    return await outcome.result;
  }, logLevel(verbose, process.env));
}
