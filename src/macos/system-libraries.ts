// The libraries in macOS's /usr/lib that Rust crates link by name, and tszig's stubs for them.
//
// zig brings libSystem (libc, libm, libpthread, libdl) and its own libc++, so `-lSystem`, `-lc`,
// `-lm`, `-lc++` link without help. Other libraries every Mac has need a text-based stub (`.tbd`)
// naming the library's install name, versions and exported symbols; tszig renders one per library
// below into its cache and puts the directory on every macOS link's search path after zig's own.
//
// Each stub's facts come from two sources, both named per entry:
// - the symbols: every external function and variable the library's public headers declare (the
//   copy zig ships for macOS, or the one the crate that links the library ships), as clang parses
//   them for the target (test/integration/macos-stub-sources.test.ts re-derives each list from the
//   headers and fails when the table and the headers disagree);
// - which of those each macOS release exports, its install name and versions: the stub Apple ships
//   for the library in that release's SDK (`usr/lib/lib<name>.tbd` of MacOSX10.12.sdk, the first
//   release x86_64 Rust supports, and of MacOSX11.0.sdk, the first for arm64, as the
//   phracker/MacOSX-SDKs repository keeps them: 10.12 at commit c2c56fa, 11.0 at 4e5529c (libz,
//   libiconv) and 8c269e3 (libsqlite3, libcurl); libiconv's 10.12 stub as alexey-lysiuk/macos-sdk
//   keeps it, at cbd59ce). A declared symbol neither release exports is listed in
//   `notExported` and left out, so a program that calls it fails at the link instead of at launch
//   on a Mac that lacks it.

/**
 * Where a stub's symbol names come from: headers zig ships for macOS targets, or a crate's. The
 * headers are included in order; what any of them declares counts.
 */
