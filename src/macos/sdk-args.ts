// What a macOS SDK adds to CMake's toolchain file (the shims' and bindgen's SDK arguments are in
// shims/render-sh.ts siteArgs() and shims/bindgen-args.ts).

import { cmakeQuote } from '../shims/cmake-toolchain.js';

/**
 * CMAKE_OSX_SYSROOT makes CMake pass `-isysroot` (zig takes it) and search the SDK in find_*();
 * the find root keeps find_library and find_path inside the SDK under the ONLY modes above.
 */
export function sdkCmakeLines(root: string): string[] {
  return ['# The macOS SDK given to tszig (SDKROOT or tszig.toml).', `set(CMAKE_OSX_SYSROOT ${cmakeQuote(root)})`, `list(APPEND CMAKE_FIND_ROOT_PATH ${cmakeQuote(root)})`];
}
