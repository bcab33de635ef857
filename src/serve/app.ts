// The HTTP side of `mltrain serve` (fastify): routes, body parsers, limits and errors.
//   POST /predict  {"rows": [{feature: value, ...}]} (application/json) or a CSV with a header row
//                  (text/csv) → predictions_json.ts's {predictions, probabilities}
//   GET  /health   {status: "ok", requests, forward_passes, rows_predicted, waiting_rows, batching}
//   GET  /model    what a client needs to send and what it gets back (features, classes, layers, shapes)
// Rows are read by the data module exactly as `mltrain predict` reads a CSV (model_rows.ts), except that
// an unseen category is refused. Every error is JSON {statusCode, error, message}: a bad row names the
// row and field (`rows[1].petal_width: ...`, CSV `<body>:3:2: petal_width: ...`), 413 past the body limit,
// 415 for another Content-Type, 404 for another route; anything unexpected is a 500 with no stack (the
// stack goes to onInternalError). With `log`, one JSON line per request (pino, fastify's logger).
import type { Writable } from "node:stream";
import { pino } from "pino";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { JSON_ROWS, jsonRowsTable, loadForModel, modelRows, type MissingSource, type ModelRows } from "../data/index.js";
import { MltrainError, formatWhere } from "../errors.js";
import { predictionsJson } from "../report/index.js";
import { modelInfo } from "./model_info.js";
import type { ServedModel } from "./served_model.js";
import { PredictQueue, type QueueOptions } from "./predict_queue.js";

/** The name a CSV body's errors give it (`<body>:3:2: petal_width: ...`), as predict names standard input `<stdin>`. */
export const CSV_BODY = "<body>";

export interface AppOptions extends QueueOptions {
  /** Largest request body in bytes; more is a 413. */
  bodyLimit: number;
  /** Where one JSON line per request goes; none when absent. */
  log?: Writable;
  /** Binary and multilabel: positive when p > threshold (default 0.5). */
  threshold?: number;
  /** The missing-value policy's source, for messages (the model's data.missing, or serve --missing). */
  missing: MissingSource;
  /** Called with an unexpected error (a 500): the caller prints it. */
  onInternalError?: (err: unknown) => void;
}

/** An error with the HTTP status it answers. */
class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

const USAGE = 'send {"rows": [{feature: value, ...}]} as application/json, or a CSV with a header row as text/csv';

export function buildApp(model: ServedModel, opts: AppOptions): { app: FastifyInstance; queue: PredictQueue } {
  const queue = new PredictQueue(model.net, opts);
  const app = Fastify({
    bodyLimit: opts.bodyLimit,
    logger: false,
    return503OnClosing: true,
  });
  // pino, fastify's logger, but not fastify's own log lines (listening, incoming, completed): one line per request
  const log = opts.log ? pino({ level: "info" }, opts.log) : null;
  let requests = 0;
  const rowsOf = new WeakMap<FastifyRequest, number>();
  const info = modelInfo(model);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(new RequestError(400, `the body is not valid JSON (${(err as Error).message}); ${USAGE}`), undefined);
    }
  });
  app.addContentTypeParser("text/csv", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

  app.addHook("onResponse", async (req, reply) => {
    log?.info({ reqId: req.id, method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 1000) / 1000, rows: rowsOf.get(req) ?? 0 }, "request");
  });

  // close(): the server stops accepting first; the requests already in flight then run without waiting for a batch
  app.addHook("preClose", async () => queue.drain());

  app.post("/predict", async (req) => {
    requests++;
    const rows = await readRows(req.body, model, opts.missing);
    rowsOf.set(req, rows.rows);
    const output = await queue.predict(rows.x, rows.rows);
    const total = rows.rows + rows.skipped.rowIds.length;
    return predictionsJson({ task: model.task, labels: model.labels, output, rows: rows.rows, rowIds: rows.rowIds, total, threshold: opts.threshold });
  });

  app.get("/health", async () => ({
    status: "ok",
    requests,
    forward_passes: queue.passes,
    rows_predicted: queue.rows,
    waiting_rows: queue.waitingRows,
    batching: { max_batch: opts.maxBatch, max_wait_ms: opts.maxWaitMs },
  }));

  app.get("/model", async () => info);

  app.setNotFoundHandler((req, reply) => {
    void send(reply, 404, `no route ${req.method} ${req.url}; the routes are POST /predict, GET /health, GET /model`);
  });

  app.setErrorHandler((err: FastifyError | MltrainError | RequestError, req, reply) => {
    if (err instanceof MltrainError) return send(reply, 400, rowError(err));
    if (err instanceof RequestError) return send(reply, err.statusCode, err.message);
    const code = (err as FastifyError).code;
    if (code === "FST_ERR_CTP_BODY_TOO_LARGE") return send(reply, 413, `the body is larger than the limit of ${opts.bodyLimit} bytes (serve --body-limit); send fewer rows per request`);
    if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      const type = req.headers["content-type"];
      return send(reply, 415, `${type === undefined ? "no Content-Type" : `unsupported Content-Type ${JSON.stringify(type)}`}; ${USAGE}`);
    }
    const status = (err as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) return send(reply, status, err.message);
    opts.onInternalError?.(err);
    return send(reply, 500, "internal error (the server printed it); please report it");
  });

  return { app, queue };
}

/** The request's rows through the data module: JSON rows or a CSV body. */
async function readRows(body: unknown, model: ServedModel, missing: MissingSource): Promise<ModelRows> {
  const opts = { requireTarget: false, unseen: "error", missing } as const;
  if (Buffer.isBuffer(body)) return loadForModel(CSV_BODY, model.data, { ...opts, bytes: body });
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RequestError(400, `expected a JSON object {"rows": [...]}, got ${body === undefined ? "no body" : Array.isArray(body) ? "an array" : JSON.stringify(body)}; ${USAGE}`);
  }
  const keys = Object.keys(body);
  const extra = keys.filter((k) => k !== "rows");
  if (extra.length > 0) throw new RequestError(400, `unknown key ${JSON.stringify(extra[0])}: the body has one key, "rows"; ${USAGE}`);
  const rows = (body as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new RequestError(400, `"rows" must be an array of objects, got ${rows === undefined ? "nothing" : typeof rows}; ${USAGE}`);
  return modelRows(jsonRowsTable(rows, model.data, missing), model.data, opts);
}

/** `rows[1].petal_width: message` for JSON rows; `<body>:3:2: petal_width: message` for a CSV body. */
function rowError(err: MltrainError): string {
  const w = err.where;
  if (w?.file === JSON_ROWS && w.line !== undefined) {
    const field = w.path === undefined ? "" : /^[A-Za-z_$][\w$]*$/.test(w.path) ? `.${w.path}` : `[${JSON.stringify(w.path)}]`;
    return `rows[${w.line - 1}]${field}: ${err.message}`;
  }
  return formatWhere(w) + (w?.path ? `${w.path}: ` : "") + err.message;
}

const reasons: Record<number, string> = { 400: "Bad Request", 404: "Not Found", 413: "Payload Too Large", 415: "Unsupported Media Type", 500: "Internal Server Error", 503: "Service Unavailable" };

function send(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type("application/json; charset=utf-8").send({ statusCode: status, error: reasons[status] ?? "Error", message });
}
