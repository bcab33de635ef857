import { readFileSync } from "node:fs";

/** package.json's version (src/run and dist/run are both two levels below the package root). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
