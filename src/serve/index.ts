// src/serve: `mltrain serve`'s HTTP server (fastify) over a loaded model. cli/serve.ts loads the model,
// listens, prints the address and shuts down on SIGTERM/SIGINT; this area never prints or exits.
export { buildApp, CSV_BODY, type AppOptions } from "./app.js";
export type { ServedModel } from "./served_model.js";
export { PredictQueue, type Predictor, type QueueOptions } from "./predict_queue.js";
export { modelInfo, type ModelInfo } from "./model_info.js";
