// A resolved Config back to YAML (runs/NAME/config.yaml): every key explicit, loadable again as is.
import { stringify } from "yaml";
import type { Config } from "./schema.js";

export function configToYaml(config: Config, header?: string): string {
  const body = stringify(config, { lineWidth: 0, aliasDuplicateObjects: false });
  const comment = header === undefined ? "" : header.split("\n").map((l) => `# ${l}`.trimEnd()).join("\n") + "\n";
  return comment + body;
}
