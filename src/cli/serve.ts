// `mltrain serve MODEL [--host H] [--port P] [--max-batch N] [--batch-wait MS] [--body-limit BYTES]
// [--log-requests] [--missing POLICY] [--threshold T]`: the model over HTTP (src/serve). Prints one
// line, the address it listens on (`--port 0`: a free port, the line says which); with --log-requests,
// one JSON line per request after it (pino). SIGTERM or SIGINT: stop accepting connections, answer the
// requests in flight, dispose the model's kernels, exit 0 (a second signal closes open connections).
import type { Writable } from "node:stream";
import { InvalidArgumentError, type Command } from "commander";
import type { MissingName } from "../data/index.js";
import { MltrainError } from "../errors.js";
import type { CliIo } from "./io.js";
import { missingHelp, missingOption } from "./model_input.js";
import { threshold } from "./options.js";
import { loadSavedModel } from "./saved_model.js";

export interface ServeOptions {
  host: string;
  port: number;
  maxBatch: number;
  batchWait: number;
  bodyLimit: number;
  logRequests?: boolean;
  missing?: MissingName;
  threshold?: number;
}

/** Defaults: at most 256 rows per forward pass, and a request waits at most 2 ms for others to join it. */
export const SERVE_DEFAULTS = { host: "127.0.0.1", port: 8080, maxBatch: 256, batchWait: 2, bodyLimit: 1 << 20 } as const;

export function registerServe(program: Command, io: CliIo): void {
  program
    .command("serve")
    .description("serve a model over HTTP: POST /predict, GET /health, GET /model")
    .argument("<model>", "model.json written by fit")
    .option("--host <host>", "address to listen on", SERVE_DEFAULTS.host)
    .option("--port <port>", "port to listen on (0: any free port; the address line says which)", port, SERVE_DEFAULTS.port)
    .option("--max-batch <rows>", "most rows in one forward pass: requests arriving together are batched up to this", positiveInt, SERVE_DEFAULTS.maxBatch)
    .option("--batch-wait <ms>", "most milliseconds a request waits for others to share its forward pass (0: only those already queued)", milliseconds, SERVE_DEFAULTS.batchWait)
    .option("--body-limit <bytes>", "largest request body (e.g. 1048576, 512kb, 4mb); larger is a 413", bytes, SERVE_DEFAULTS.bodyLimit)
    .option("--log-requests", "one JSON line per request on stdout (pino): method, url, status, ms, rows")
    .option("--missing <policy>", missingHelp("answer null for the row"), missingOption)
    .option("--threshold <t>", "binary and multilabel: predict positive when p > T (default 0.5)", threshold)
    .action(async (model: string, opts: ServeOptions) => runServe(model, opts, io));
}

async function runServe(modelFile: string, opts: ServeOptions, io: CliIo): Promise<void> {
  const { withMissing } = await import("../data/index.js");
  const { buildApp } = await import("../serve/index.js");
  const { thresholdRefusal } = await import("./eval.js");
  const saved = await loadSavedModel(modelFile, io.cwd, "serve takes the model.json that fit writes (e.g. runs/NAME/model.json)", opts.maxBatch);
  const kernels = saved.net.kernels; // created once for the model, disposed when the server stops
  try {
    const task = saved.json.task;
    if (opts.threshold !== undefined && task !== "binary" && task !== "multilabel") throw thresholdRefusal(task, saved.file);
    const policy = opts.missing ?? saved.data.preprocessing.missing;
    const data = opts.missing === undefined ? saved.data : { ...saved.data, preprocessing: withMissing(saved.data.preprocessing, opts.missing, saved.file) };
    const { app } = buildApp(
      { file: saved.file, name: saved.json.name, task, labels: saved.labels, data, net: saved.net },
      {
        maxBatch: opts.maxBatch,
        maxWaitMs: opts.batchWait,
        bodyLimit: opts.bodyLimit,
        log: opts.logRequests ? (io.stdout as unknown as Writable) : undefined,
        threshold: opts.threshold,
        missing: {
          setting: opts.missing === undefined ? `the model's data.missing: ${policy}` : `--missing ${policy}`,
          hint: "send a value, or start serve with --missing mean (fill with the model's train mean) or --missing drop (answer null for the row)",
        },
        onInternalError: (err) => void io.stderr.write(`mltrain serve: internal error (please report it):\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
      },
    );
    let address: string;
    try {
      address = await app.listen({ host: opts.host, port: opts.port });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new MltrainError("usage", `cannot listen on ${opts.host}:${opts.port}: ${e.code ?? e.message}${e.code === "EADDRINUSE" ? " (the port is taken; choose another --port, or 0 for any free port)" : ""}`);
    }
    io.stdout.write(`mltrain serve: listening on ${address} (${saved.file}: ${saved.json.name}, ${task})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGTERM", stop);
        process.off("SIGINT", stop);
        // a second signal: close the connections still open, so that close() can finish
        const force = () => app.server.closeAllConnections();
        process.once("SIGTERM", force);
        process.once("SIGINT", force);
        void app.close().then(() => {
          process.off("SIGTERM", force);
          process.off("SIGINT", force);
          resolve();
        });
      };
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
    });
  } finally {
    kernels.dispose();
  }
}

function port(value: string): number {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n > 65535) throw new InvalidArgumentError("expected a port number from 0 to 65535 (0: any free port)");
  return n;
}

function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value.trim())) throw new InvalidArgumentError("expected a positive integer");
  return Number(value);
}

function milliseconds(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === "" || !(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError("expected a number of milliseconds >= 0");
  return n;
}

function bytes(value: string): number {
  const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(value.trim());
  const n = m ? Number(m[1]) * ({ b: 1, kb: 1024, mb: 1024 * 1024 }[(m[2] ?? "b").toLowerCase()] ?? 1) : 0;
  if (!(n > 0)) throw new InvalidArgumentError("expected a positive number of bytes, e.g. 1048576, 512kb or 4mb");
  return n;
}