export type HeaderSource =
  | {
      /** Paths under zig's lib directory. */
      readonly zigLib: readonly string[];
      /** The zig release whose copy the list was checked against. */
      readonly zig: string;
    }
  | {
      /** A crate that ships the library's headers (from the crates registry, as cargo fetches it). */
      readonly crate: string;
      readonly version: string;
      /** Paths inside the crate. */
      readonly paths: readonly string[];
    };

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
  /** Declared by the header but exported by none of the releases above (newer, or left out). */
  readonly notExported: readonly string[];
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
    notExported: ['__iconv', '__iconv_free_list', '__iconv_get_list', 'iconv_open_into'],
    header: { zigLib: ['libc/include/any-darwin-any/iconv.h'], zig: '0.17.1' },
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
    notExported: ['crc32_combine_gen', 'crc32_combine_op'],
    header: { zigLib: ['libc/include/any-darwin-any/zlib.h'], zig: '0.17.1' },
    linkedBy: 'libz-sys with default features (its build script links `-lz` when a test program links)',
  },
  {
    name: 'sqlite3',
    installName: '/usr/lib/libsqlite3.dylib',
    compatibilityVersion: '9',
    releases: [
      {
        macos: '10.12',
        currentVersion: '253',
        added: [
          'sqlite3_aggregate_context', 'sqlite3_aggregate_count', 'sqlite3_auto_extension', 'sqlite3_backup_finish', 'sqlite3_backup_init',
          'sqlite3_backup_pagecount', 'sqlite3_backup_remaining', 'sqlite3_backup_step', 'sqlite3_bind_blob', 'sqlite3_bind_blob64',
          'sqlite3_bind_double', 'sqlite3_bind_int', 'sqlite3_bind_int64', 'sqlite3_bind_null', 'sqlite3_bind_parameter_count',
          'sqlite3_bind_parameter_index', 'sqlite3_bind_parameter_name', 'sqlite3_bind_text', 'sqlite3_bind_text16', 'sqlite3_bind_text64',
          'sqlite3_bind_value', 'sqlite3_bind_zeroblob', 'sqlite3_bind_zeroblob64', 'sqlite3_blob_bytes', 'sqlite3_blob_close',
          'sqlite3_blob_open', 'sqlite3_blob_read', 'sqlite3_blob_reopen', 'sqlite3_blob_write', 'sqlite3_busy_handler',
          'sqlite3_busy_timeout', 'sqlite3_cancel_auto_extension', 'sqlite3_changes', 'sqlite3_clear_bindings', 'sqlite3_close',
          'sqlite3_close_v2', 'sqlite3_collation_needed', 'sqlite3_collation_needed16', 'sqlite3_column_blob', 'sqlite3_column_bytes',
          'sqlite3_column_bytes16', 'sqlite3_column_count', 'sqlite3_column_decltype', 'sqlite3_column_decltype16', 'sqlite3_column_double',
          'sqlite3_column_int', 'sqlite3_column_int64', 'sqlite3_column_name', 'sqlite3_column_name16', 'sqlite3_column_text',
          'sqlite3_column_text16', 'sqlite3_column_type', 'sqlite3_column_value', 'sqlite3_commit_hook', 'sqlite3_compileoption_get',
          'sqlite3_compileoption_used', 'sqlite3_complete', 'sqlite3_complete16', 'sqlite3_config', 'sqlite3_context_db_handle',
          'sqlite3_create_collation', 'sqlite3_create_collation16', 'sqlite3_create_collation_v2', 'sqlite3_create_function',
          'sqlite3_create_function16', 'sqlite3_create_function_v2', 'sqlite3_create_module', 'sqlite3_create_module_v2',
          'sqlite3_data_count', 'sqlite3_data_directory', 'sqlite3_db_cacheflush', 'sqlite3_db_config', 'sqlite3_db_filename',
          'sqlite3_db_handle', 'sqlite3_db_mutex', 'sqlite3_db_readonly', 'sqlite3_db_release_memory', 'sqlite3_db_status',
          'sqlite3_declare_vtab', 'sqlite3_enable_shared_cache', 'sqlite3_errcode', 'sqlite3_errmsg', 'sqlite3_errmsg16', 'sqlite3_errstr',
          'sqlite3_exec', 'sqlite3_expanded_sql', 'sqlite3_expired', 'sqlite3_extended_errcode', 'sqlite3_extended_result_codes',
          'sqlite3_file_control', 'sqlite3_finalize', 'sqlite3_free', 'sqlite3_free_table', 'sqlite3_get_autocommit', 'sqlite3_get_auxdata',
          'sqlite3_get_table', 'sqlite3_global_recover', 'sqlite3_initialize', 'sqlite3_interrupt', 'sqlite3_last_insert_rowid',
          'sqlite3_libversion', 'sqlite3_libversion_number', 'sqlite3_limit', 'sqlite3_log', 'sqlite3_malloc', 'sqlite3_malloc64',
          'sqlite3_memory_alarm', 'sqlite3_memory_highwater', 'sqlite3_memory_used', 'sqlite3_mprintf', 'sqlite3_msize',
          'sqlite3_mutex_alloc', 'sqlite3_mutex_enter', 'sqlite3_mutex_free', 'sqlite3_mutex_leave', 'sqlite3_mutex_try',
          'sqlite3_next_stmt', 'sqlite3_open', 'sqlite3_open16', 'sqlite3_open_v2', 'sqlite3_os_end', 'sqlite3_os_init',
          'sqlite3_overload_function', 'sqlite3_prepare', 'sqlite3_prepare16', 'sqlite3_prepare16_v2', 'sqlite3_prepare_v2',
          'sqlite3_profile', 'sqlite3_progress_handler', 'sqlite3_randomness', 'sqlite3_realloc', 'sqlite3_realloc64',
          'sqlite3_release_memory', 'sqlite3_reset', 'sqlite3_reset_auto_extension', 'sqlite3_result_blob', 'sqlite3_result_blob64',
          'sqlite3_result_double', 'sqlite3_result_error', 'sqlite3_result_error16', 'sqlite3_result_error_code',
          'sqlite3_result_error_nomem', 'sqlite3_result_error_toobig', 'sqlite3_result_int', 'sqlite3_result_int64', 'sqlite3_result_null',
          'sqlite3_result_subtype', 'sqlite3_result_text', 'sqlite3_result_text16', 'sqlite3_result_text16be', 'sqlite3_result_text16le',
          'sqlite3_result_text64', 'sqlite3_result_value', 'sqlite3_result_zeroblob', 'sqlite3_result_zeroblob64', 'sqlite3_rollback_hook',
          'sqlite3_rtree_geometry_callback', 'sqlite3_rtree_query_callback', 'sqlite3_set_authorizer', 'sqlite3_set_auxdata',
          'sqlite3_shutdown', 'sqlite3_sleep', 'sqlite3_snapshot_cmp', 'sqlite3_snapshot_free', 'sqlite3_snapshot_get',
          'sqlite3_snapshot_open', 'sqlite3_snprintf', 'sqlite3_soft_heap_limit', 'sqlite3_soft_heap_limit64', 'sqlite3_sourceid',
          'sqlite3_sql', 'sqlite3_status', 'sqlite3_status64', 'sqlite3_step', 'sqlite3_stmt_busy', 'sqlite3_stmt_readonly',
          'sqlite3_stmt_status', 'sqlite3_strglob', 'sqlite3_stricmp', 'sqlite3_strlike', 'sqlite3_strnicmp', 'sqlite3_system_errno',
          'sqlite3_table_column_metadata', 'sqlite3_temp_directory', 'sqlite3_test_control', 'sqlite3_thread_cleanup', 'sqlite3_threadsafe',
          'sqlite3_total_changes', 'sqlite3_trace', 'sqlite3_trace_v2', 'sqlite3_transfer_bindings', 'sqlite3_update_hook',
          'sqlite3_uri_boolean', 'sqlite3_uri_int64', 'sqlite3_uri_parameter', 'sqlite3_user_data', 'sqlite3_value_blob',
          'sqlite3_value_bytes', 'sqlite3_value_bytes16', 'sqlite3_value_double', 'sqlite3_value_dup', 'sqlite3_value_free',
          'sqlite3_value_int', 'sqlite3_value_int64', 'sqlite3_value_numeric_type', 'sqlite3_value_subtype', 'sqlite3_value_text',
          'sqlite3_value_text16', 'sqlite3_value_text16be', 'sqlite3_value_text16le', 'sqlite3_value_type', 'sqlite3_version',
          'sqlite3_vfs_find', 'sqlite3_vfs_register', 'sqlite3_vfs_unregister', 'sqlite3_vmprintf', 'sqlite3_vsnprintf',
          'sqlite3_vtab_config', 'sqlite3_vtab_on_conflict', 'sqlite3_wal_autocheckpoint', 'sqlite3_wal_checkpoint',
          'sqlite3_wal_checkpoint_v2', 'sqlite3_wal_hook',
        ],
      },
      {
        macos: '11.0',
        currentVersion: '321.1',
        added: [
          'sqlite3_bind_pointer', 'sqlite3_column_database_name', 'sqlite3_column_database_name16', 'sqlite3_column_origin_name',
          'sqlite3_column_origin_name16', 'sqlite3_column_table_name', 'sqlite3_column_table_name16', 'sqlite3_create_filename',
          'sqlite3_create_window_function', 'sqlite3_database_file_object', 'sqlite3_deserialize', 'sqlite3_drop_modules',
          'sqlite3_filename_database', 'sqlite3_filename_journal', 'sqlite3_filename_wal', 'sqlite3_free_filename',
          'sqlite3_hard_heap_limit64', 'sqlite3_keyword_check', 'sqlite3_keyword_count', 'sqlite3_keyword_name', 'sqlite3_prepare16_v3',
          'sqlite3_prepare_v3', 'sqlite3_result_pointer', 'sqlite3_serialize', 'sqlite3_set_last_insert_rowid', 'sqlite3_snapshot_recover',
          'sqlite3_stmt_isexplain', 'sqlite3_stmt_scanstatus', 'sqlite3_stmt_scanstatus_reset', 'sqlite3_str_append',
          'sqlite3_str_appendall', 'sqlite3_str_appendchar', 'sqlite3_str_appendf', 'sqlite3_str_errcode', 'sqlite3_str_finish',
          'sqlite3_str_length', 'sqlite3_str_new', 'sqlite3_str_reset', 'sqlite3_str_value', 'sqlite3_str_vappendf', 'sqlite3_uri_key',
          'sqlite3_value_frombind', 'sqlite3_value_nochange', 'sqlite3_value_pointer', 'sqlite3_vtab_collation', 'sqlite3_vtab_nochange',
        ],
      },
    ],
    // Newer than SQLite 3.32 (macOS 11), or left out of Apple's build (extension loading, unlock
    // notification, mutex checks; the Windows-only directory calls the header declares anyway).
    notExported: [
      'sqlite3_autovacuum_pages', 'sqlite3_changes64', 'sqlite3_db_name', 'sqlite3_enable_load_extension', 'sqlite3_error_offset',
      'sqlite3_get_clientdata', 'sqlite3_is_interrupted', 'sqlite3_load_extension', 'sqlite3_mutex_held', 'sqlite3_mutex_notheld',
      'sqlite3_set_clientdata', 'sqlite3_stmt_explain', 'sqlite3_stmt_scanstatus_v2', 'sqlite3_total_changes64', 'sqlite3_txn_state',
      'sqlite3_unlock_notify', 'sqlite3_value_encoding', 'sqlite3_vtab_distinct', 'sqlite3_vtab_in', 'sqlite3_vtab_in_first',
      'sqlite3_vtab_in_next', 'sqlite3_vtab_rhs_value', 'sqlite3_win32_set_directory', 'sqlite3_win32_set_directory16',
      'sqlite3_win32_set_directory8',
    ],
    header: { crate: 'libsqlite3-sys', version: '0.30.1', paths: ['sqlite3/sqlite3.h'] },
    linkedBy: 'libsqlite3-sys (and so rusqlite) without its bundled feature: `-lsqlite3`',
  },
  {
    name: 'curl',
    installName: '/usr/lib/libcurl.4.dylib',
    compatibilityVersion: '7',
    releases: [
      {
        macos: '10.12',
        currentVersion: '9',
        added: [
          'curl_easy_cleanup', 'curl_easy_duphandle', 'curl_easy_escape', 'curl_easy_getinfo', 'curl_easy_init', 'curl_easy_pause',
          'curl_easy_perform', 'curl_easy_recv', 'curl_easy_reset', 'curl_easy_send', 'curl_easy_setopt', 'curl_easy_strerror',
          'curl_easy_unescape', 'curl_escape', 'curl_formadd', 'curl_formfree', 'curl_formget', 'curl_free', 'curl_getdate', 'curl_getenv',
          'curl_global_cleanup', 'curl_global_init', 'curl_global_init_mem', 'curl_maprintf', 'curl_mfprintf', 'curl_mprintf',
          'curl_msnprintf', 'curl_msprintf', 'curl_multi_add_handle', 'curl_multi_assign', 'curl_multi_cleanup', 'curl_multi_fdset',
          'curl_multi_info_read', 'curl_multi_init', 'curl_multi_perform', 'curl_multi_remove_handle', 'curl_multi_setopt',
          'curl_multi_socket', 'curl_multi_socket_action', 'curl_multi_socket_all', 'curl_multi_strerror', 'curl_multi_timeout',
          'curl_multi_wait', 'curl_mvaprintf', 'curl_mvfprintf', 'curl_mvprintf', 'curl_mvsnprintf', 'curl_mvsprintf',
          'curl_pushheader_byname', 'curl_pushheader_bynum', 'curl_share_cleanup', 'curl_share_init', 'curl_share_setopt',
          'curl_share_strerror', 'curl_slist_append', 'curl_slist_free_all', 'curl_strequal', 'curl_strnequal', 'curl_unescape',
          'curl_version', 'curl_version_info',
        ],
      },
      {
        macos: '11.0',
        currentVersion: '9',
        added: [
          'curl_easy_upkeep', 'curl_global_sslset', 'curl_mime_addpart', 'curl_mime_data', 'curl_mime_data_cb', 'curl_mime_encoder',
          'curl_mime_filedata', 'curl_mime_filename', 'curl_mime_free', 'curl_mime_headers', 'curl_mime_init', 'curl_mime_name',
          'curl_mime_subparts', 'curl_mime_type', 'curl_url', 'curl_url_cleanup', 'curl_url_dup', 'curl_url_get', 'curl_url_set',
        ],
      },
    ],
    // Newer than curl 7.64 (macOS 11).
    notExported: [
      'curl_easy_header', 'curl_easy_nextheader', 'curl_easy_option_by_id', 'curl_easy_option_by_name', 'curl_easy_option_next',
      'curl_easy_ssls_export', 'curl_easy_ssls_import', 'curl_global_trace', 'curl_multi_get_handles', 'curl_multi_get_offt',
      'curl_multi_notify_disable', 'curl_multi_notify_enable', 'curl_multi_poll', 'curl_multi_waitfds', 'curl_multi_wakeup',
      'curl_url_strerror', 'curl_ws_meta', 'curl_ws_recv', 'curl_ws_send', 'curl_ws_start_frame',
    ],
    header: {
      crate: 'curl-sys',
      version: '0.4.91+curl-8.22.0',
      paths: ['curl/include/curl/curl.h', 'curl/include/curl/mprintf.h', 'curl/include/curl/easy.h', 'curl/include/curl/multi.h', 'curl/include/curl/urlapi.h', 'curl/include/curl/options.h', 'curl/include/curl/header.h', 'curl/include/curl/websockets.h'],
    },
    linkedBy: 'curl-sys (and so the curl crate) without its static-curl feature: `-l curl` on Apple targets',
  },
];

/**
 * Libraries macOS ships, that crates link by name, for which tszig has no stub: without an SDK a
 * link naming one fails with tszig's message (unless the call's -L directories hold it).
 */
export const LIBRARIES_WITHOUT_STUB: Readonly<Record<string, string>> = {
  charset: 'gettext-sys; some cross-compiling tools add it to every -liconv',
  ncurses: 'the ncurses crate',
  pcap: 'the pcap crate',
  ffi: 'libffi-sys with its system feature',
  objc: 'objc2 and objc (both also link Apple frameworks)',
  bz2: 'bzip2-sys when pkg-config finds bzip2',
  resolv: 'crates that call res_query and friends',
};
