// readSearch: the config's `search:` section → a validated SearchSpec, every problem located at
// file:line:col before any trial runs. A parameter path is checked as a --set would be (did-you-mean,
// list indices) by applying sample values of its space to the config and running the normal config
// validation, so a float range for an int key, a bad subtree or a misspelt key fail here, at the value.
import { isMap, parseDocument } from "yaml";
import type { z } from "zod";
import { maximizes } from "../engine/index.js";
import { MltrainError } from "../errors.js";
import type { LoadedConfig } from "../config/load.js";
import { parseConfig } from "../config/load.js";
import { didYouMean } from "../config/did_you_mean.js";
import { issueProblems } from "../config/messages.js";
import { formatProblem, sortProblems, type LocatedProblem, type Path } from "../config/problems.js";
import { monitorNames, outputLayer, tasksForActivation } from "../config/rules.js";
import { documentValue, parseKeyPath, parseYaml, position } from "../config/source.js";
import type { TaskName } from "../config/schema.js";
import { gridSize } from "./samplers/grid.js";
import { gridValues, isDiscrete } from "./space.js";
import { searchSchema, spaceSchema } from "./search_schema.js";
import type { ParamValue, Params, SearchSpec, SpaceSpec } from "./types.js";

export function readSearch(loaded: LoadedConfig): SearchSpec {
  const { src } = parseYaml(loaded.source);
  const root = src.doc.contents;
  const searchNode = isMap(root) ? root.get("search", true) : undefined;
  const raw = searchNode === undefined ? undefined : (documentValue(src.doc, 1000).value as Record<string, unknown>).search;
  const problems: LocatedProblem[] = [];
  const at = (path: Path, message: string, where: "key" | "value" = "value"): void =>
    void problems.push({ path, message, ...position(src, path, where) });
  if (raw === undefined || raw === null) {
    at([], "the config has no search: section; add one with metric and parameters (see README, Search spaces)");
    throw reject(loaded, problems);
  }
  const zodProblems = (result: { success: boolean; error?: { issues: z.core.$ZodIssue[] } }, schema: z.ZodType, data: unknown, under: Path): void => {
    for (const issue of result.error?.issues ?? []) {
      for (const p of issueProblems(issue, schema, data)) {
        const path = [...under, ...p.path];
        problems.push({ ...p, path, ...position(src, path, p.at ?? "value") });
      }
    }
  };
  const parsed = searchSchema.safeParse(raw);
  if (!parsed.success) {
    zodProblems(parsed, searchSchema, raw, ["search"]);
    throw reject(loaded, problems);
  }
  const s = parsed.data;
  const config = loaded.config;
  const parameters: { path: string; space: SpaceSpec }[] = [];
  for (const [key, rawSpace] of Object.entries(s.parameters)) {
    const here: Path = ["search", "parameters", key];
    const parsedSpace = spaceSchema.safeParse(rawSpace);
    if (!parsedSpace.success) {
      zodProblems(parsedSpace, spaceSchema, rawSpace, here);
      continue;
    }
    const space = parsedSpace.data as SpaceSpec;
    if (parseKeyPath(key) === undefined) {
      at(here, `"${key}" is not a key path; write keys separated by dots, e.g. optimizer.learning_rate or model.layers[0].units`, "key");
      continue;
    }
    const before = problems.length;
    if ((space.space === "uniform" || space.space === "loguniform" || space.space === "int") && space.low >= space.high) {
      at([...here, "high"], `high must be greater than low (got low ${space.low}, high ${space.high})`);
    } else if ((space.space === "loguniform" || (space.space === "int" && space.log)) && space.low <= 0) {
      at([...here, "low"], `a log space needs low > 0 (got ${space.low}); use a uniform space or a positive low`);
    } else if (space.space === "int" && space.log && space.step !== undefined && space.step !== 1) {
      at([...here, "step"], "a log int space takes no step (as Optuna)");
    }
    if (problems.length > before) continue;
    for (const { value, path } of probes(space)) {
      const why = tryValue(loaded, key, value);
      if (why === undefined) continue;
      const fix = (space.space === "uniform" || space.space === "loguniform") && !Number.isInteger(value) && why.includes("integer") ? "; an integer key takes space: int" : "";
      at([...here, ...path], `${key}=${JSON.stringify(value)} makes an invalid config: ${why}${fix}`);
      if (!(space.space === "choice" || space.space === "grid")) break;
    }
    if (problems.length === before) parameters.push({ path: key, space });
  }
  if (s.sampler === "grid") {
    for (const { path, space } of parameters) {
      if (!isDiscrete(space)) at(["search", "parameters", path, "space"], `the grid sampler needs finite spaces (grid, choice, int), got ${space.space}`);
    }
  }
  // the metric: a history key of this config
  const task = config.data.task === "auto" ? undefined : config.data.task;
  const output = outputLayer(config);
  const candidates: TaskName[] = task ? [task] : output ? tasksForActivation(output.activation) : [];
  const names = monitorNames(config, candidates);
  const noValidation = config.data.split.validation === 0 && config.data.test_path === undefined;
  if (!names.includes(s.metric)) {
    at(["search", "metric"], `cannot optimise ${JSON.stringify(s.metric)}: the history has ${names.join(", ")}${didYouMean(s.metric, names)}`);
  } else if (noValidation && s.metric.startsWith("val_")) {
    at(["search", "metric"], `${s.metric} needs validation rows but data.split.validation is 0; optimise ${s.metric.slice(4)} or give the validation split a share`);
  }
  if (problems.length > 0) throw reject(loaded, problems);
  const grid = s.sampler === "grid" ? gridSize({ parameters }) : undefined;
  return {
    metric: s.metric,
    direction: maximizes(s.metric, s.mode) ? "maximize" : "minimize",
    trials: s.trials ?? grid ?? 20,
    sampler: s.sampler,
    pruner: s.pruner,
    parallel: s.parallel,
    seed: s.seed ?? config.seed,
    parameters,
  };
}

