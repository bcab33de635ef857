import type { LoadedConfig } from "./load.js";
export function describeConfig(loaded: LoadedConfig): string[] {
  return [`${loaded.file}: ok`];
}
