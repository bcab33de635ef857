import { describe, expect, it } from "vitest";
import { gridParams, gridSize } from "../../src/tune/samplers/grid.js";
import { createSampler } from "../../src/tune/samplers/index.js";
import { BATCH, N_STARTUP_TRIALS, tpeNeeds } from "../../src/tune/samplers/tpe.js";
import type { Params, SearchSpec, TrialView } from "../../src/tune/types.js";

function spec(over: Partial<SearchSpec>): SearchSpec {
  return { metric: "val_loss", direction: "minimize", trials: 30, sampler: "random", pruner: { type: "none" }, parallel: 1, seed: 7, parameters: [], ...over };
}

const mixed: SearchSpec["parameters"] = [
  { path: "optimizer.learning_rate", space: { space: "loguniform", low: 1e-4, high: 0.1 } },
  { path: "model.layers[0].units", space: { space: "int", low: 8, high: 128, log: true } },
  { path: "model.layers[1].rate", space: { space: "uniform", low: 0, high: 0.5 } },
  { path: "training.batch_size", space: { space: "choice", values: [16, 32, 64] } },
];

// a shifted quadratic with its optimum at lr = 1e-2 (log scale), units = 40, rate = 0.1, batch 32
function objective(p: Params): number {
  const lr = Math.log10(p["optimizer.learning_rate"] as number) + 2;
  const u = (Math.log2(p["model.layers[0].units"] as number) - Math.log2(40)) / 2;
  const r = ((p["model.layers[1].rate"] as number) - 0.1) * 4;
  const b = p["training.batch_size"] === 32 ? 0 : 0.5;
  return lr * lr + u * u + r * r + b;
}

/** Runs a study sequentially, honouring needs(): trial i sees exactly the first needs(i) ended trials. */
function bestAfter(s: SearchSpec, n: number): number {
  const sampler = createSampler(s);
  const ended: TrialView[] = [];
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const params = sampler.suggest(i, ended.slice(0, sampler.needs(i)));
    const value = objective(params);
    ended.push({ number: i, params, state: "complete", intermediate: [value], value });
    best = Math.min(best, value);
  }
  return best;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe("samplers", () => {
  it("random stays inside every space and is a pure function of (seed, number)", () => {
    const s = createSampler(spec({ parameters: mixed }));
    for (let i = 0; i < 200; i++) {
      const p = s.suggest(i, []);
      const lr = p["optimizer.learning_rate"] as number;
      const units = p["model.layers[0].units"] as number;
      expect(lr >= 1e-4 && lr <= 0.1).toBe(true);
      expect(Number.isInteger(units) && units >= 8 && units <= 128).toBe(true);
      expect([16, 32, 64]).toContain(p["training.batch_size"]);
    }
    expect(createSampler(spec({ parameters: mixed })).suggest(3, [])).toEqual(s.suggest(3, []));
    expect(s.suggest(3, [])).not.toEqual(s.suggest(4, []));
  });

  it("grid gives every combination exactly once, in nested-loop order", () => {
    const s = spec({
      sampler: "grid",
      parameters: [
        { path: "a", space: { space: "grid", values: ["x", "y"] } },
        { path: "b", space: { space: "int", low: 1, high: 5, step: 2 } },
        { path: "c", space: { space: "choice", values: [{ type: "adam" }, { type: "sgd", momentum: 0.9 }] } },
      ],
    });
    expect(gridSize(s)).toBe(2 * 3 * 2);
    const seen = Array.from({ length: 12 }, (_, i) => JSON.stringify(createSampler(s).suggest(i, [])));
    expect(new Set(seen).size).toBe(12);
    expect(gridParams(s, 0)).toEqual({ a: "x", b: 1, c: { type: "adam" } });
    expect(gridParams(s, 1)).toEqual({ a: "x", b: 1, c: { type: "sgd", momentum: 0.9 } });
    expect(gridParams(s, 2)).toEqual({ a: "x", b: 3, c: { type: "adam" } });
    expect(gridParams(s, 11)).toEqual({ a: "y", b: 5, c: { type: "sgd", momentum: 0.9 } });
  });

  it("tpe waits for batches of 4 after 10 random startup trials, whatever the parallelism", () => {
    expect([0, 9, 10, 11, 12, 15, 16].map(tpeNeeds)).toEqual([0, 0, 10, 10, 12, 12, 16]);
    expect(BATCH).toBe(4);
    expect(N_STARTUP_TRIALS).toBe(10);
  });

  it("tpe's median best after 40 trials beats random's over 21 fixed seeds on a shifted quadratic", () => {
    const seeds = Array.from({ length: 21 }, (_, i) => 1000 + i);
    const tpe = seeds.map((seed) => bestAfter(spec({ sampler: "tpe", seed, parameters: mixed }), 40));
    const rnd = seeds.map((seed) => bestAfter(spec({ sampler: "random", seed, parameters: mixed }), 40));
    const wins = tpe.filter((v, i) => v < rnd[i]).length;
    expect({ tpe: median(tpe) < median(rnd) / 2, wins: wins >= 14 }).toEqual({ tpe: true, wins: true });
  });

  it("tpe models a path only from trials that have it (conditional subtrees) and stays in range", () => {
    const s = spec({ sampler: "tpe", parameters: [{ path: "x", space: { space: "uniform", low: -1, high: 1 } }] });
    const ended: TrialView[] = Array.from({ length: 12 }, (_, i) => ({
      number: i,
      params: (i % 2 ? { x: i / 12 } : {}) as Params,
      state: "complete",
      intermediate: [],
      value: i,
    }));
    const p = createSampler(s).suggest(12, ended);
    expect((p.x as number) >= -1 && (p.x as number) <= 1).toBe(true);
  });
});