/** The --set strings that turn the base config into a trial's (values as JSON, which YAML reads). */
export function trialOverrides(params: Params): string[] {
  return Object.entries(params).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}

/** The YAML text without its top-level `search:` (best.yaml, trial configs). */
export function withoutSearch(yamlText: string): string {
  const doc = parseDocument(yamlText);
  if (isMap(doc.contents)) doc.contents.delete("search");
  return doc.toString();
}

/** Values that stand for the space: every value of a list; low, high and an inner point of a range. */
function probes(space: SpaceSpec): { value: ParamValue; path: (string | number)[] }[] {
  if (space.space === "choice" || space.space === "grid") return space.values.map((value, i) => ({ value, path: ["values", i] }));
  if (space.space === "int") return gridValues({ ...space, step: space.step ?? Math.max(1, Math.floor((space.high - space.low) / 4)) }).slice(0, 5).map((value) => ({ value, path: [] }));
  const inner = space.space === "loguniform" ? Math.sqrt(space.low * space.high) : space.low + 0.377 * (space.high - space.low);
  return [
    { value: space.low, path: ["low"] },
    { value: space.high, path: ["high"] },
    { value: Number.isInteger(inner) ? inner + 0.5 : inner, path: [] },
  ];
}

/** Why `key=value` on the base config fails validation, or undefined when it loads. */
function tryValue(loaded: LoadedConfig, key: string, value: ParamValue): string | undefined {
  const text = `${key}=${JSON.stringify(value)}`;
  try {
    parseConfig(loaded.source, loaded.file, [...loaded.overrides, text], { dir: loaded.dir, checkFiles: false, taskFromData: true });
    return undefined;
  } catch (e) {
    if (!(e instanceof MltrainError)) throw e;
    const lines = e.details.length > 0 ? e.details : [e.message];
    return lines.map((l) => l.replace(`--set ${text}: `, "").replace(`${loaded.file}:`, "line ")).join("; ");
  }
}

function reject(loaded: LoadedConfig, problems: LocatedProblem[]): MltrainError {
  const lines = sortProblems(problems).map((p) => formatProblem(p, loaded.file));
  const n = lines.length;
  return new MltrainError("config.invalid", `invalid search (${n} problem${n === 1 ? "" : "s"}); no trial was run`, { file: loaded.file }, lines);
}

