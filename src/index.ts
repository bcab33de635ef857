// mltrain as a library: `import { ... } from "mltrain"`. The public façade; every name here is
// documented in the README's API reference (generated from the declarations: scripts/api_reference.mjs).
// Importing it does nothing: no thread, no V8 flag, nothing printed. The first createKernels() (which
// model.fit, fit and load call) compiles the WebAssembly kernels and starts their worker thread.
//
// Three levels (README "From code"):
//   1. pure code: createKernels, createLayer, createOptimizer, meanLoss — a training loop by hand
//   2. composed layers: sequential([...layers]) → model.fit / evaluate / predict / save; load(file)
//   3. the CLI's runs: fit(configOrPath), cv(configOrPath), tune(configPath), defineConfig({...})

// 1. pure code
export { createKernels, JsKernels, Rng } from "./engine/index.js";
export type { WasmKernelsOptions } from "./engine/index.js";
export type { Kernels, Layer, Param, State, Optimizer, OptimizerState, LossName, ActivationName, InitializerName, RngState, LayerJson } from "./engine/index.js";
export { createLayer, createOptimizer, meanLoss, type LayerInput, type LayerPlace, type OptimizerInput } from "./lib/pieces.js";

// 2. composed layers
export { sequential, load, Model, type ModelFitOptions, type ModelFitResult, type Prediction } from "./lib/model.js";
export type { Data, DataInput, ArrayData, ArrayDataOptions, ArrayInputs, Rows } from "./lib/data.js";
export type { MetricsObject } from "./metrics/index.js";
export type { SummaryRow } from "./engine/index.js";
export type { ModelFile } from "./io/index.js";

// 3. the CLI's runs
export { fit, type FitConfigOptions, type FitRunResult, type RunEvent } from "./lib/fit.js";
export { cv, type CvOptions, type CvEvent, type CvRunResult } from "./lib/cv.js";
export { tune, type TuneOptions, type TuneEvent, type TuneResult } from "./lib/tune.js";
export { defineConfig, type Config, type ConfigInput } from "./lib/define_config.js";
export type { TaskName, MetricName } from "./config/schema.js";
export { Events } from "./lib/events.js";
export type { FitEvent, FitResult, BatchProgress } from "./train/index.js";
export type { HistoryRow, RestartSummary, RunStatus } from "./io/index.js";

// 4. errors: every level throws MltrainError (a stable code; config problems one per line in details)
export { MltrainError, type ErrorCode, type Where } from "./errors.js";
