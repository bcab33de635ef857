// loadConfig: YAML file (+ --set overrides) → validated, resolved Config, or a MltrainError listing
// every problem as `file:line:col: path: message`, sorted by position.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isMap } from "yaml";
import { formatWhere, MltrainError, readFailure } from "../errors.js";
import { issueProblems } from "./messages.js";
import { formatProblem, sortProblems, type LocatedProblem, type Path, type Problem } from "./problems.js";
import { parseParts, type Parts } from "./parts.js";
import { crossFieldProblems, dataFormat, defaultLoss, defaultMetrics, fillSplitDefaults } from "./rules.js";
import { configSchema, type Config } from "./schema.js";
import { applyOverride, documentValue, expandShorthands, parseKeyPath, parseYaml, position, type ConfigSource, type Override } from "./source.js";

/** The type an omitted optimizer / schedule defaults to (the schema's prefault), for --set into it. */
const typeDefaults = {
  optimizer: configSchema.shape.optimizer.parse(undefined).type,
  schedule: configSchema.shape.schedule.parse(undefined).type,
};

export interface LoadedConfig {
  /** Validated, defaults filled, name set, data.path, labels, test_path, test_labels and model.init_from absolute; data.format set when data.path is. */
  config: Config & { name: string };
  /** The config file as given on the command line (used in messages). */
  file: string;
  /** Absolute folder of the config file: relative paths in the file are resolved against it. */
  dir: string;
  /** The YAML text as read. */
  source: string;
  /** The --set overrides applied, in order. */
  overrides: string[];
  /**
   * An error for problems found after loading (checks that need the data: the inferred task, the number
   * of outputs), located and rendered like the loader's own: `file:line:col: path: message`.
   */
  reject(problems: readonly Problem[], what: string): MltrainError;
  /**
   * An error that the data (or the model built from the config) revealed about a config key, i.e. a
   * MltrainError whose where.path is a key path such as data.target: the same code, located at that
   * key in the file (or at the --set it came from), with the file it came from (the CSV) named first in
   * the message. Anything else is returned as it is. For `catch (e) { throw loaded.locate(e); }`.
   */
  locate(err: unknown): unknown;
}

export interface ParseOptions {
  /** Folder that relative paths in the file are resolved against (default: the file's folder). */
  dir?: string;
  /** Folder that relative paths given with --set are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Check that data.path, data.test_path and model.init_from exist (default: true). */
  checkFiles?: boolean;
  /**
   * The caller infers the task from the data (fit, summary): with task auto, what depends on the task is
   * checked by rules.taskProblems then, not guessed here from the output activation (default: false).
   */
  taskFromData?: boolean;
  /**
   * Locate problems at the YAML's line:col (default: true). false for a config made in code (the
   * library's fit and model.fit): its text was generated, so problems name the key path only.
   */
  positions?: boolean;
}

/** Read, override, validate and resolve a config file. Throws MltrainError (exit 2) with every problem. */
export async function loadConfig(
  file: string,
  overrides: readonly string[] = [],
  cwd: string = process.cwd(),
  options: Pick<ParseOptions, "taskFromData" | "checkFiles"> = {},
): Promise<LoadedConfig> {
  const abs = path.resolve(cwd, file);
  let source: string;
  try {
    source = await readFile(abs, "utf8");
  } catch (err) {
    const why = readFailure(err);
    throw new MltrainError("data.io", `cannot read the config: ${why}`, { file });
  }
  return parseConfig(source, file, overrides, { ...options, dir: path.dirname(abs), cwd });
}

