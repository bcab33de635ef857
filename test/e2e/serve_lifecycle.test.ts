// `mltrain serve` batching, shutdown and logging, over real HTTP on 127.0.0.1. Batching is checked by
// its count of forward passes (/health), never by timing: with a batch wait far longer than any test,
// a pass runs only when --max-batch rows are waiting, or when the server shuts down.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";
import { getJson, predict, serve, type Served } from "./server.js";

const dir = tmp("serve-life");
const model = path.join(dir, "iris", "model.json");
const row = (i: number) => ({ sepal_length: 5 + i / 10, sepal_width: 3.1, petal_length: 1.5 + i / 5, petal_width: 0.2 + i / 10 });
/** Longer than any test: a batch never runs because of its timer here. */
const NEVER = ["--batch-wait", "600000"];

beforeAll(() => {
  const r = mltrain(["fit", path.join(root, "configs/iris.yaml"), "-o", "iris", "--verbose", "0", "--set", "training.epochs=2"], dir);
  expect(r.code, r.stderr).toBe(0);
});

/** Poll /health (on its own connection) until `ready` holds: the requests sent have reached the queue. */
async function until(server: Served, ready: (h: any) => boolean): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const h = await getJson(`${server.url}/health`);
    if (ready(h)) return h;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the server never got there");
}

describe("requests arriving together share one forward pass", () => {
  it("8 single-row requests with --max-batch 8: one pass of 8 rows, each answered as if alone", async () => {
    const alone = await serve(model, ["--batch-wait", "0"], dir);
    const expected = await Promise.all(Array.from({ length: 8 }, async (_, i) => (await predict(alone.url, { rows: [row(i)] })).body));
    await alone.stop();

    const server = await serve(model, [...NEVER, "--max-batch", "8"], dir);
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => predict(server.url, { rows: [row(i)] })));
      expect(answers.map((a) => a.body)).toEqual(expected);
      const h = await getJson(`${server.url}/health`);
      expect({ requests: h.requests, forward_passes: h.forward_passes, rows_predicted: h.rows_predicted }).toEqual({ requests: 8, forward_passes: 1, rows_predicted: 8 });
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  });

  it("a pass never takes more than --max-batch rows: four 4-row requests with --max-batch 8 are two passes", async () => {
    const server = await serve(model, [...NEVER, "--max-batch", "8"], dir);
    try {
      const answers = await Promise.all(Array.from({ length: 4 }, (_, k) => predict(server.url, { rows: [0, 1, 2, 3].map((i) => row(4 * k + i)) })));
      expect(answers.map((a) => a.body.predictions.length)).toEqual([4, 4, 4, 4]);
      const h = await getJson(`${server.url}/health`);
      expect({ forward_passes: h.forward_passes, rows_predicted: h.rows_predicted }).toEqual({ forward_passes: 2, rows_predicted: 16 });
    } finally {
      await server.stop();
    }
  });
});

describe("SIGTERM and SIGINT: stop accepting, answer what is in flight, exit 0", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} with 5 requests waiting for their batch: all 5 answered 200, exit 0, nothing printed but the address`, async () => {
      const server = await serve(model, [...NEVER, "--max-batch", "1000"], dir);
      const inFlight = Array.from({ length: 5 }, (_, i) => predict(server.url, { rows: [row(i), row(i + 1)] }));
      expect((await until(server, (h) => h.requests === 5)).waiting_rows).toBe(10);
      const end = await server.stop(signal);
      const answers = await Promise.all(inFlight);
      expect(answers.map((a) => [a.status, a.body.predictions.length])).toEqual(Array(5).fill([200, 2]));
      expect(end.code).toBe(0);
      expect(end.stderr).toBe("");
      expect(end.stdout.replace(/:\d+ /, ":PORT ").replace(model, "MODEL")).toMatchInlineSnapshot(`
        "mltrain serve: listening on http://127.0.0.1:PORT (iris/model.json: iris, multiclass)
        "
      `);
      await expect(fetch(`${server.url}/health`)).rejects.toThrow(); // no longer accepting
    });
  }
});

describe("--log-requests", () => {
  it("one JSON line per request (method, url, status, ms, rows); without it, nothing per request", async () => {
    const server = await serve(model, ["--log-requests"], dir);
    await predict(server.url, { rows: [row(1), row(2), row(3)] });
    await predict(server.url, { rows: [{}] });
    await getJson(`${server.url}/health`);
    const end = await server.stop();
    const lines = end.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^mltrain serve: listening on http:\/\/127\.0\.0\.1:\d+ /);
    const logged = lines.slice(1).map((l) => JSON.parse(l));
    expect(logged.map(({ method, url, status, rows, msg }) => ({ method, url, status, rows, msg }))).toEqual([
      { method: "POST", url: "/predict", status: 200, rows: 3, msg: "request" },
      { method: "POST", url: "/predict", status: 400, rows: 0, msg: "request" },
      { method: "GET", url: "/health", status: 200, rows: 0, msg: "request" },
    ]);
    for (const l of logged) expect(typeof l.ms).toBe("number");

    const quiet = await serve(model, [], dir);
    await predict(quiet.url, { rows: [row(1)] });
    expect((await quiet.stop()).stdout.trimEnd().split("\n")).toHaveLength(1);
  });
});
