// The short summary `mltrain validate` prints: the resolved config in a dozen lines.
import path from "node:path";
import type { LoadedConfig } from "./load.js";
import type { LayerConfig } from "./schema.js";

function layerText(l: LayerConfig): string {
  if (l.type === "dense") return `dense ${l.units ?? "(units from the data)"} ${l.activation}`;
  if (l.type === "dropout") return `dropout ${l.rate}`;
  return (l as { type: string }).type;
}

/** `label  value` lines; paths shown relative to `cwd`. */
export function describeConfig(loaded: LoadedConfig, cwd: string = process.cwd()): string[] {
  const c = loaded.config;
  const rel = (p: string) => path.relative(cwd, p) || ".";
  const d = c.data;
  const target = d.target === undefined ? "the labels file" : typeof d.target === "string" ? d.target : `[${d.target.join(", ")}]`;
  const task = d.task === "auto" ? "auto (inferred from the target)" : d.task;
  const source =
    d.dataset !== undefined
      ? `dataset ${d.dataset} (its train and test files; classes in label order)`
      : d.labels !== undefined
        ? `${rel(d.path ?? "")} + ${rel(d.labels)} (IDX, features pixel_0, pixel_1, ...)`
        : `${rel(d.path ?? "")} (target ${target})`;
  const testFrom = d.dataset !== undefined ? `the ${d.dataset} test files` : d.test_path !== undefined ? rel(d.test_path) : undefined;
  const s = d.split;
  const splitText =
    `train ${s.train} / validation ${s.validation} / test ${testFrom ? `from ${testFrom}` : s.test}` +
    `${s.shuffle ? ", shuffled" : ""}${s.stratify ? ", stratified" : ""}`;
  const { type, learning_rate, ...optRest } = c.optimizer;
  const extras = Object.entries(optRest)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const { type: schedType, ...schedAll } = c.schedule;
  const schedRest = Object.fromEntries(Object.entries(schedAll).filter(([k, v]) => !(k === "warmup_epochs" && v === 0)));
  const schedText = Object.keys(schedRest).length ? `${schedType} (${Object.entries(schedRest).map(([k, v]) => `${k} ${v ?? "default"}`).join(", ")})` : schedType;
  const t = c.training;
  const es = t.early_stopping;
  const rows: [string, string][] = [
    ["name", c.name ?? ""],
    ["data", `${source}, task ${task}${d.limit !== undefined ? `, first ${d.limit} row${d.limit === 1 ? "" : "s"} of each file` : ""}`],
    ...(d.target !== undefined
      ? [["features", `${d.features ? d.features.join(", ") : `every other column${d.ignore.length ? ` except ${d.ignore.join(", ")}` : ""}`}${d.categorical ? `; one-hot codes: ${d.categorical.join(", ")}` : ""}`] as [string, string]]
      : []),
    ["preprocess", `${d.rescale !== 1 ? `rescale ${d.rescale}, ` : ""}normalize ${d.normalize}, missing ${d.missing}${d.positive !== undefined ? `, positive ${d.positive}` : ""}`],
    ["split", splitText],
    ["layers", c.model.layers.map(layerText).join(" -> ")],
    ...(c.model.init_from ? [["init from", rel(c.model.init_from)] as [string, string]] : []),
    ["loss", c.loss ?? "from the task (inferred from the data)"],
    ["optimizer", `${type}, learning_rate ${learning_rate}${extras ? ` (${extras})` : ""}`],
    ["schedule", schedText],
    ["training", `${t.epochs} epoch${t.epochs === 1 ? "" : "s"}, batch_size ${t.batch_size}, ${t.shuffle ? "shuffled" : "file order"}, seed ${c.seed}${t.restarts > 1 ? `, ${t.restarts} restarts` : ""}${t.clip_norm !== null ? `, clip_norm ${t.clip_norm}` : ""}`],
    ["early stop", es ? `${es.monitor}, patience ${es.patience}, min_delta ${es.min_delta}${es.restore_best ? ", restore best" : ""}` : "off"],
    ["metrics", c.metrics ? c.metrics.join(", ") : "from the task (inferred from the data)"],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return [`${loaded.file}: valid`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)];
}