/** The same from YAML text (`file` names it in messages). */
export function parseConfig(source: string, file: string, overrides: readonly string[] = [], options: ParseOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const dir = options.dir ?? path.dirname(path.resolve(cwd, file));
  // config.override when every problem comes from a --set, else config.invalid (config.yaml: syntax).
  const error = (problems: LocatedProblem[], what: string, code?: "config.yaml"): MltrainError => {
    const lines = sortProblems(problems, overrides).map((p) => formatProblem(p, file));
    const n = lines.length;
    const c = code ?? (problems.every((p) => p.override !== undefined) ? "config.override" : "config.invalid");
    return new MltrainError(c, `${what} (${n} problem${n === 1 ? "" : "s"}); nothing was run`, { file }, lines);
  };
  const fail = (problems: LocatedProblem[], what: string, code?: "config.yaml"): never => {
    throw error(problems, what, code);
  };

  const { src, problems: syntax } = parseYaml(source);
  if (syntax.length > 0) fail(syntax, "invalid YAML", "config.yaml");
  const root = src.doc.contents;
  if (root === null || root === undefined) {
    if (overrides.length === 0) fail([{ path: [], message: "the file is empty; expected a mapping with at least data and model", line: 1, col: 1 }], "invalid config");
  } else if (!isMap(root)) {
    fail([{ path: [], message: "expected a mapping (key: value) at the top level, e.g. `data:` and `model:`", ...position(src, []) }], "invalid config");
  }

  expandShorthands(src.doc);
  const applied: Override[] = [];
  const overrideProblems: LocatedProblem[] = [];
  for (const text of overrides) {
    const r = applyOverride(src.doc, text, typeDefaults);
    if (r.error) overrideProblems.push({ path: [], message: r.error, override: text });
    else applied.push(r.override!);
    expandShorthands(src.doc); // so `--set schedule=cosine --set schedule.period=5` works
  }
  if (overrideProblems.length > 0) fail(overrideProblems, "invalid --set");

  const { value: raw, error: expansion } = documentValue(src.doc, 1000);
  if (expansion !== undefined) fail([{ path: [], message: `invalid YAML: ${expansion}`, line: 1, col: 1 }], "invalid YAML", "config.yaml");
  fillSplitDefaults(raw);
  const parsed = configSchema.safeParse(raw);
  const locateAll = (ps: Problem[]) => ps.map((p) => (options.positions === false ? { ...p } : locateProblem(p, src, applied)));
  const issues = parsed.success ? [] : parsed.error.issues;
  // Of a config that fails the schema, the rules and file checks run on the parts that parse.
  const parts: Parts = parsed.success ? { config: parsed.data, usable: () => true } : parseParts(raw, issues);
  const schemaProblems = issues.flatMap((i) => issueProblems(i, configSchema, raw));
  // Resolve: name, paths, and the defaults that follow from an explicit task.
  const config = { ...parts.config, name: parts.config.name ?? path.basename(file).replace(/\.ya?ml$/i, "") };
  const crossProblems = crossFieldProblems(config, parts.usable, { taskFromData: options.taskFromData });
  const fileProblems: Problem[] = [];
  const resolvePath = (p: Path, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const fromCli = applied.some((o) => isPrefix(o.path, p));
    const abs = path.resolve(fromCli ? cwd : dir, value);
    if (options.checkFiles !== false && !existsSync(abs)) {
      const shown = path.relative(cwd, abs) || abs;
      const why = fromCli ? "a --set path is relative to the current folder" : "paths in the file are relative to its folder";
      fileProblems.push({ path: p, message: `file not found: ${JSON.stringify(value)} (looked for ${shown}; ${why})` });
    }
    return abs;
  };
  if (config.data !== undefined) {
    for (const key of ["path", "labels", "test_path", "test_labels"] as const) config.data[key] = resolvePath(["data", key], config.data[key]);
    if (config.data.path !== undefined && parts.usable("data.format")) config.data.format ??= dataFormat(config.data);
  }
  if (config.model !== undefined) config.model.init_from = resolvePath(["model", "init_from"], config.model.init_from);
  const all = [...schemaProblems, ...crossProblems, ...fileProblems];
  if (all.length > 0) fail(locateAll(all), "invalid config");
  if (config.data.task !== "auto") {
    config.loss ??= defaultLoss(config.data.task);
    config.metrics ??= defaultMetrics(config.data.task);
  }
  const reject = (problems: readonly Problem[], what: string): MltrainError => error(locateAll([...problems]), what);
  const locate = (err: unknown): unknown => {
    const where = err instanceof MltrainError ? err.where : undefined;
    const keyPath = where?.path === undefined ? undefined : parseKeyPath(where.path);
    if (!(err instanceof MltrainError) || keyPath === undefined || !(String(keyPath[0]) in configSchema.shape)) return err;
    const from = where!.file === undefined ? "" : formatWhere({ ...where, file: path.isAbsolute(where!.file) ? path.relative(cwd, where!.file) || where!.file : where!.file });
    const problem = locateAll([{ path: keyPath, message: from + err.message }])[0];
    return new MltrainError(err.code, "the config does not fit the data (1 problem); nothing was run", { file }, [formatProblem(problem, file)]);
  };
  return { config, file, dir, source, overrides: [...overrides], reject, locate };
}

function isPrefix(prefix: Path, p: Path): boolean {
  return prefix.length <= p.length && prefix.every((s, i) => String(s) === String(p[i]));
}

/** A problem gets the --set it came from (an override at or above its path, or below it), else its file position. */
function locateProblem(p: Problem, src: ConfigSource, overrides: readonly Override[]): LocatedProblem {
  const ov = [...overrides].reverse().find((o) => isPrefix(o.path, p.path) || (p.path.length > 0 && isPrefix(p.path, o.path)));
  if (ov) return { ...p, override: ov.text };
  return { ...p, ...position(src, p.path, p.at) };
}
