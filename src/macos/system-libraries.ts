// The libraries in macOS's /usr/lib that Rust crates link by name, and tszig's stubs for them.
//
// zig brings libSystem (libc, libm, libpthread, libdl) and its own libc++, so `-lSystem`, `-lc`,
// `-lm`, `-lc++` link without help. Other libraries every Mac has need a text-based stub (`.tbd`)
// naming the library's install name, versions and exported symbols; tszig renders one per library
// below into its cache and puts the directory on every macOS link's search path after zig's own.
//
// Each stub's facts come from two sources, both named per entry:
// - the symbols: every external function and variable the library's public header declares, as
//   clang parses it for the target (test/integration/macos-stub-sources.test.ts re-derives the list
//   from the header and fails when the table and the header disagree);
// - which of those each macOS release exports, its install name and versions: the stub Apple ships
//   for the library in that release's SDK (`usr/lib/lib<name>.tbd` of MacOSX10.12.sdk, the first
//   release x86_64 Rust supports, and of MacOSX11.0.sdk, the first for arm64, as kept in the
//   phracker/MacOSX-SDKs repository). A declared symbol neither release exports is listed in
//   `later` and left out, so a program that calls it fails at the link instead of at launch on an
//   older Mac.

/** Where a stub's symbol names come from: a header zig ships for macOS targets. */
export interface HeaderSource {
  /** Path under zig's lib directory. */
  readonly zigLib: string;
  /** The zig release whose copy the list was checked against. */
  readonly zig: string;
}

/** What one macOS release's library exports beyond the releases before it. */
export interface StubRelease {
  readonly macos: string;
  readonly currentVersion: string;
  /** C names (without Mach-O's leading underscore) first exported in this release. */
  readonly added: readonly string[];
}

export interface SystemLibrary {
  /** As in `-l<name>`; the stub is `lib<name>.tbd`. */
  readonly name: string;
  readonly installName: string;
  readonly compatibilityVersion: string;
  /** Oldest first; a target gets every release up to its deployment target (at least the first). */
  readonly releases: readonly StubRelease[];
  /** Declared by the header but exported by none of the releases above. */
  readonly later: readonly string[];
  readonly header: HeaderSource;
  /** Who links it, so the entry can be re-checked when they change. */
  readonly linkedBy: string;
}

export const SYSTEM_LIBRARIES: readonly SystemLibrary[] = [
  {
    name: 'iconv',
    installName: '/usr/lib/libiconv.2.dylib',
    compatibilityVersion: '7',
    releases: [
      {
        macos: '10.12',
        currentVersion: '7',
        added: ['_libiconv_version', 'iconv', 'iconv_canonicalize', 'iconv_close', 'iconv_open', 'iconvctl', 'iconvlist', 'libiconv_set_relocation_prefix'],
      },
      { macos: '11.0', currentVersion: '7', added: [] },
    ],
    // The citrus iconv of later macOS releases.
    later: ['__iconv', '__iconv_free_list', '__iconv_get_list', 'iconv_open_into'],
    header: { zigLib: 'libc/include/any-darwin-any/iconv.h', zig: '0.17.1' },
    linkedBy: 'the libc crate (`#[link(name = "iconv")]` in src/unix/bsd/apple/mod.rs), libgit2-sys',
  },
  {
    name: 'z',
    installName: '/usr/lib/libz.1.dylib',
    compatibilityVersion: '1',
    releases: [
      {
        macos: '10.12',
        currentVersion: '1.2.8',
        added: [
          'adler32', 'adler32_combine', 'compress', 'compress2', 'compressBound', 'crc32', 'crc32_combine', 'deflate', 'deflateBound',
          'deflateCopy', 'deflateEnd', 'deflateInit2_', 'deflateInit_', 'deflateParams', 'deflatePending', 'deflatePrime', 'deflateReset',
          'deflateResetKeep', 'deflateSetDictionary', 'deflateSetHeader', 'deflateTune', 'get_crc_table', 'gzbuffer', 'gzclearerr', 'gzclose',
          'gzclose_r', 'gzclose_w', 'gzdirect', 'gzdopen', 'gzeof', 'gzerror', 'gzflush', 'gzgetc', 'gzgetc_', 'gzgets', 'gzoffset', 'gzopen',
          'gzprintf', 'gzputc', 'gzputs', 'gzread', 'gzrewind', 'gzseek', 'gzsetparams', 'gztell', 'gzungetc', 'gzvprintf', 'gzwrite', 'inflate',
          'inflateBack', 'inflateBackEnd', 'inflateBackInit_', 'inflateCopy', 'inflateEnd', 'inflateGetDictionary', 'inflateGetHeader',
          'inflateInit2_', 'inflateInit_', 'inflateMark', 'inflatePrime', 'inflateReset', 'inflateReset2', 'inflateResetKeep',
          'inflateSetDictionary', 'inflateSync', 'inflateSyncPoint', 'inflateUndermine', 'uncompress', 'zError', 'zlibCompileFlags', 'zlibVersion',
        ],
      },
      {
        macos: '11.0',
        currentVersion: '1.2.11',
        added: ['adler32_z', 'crc32_z', 'deflateGetDictionary', 'gzfread', 'gzfwrite', 'inflateCodesUsed', 'inflateValidate', 'uncompress2'],
      },
    ],
    // zlib 1.2.12's additions.
    later: ['crc32_combine_gen', 'crc32_combine_op'],
    header: { zigLib: 'libc/include/any-darwin-any/zlib.h', zig: '0.17.1' },
    linkedBy: 'libz-sys with default features (its build script links `-lz` when a test program links)',
  },
];

/**
 * Libraries macOS ships, that crates link by name, for which tszig has no stub: without an SDK a
 * link naming one fails with tszig's message (unless the call's -L directories hold it).
 */
export const LIBRARIES_WITHOUT_STUB: Readonly<Record<string, string>> = {
  curl: 'curl-sys without its static-curl feature',
  charset: 'cargo-zigbuild links it with -liconv; gettext',
  ncurses: 'the ncurses crate',
  pcap: 'the pcap crate',
  ffi: 'libffi-sys with its system feature',
  objc: 'objc2 and objc (both also link Apple frameworks)',
  sqlite3: 'libsqlite3-sys without its bundled feature',
  bz2: 'bzip2-sys when pkg-config finds bzip2',
  resolv: 'crates that call res_query and friends',
};
