// Facts about the machine tszig runs on.

/** The zig target for programs that run on this machine (the launcher), or undefined if unsupported. */
export function hostZigTarget(): string | undefined {
  if (process.platform === 'darwin') return 'native-macos';
  if (process.platform !== 'linux') return undefined;
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  return report.header?.glibcVersionRuntime ? 'native-native-gnu' : 'native-native-musl';
}
