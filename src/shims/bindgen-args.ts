// BINDGEN_EXTRA_CLANG_ARGS for a target: bindgen parses headers with libclang, never through our
// shims, so it needs zig's own include directories and the macros zig defines for the target
// (`__GLIBC_MINOR__`, libc++'s configuration). Read once from `zig cc/c++ -E -v`, cached by the
// identity of the zig binary. A macOS SDK's headers and frameworks follow zig's, as in the shims.

import { fileIdentity, sameIdentity, type FileIdentity } from '../fs/identity.js';
import { readRecord, recordPath, writeRecord } from '../fs/json-cache.js';
import { runCapture } from '../process/capture.js';

interface Probe {
  readonly dirs: string[];
  readonly frameworks: string[];
  readonly defines: string[];
}

const FRAMEWORK_DIR = ' (framework directory)';

/** The SDK's places, passed the way the shims pass them (render-sh.ts siteArgs()). */
function sdkProbeArgs(sdkRoot: string | undefined): string[] {
  return sdkRoot ? ['-isystem', `${sdkRoot}/usr/include`, '-iframework', `${sdkRoot}/System/Library/Frameworks`] : [];
}

async function probe(zig: string, zigTarget: string, lang: 'c' | 'c++', sdkRoot: string | undefined): Promise<Probe> {
  const tool = lang === 'c' ? 'cc' : 'c++';
  const out = await runCapture(zig, [tool, '-target', zigTarget, '-E', '-v', '-x', lang, '/dev/null', '-o', '/dev/null', ...sdkProbeArgs(sdkRoot)]);
  const text = out.stderr;
  const list = text.slice(text.indexOf('#include <...> search starts here:'), text.indexOf('End of search list.'));
  const entries = list
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean);
  const dirs = entries.filter((e) => !e.endsWith(FRAMEWORK_DIR));
  const frameworks = entries.filter((e) => e.endsWith(FRAMEWORK_DIR)).map((e) => e.slice(0, -FRAMEWORK_DIR.length));
  const defines = [...new Set([...text.matchAll(/ -D (\S+)/g)].map((m) => m[1] as string))];
  return { dirs, frameworks, defines };
}

/**
 * The arguments, as a list: `-nostdinc` (keeping the host's headers out), then zig's directories
 * in zig's order (C and C++ ones for both languages, libc++'s for C++ only), then zig's macros.
 */
export async function bindgenArgs(zig: string, zigTarget: string, cacheDir: string, sdkRoot?: string): Promise<string[]> {
  const id = fileIdentity(zig);
  const record = recordPath(cacheDir, 'bindgen', { zig: id?.path, zigTarget, ...(sdkRoot ? { sdkRoot } : {}) });
  const known = readRecord<{ id: FileIdentity; args: string[] }>(record);
  if (known && sameIdentity(known.id, id)) return known.args;

  const [c, cxx] = await Promise.all([probe(zig, zigTarget, 'c', sdkRoot), probe(zig, zigTarget, 'c++', sdkRoot)]);
  const args = ['-nostdinc'];
  for (const dir of cxx.dirs) {
    if (c.dirs.includes(dir)) args.push('-Xclang', '-c-isystem', '-Xclang', dir, '-cxx-isystem', dir);
    else args.push('-cxx-isystem', dir);
  }
  for (const dir of c.dirs) if (!cxx.dirs.includes(dir)) args.push('-Xclang', '-c-isystem', '-Xclang', dir);
  for (const dir of new Set([...c.frameworks, ...cxx.frameworks])) args.push('-iframework', dir);
  for (const d of [...new Set([...c.defines, ...cxx.defines])]) args.push(`-D${d}`);
  if (zigTarget.includes('-macos')) args.push('-DTARGET_OS_IPHONE=0');
  if (id) writeRecord(record, { id, args });
  return args;
}
