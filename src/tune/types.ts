// The seam between the search (spaces, samplers, pruners) and the study runner: see TUNE_CONTRACT.md.
/** A parameter's value: a JSON value (number, string, boolean, null, array, object: a whole subtree). */
export type ParamValue = null | boolean | number | string | ParamValue[] | { [key: string]: ParamValue };
/** One trial's parameters, keyed by the --set path as written in search.parameters (insertion order = the YAML's). */
export type Params = Record<string, ParamValue>;

export type TrialState = "running" | "complete" | "pruned" | "failed";

/** What samplers and pruners see of a trial. */
export interface TrialView {
  number: number;                 // 0-based trial order
  params: Params;
  state: TrialState;
  /** the search metric after each finished epoch, index 0 = epoch 1 (always "lower is better" already? NO: raw values; use `direction`) */
  intermediate: readonly number[];
  /** the final metric value (complete trials; pruned trials: their last intermediate) */
  value: number | undefined;
}

export type Direction = "minimize" | "maximize";

export interface Sampler {
  /**
   * How many of the first trials (in trial order) must have ENDED (complete/pruned/failed) before trial
   * `number` can be suggested. Depends only on `number` and the search config, never on `parallel`:
   * this is what makes a study reproducible whatever its parallelism. random/grid: 0.
   */
  needs(number: number): number;
  /** Trial `number`'s parameters, from the seed, `number` and `ended` (exactly the first needs(number) trials). Pure. */
  suggest(number: number, ended: readonly TrialView[]): Params;
}

export interface Pruner {
  /**
   * Whether shouldPrune can say yes after `epoch` at all: a function of the epoch and the pruner's
   * options only. Where it is false, shouldPrune is false whatever the trials, so a trial goes on without
   * waiting for the earlier ones (asha: the rungs; median: past the warm-up epochs).
   */
  decidesAt(epoch: number): boolean;
  /**
   * Whether trial `trial` (its intermediate values through `epoch`, 1-based) stops after `epoch`.
   * `earlier` = trials with a smaller number, each of which has ENDED or reached `epoch` (the runner
   * waits for that, so the decision never depends on timing). Pure.
   */
  shouldPrune(trial: TrialView, epoch: number, earlier: readonly TrialView[]): boolean;
}

/** The parsed, validated `search:` section (with defaults filled in). */
export interface SearchSpec {
  metric: string;                 // a history key (val_loss, val_accuracy, …)
  direction: Direction;           // from mode (auto: as early_stopping decides for the metric)
  trials: number;                 // grid: default = number of combinations
  sampler: "random" | "grid" | "tpe";
  pruner: { type: "none" } | { type: "median"; n_startup_trials: number; n_warmup_epochs: number } | { type: "asha"; grace_epochs: number; reduction_factor: number };
  parallel: number | "auto";
  seed: number;
  /** path → its space, in the YAML's order */
  parameters: readonly { path: string; space: SpaceSpec }[];
}

export type SpaceSpec =
  | { space: "choice"; values: readonly ParamValue[] }
  | { space: "grid"; values: readonly ParamValue[] }
  | { space: "uniform"; low: number; high: number }
  | { space: "loguniform"; low: number; high: number }
  | { space: "int"; low: number; high: number; step?: number; log?: boolean };
