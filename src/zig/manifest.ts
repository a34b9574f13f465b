// The Zig releases tszig can install, per host: file name, SHA-256 and size. This table, not
// ziglang.org's unsigned index.json, is what downloads are checked against. docs/zig-pin.md says how
// it was made and how to add a release.

export interface ManifestEntry {
  /** Archive name on ziglang.org and its mirrors. */
  readonly file: string;
  readonly sha256: string;
  /** Bytes; absent where no trustworthy source recorded it (the SHA-256 still must match). */
  readonly size?: number;
}

/** Host key (`<arch>-<os>`, as in index.json) → entry, per version. */
export const MANIFEST: Readonly<Record<string, Readonly<Record<string, ManifestEntry>>>> = {
  // mitchellh/zig-overlay sources.json (added only after every minisign signature verified); the two
  // sizes are from ziglang.org's index.json for 0.14.1.
  '0.14.1': {
    'aarch64-linux': { file: 'zig-aarch64-linux-0.14.1.tar.xz', sha256: 'f7a654acc967864f7a050ddacfaa778c7504a0eca8d2b678839c21eea47c992b' },
    'aarch64-macos': { file: 'zig-aarch64-macos-0.14.1.tar.xz', sha256: '39f3dc5e79c22088ce878edc821dedb4ca5a1cd9f5ef915e9b3cc3053e8faefa', size: 45903552 },
    'aarch64-windows': { file: 'zig-aarch64-windows-0.14.1.zip', sha256: 'b5aac0ccc40dd91e8311b1f257717d8e3903b5fefb8f659de6d65a840ad1d0e7' },
    'x86_64-linux': { file: 'zig-x86_64-linux-0.14.1.tar.xz', sha256: '24aeeec8af16c381934a6cd7d95c807a8cb2cf7df9fa40d359aa884195c4716c', size: 49086504 },
    'x86_64-macos': { file: 'zig-x86_64-macos-0.14.1.tar.xz', sha256: 'b0f8bdfb9035783db58dd6c19d7dea89892acc3814421853e5752fe4573e5f43' },
    'x86_64-windows': { file: 'zig-x86_64-windows-0.14.1.zip', sha256: '554f5378228923ffd558eac35e21af020c73789d87afeabf4bfd16f2e6feed2c' },
  },
  // ziglang.org index.json, release 0.15.2 (2025-10-11); the six hosts mitchellh/zig-overlay
  // verified by minisign agree.
  '0.15.2': {
    'aarch64-freebsd': { file: 'zig-aarch64-freebsd-0.15.2.tar.xz', sha256: 'c62efd319f86663eb7747709dfca259205edba8eaee98efc96a51ce40a9437de', size: 49363332 },
    'aarch64-linux': { file: 'zig-aarch64-linux-0.15.2.tar.xz', sha256: '958ed7d1e00d0ea76590d27666efbf7a932281b3d7ba0c6b01b0ff26498f667f', size: 49471996 },
    'aarch64-macos': { file: 'zig-aarch64-macos-0.15.2.tar.xz', sha256: '3cc2bab367e185cdfb27501c4b30b1b0653c28d9f73df8dc91488e66ece5fa6b', size: 50635984 },
    'aarch64-netbsd': { file: 'zig-aarch64-netbsd-0.15.2.tar.xz', sha256: '357c1e62df6581ec1726546f9a827973233cb31ac371d2b0e92456b306a0c6c0', size: 49365256 },
    'aarch64-windows': { file: 'zig-aarch64-windows-0.15.2.zip', sha256: 'b926465f8872bf983422257cd9ec248bb2b270996fbe8d57872cca13b56fc370', size: 88464585 },
    'arm-freebsd': { file: 'zig-arm-freebsd-0.15.2.tar.xz', sha256: '1d5d06428b2d4d31cf4e99008602f2096a9c652dd1025820a4aa66326fbf3dc4', size: 50900824 },
    'arm-linux': { file: 'zig-arm-linux-0.15.2.tar.xz', sha256: '7d8401495065dae45d6249c68d5faf10508f8203c86362ccb698aeaafc66b7cd', size: 50454216 },
    'arm-netbsd': { file: 'zig-arm-netbsd-0.15.2.tar.xz', sha256: '1c43871791d49dbabd224da307b995076e493e34c36734cb21c4f6cbc208f8c3', size: 52021696 },
    'loongarch64-linux': { file: 'zig-loongarch64-linux-0.15.2.tar.xz', sha256: '95d6a03e0415dbe30ae9c00d58b5446fd681ebf3d4044a8b707e1784c8074a61', size: 50800332 },
    'powerpc64-freebsd': { file: 'zig-powerpc64-freebsd-0.15.2.tar.xz', sha256: '2bdb5a38069e667936d3378dfa332d67c21bb454cb17bea3c3b03faaa02a74af', size: 52099240 },
    'powerpc64le-freebsd': { file: 'zig-powerpc64le-freebsd-0.15.2.tar.xz', sha256: '940894eb954c2077d0643f4deba8113239436fd0dcbc88160163b1b23fe3f035', size: 53459116 },
    'powerpc64le-linux': { file: 'zig-powerpc64le-linux-0.15.2.tar.xz', sha256: 'e182c5f8d30fc7f97d17d2ffef1488826aa3afaa51e5f0dbe14c597a98b45778', size: 53570632 },
    'riscv64-freebsd': { file: 'zig-riscv64-freebsd-0.15.2.tar.xz', sha256: '9aecdcf32fb63944c11389c10993aecd5e443a82d456693cc5ad230b5fe584ad', size: 53658752 },
    'riscv64-linux': { file: 'zig-riscv64-linux-0.15.2.tar.xz', sha256: '493512bdca485be3c6a9b0f69dcb4cbe4587f3af8e1be282fdd827108ba39930', size: 53613656 },
    's390x-linux': { file: 'zig-s390x-linux-0.15.2.tar.xz', sha256: 'cd4b295f43b1b7ca3d603368caea82dbd00fce6691affb7527e607c0b6eafe8e', size: 53486436 },
    'x86-linux': { file: 'zig-x86-linux-0.15.2.tar.xz', sha256: '4c6e23f39daa305e274197bfdff0d56ffd1750fc1de226ae10505c0eff52d7a5', size: 56334032 },
    'x86-netbsd': { file: 'zig-x86-netbsd-0.15.2.tar.xz', sha256: '7f18fc4720426a6ca77bbfb7b970c31a61c37ce4a867b53830762958e921cdde', size: 56893368 },
    'x86-windows': { file: 'zig-x86-windows-0.15.2.zip', sha256: '7a6dfc00f4cc09ec46d3e10eb06f42538e92b6285e34debea7462edaf371da98', size: 94516930 },
    'x86_64-freebsd': { file: 'zig-x86_64-freebsd-0.15.2.tar.xz', sha256: '5509ff57cd3f219165caed0da10221739af82742b9edfcda3f7bfaf4da7212dd', size: 53776208 },
    'x86_64-linux': { file: 'zig-x86_64-linux-0.15.2.tar.xz', sha256: '02aa270f183da276e5b5920b1dac44a63f1a49e55050ebde3aecc9eb82f93239', size: 53733924 },
    'x86_64-macos': { file: 'zig-x86_64-macos-0.15.2.tar.xz', sha256: '375b6909fc1495d16fc2c7db9538f707456bfc3373b14ee83fdd3e22b3d43f7f', size: 55800460 },
    'x86_64-netbsd': { file: 'zig-x86_64-netbsd-0.15.2.tar.xz', sha256: '11a3b9f4b66bece34a79c0e98e91136baf0ff9795ddf60e442ca6c8ad73b9204', size: 53778132 },
    'x86_64-windows': { file: 'zig-x86_64-windows-0.15.2.zip', sha256: '3a0ed1e8799a2f8ce2a6e6290a9ff22e6906f8227865911fb7ddedc3cc14cb0c', size: 92614574 },
  },
  // mitchellh/zig-overlay sources.json (it adds a release only after verifying every minisign
  // signature); sizes were not recorded there.
  '0.16.0': {
    'aarch64-linux': { file: 'zig-aarch64-linux-0.16.0.tar.xz', sha256: 'ea4b09bfb22ec6f6c6ceac57ab63efb6b46e17ab08d21f69f3a48b38e1534f17' },
    'aarch64-macos': { file: 'zig-aarch64-macos-0.16.0.tar.xz', sha256: 'b23d70deaa879b5c2d486ed3316f7eaa53e84acf6fc9cc747de152450d401489' },
    'aarch64-windows': { file: 'zig-aarch64-windows-0.16.0.zip', sha256: 'aee38316ee4111717900f45dd3130145c39289e105541d737eb8c5ed653c78ef' },
    'x86_64-linux': { file: 'zig-x86_64-linux-0.16.0.tar.xz', sha256: '70e49664a74374b48b51e6f3fdfbf437f6395d42509050588bd49abe52ba3d00' },
    'x86_64-macos': { file: 'zig-x86_64-macos-0.16.0.tar.xz', sha256: '0387557ed1877bc6a2e1802c8391953baddba76081876301c522f52977b52ba7' },
    'x86_64-windows': { file: 'zig-x86_64-windows-0.16.0.zip', sha256: '68659eb5f1e4eb1437a722f1dd889c5a322c9954607f5edcf337bc3684a75a7e' },
  },
};

export function manifestEntry(version: string, host: string): ManifestEntry | undefined {
  return MANIFEST[version]?.[host];
}

export function manifestVersions(): string[] {
  return Object.keys(MANIFEST);
}
