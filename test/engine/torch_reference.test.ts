// The engine against PyTorch: fixtures from test/fixtures/generate/torch_engine.py (torch version in the
// JSON). Tolerances: float32 kernels against float64 references 1e-5 relative per op; weights after
// several float32 steps 1e-5 relative to the tensor's largest magnitude (both sides are float32).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  buildModel,
  createSchedule,
  JsKernels,
  Rng,
  type ActivationName,
  type LayerOptions,
  type LossName,
  type OptimizerOptions,
  type ScheduleOptions,
} from "../../src/engine/index.js";
import { optimizers } from "../../src/engine/optimizers/index.js";
import { schedules } from "../../src/engine/schedules/index.js";
import { lossSum, losses } from "../../src/engine/losses/index.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/engine/torch_engine.json", import.meta.url), "utf8"));
const k = new JsKernels();
const flat = (m: number[][]) => Float32Array.from(m.flat());

/** max |a-b| <= tol * max(max|b|, floor) */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, floor = 1e-3): void {
  expect(a.length).toBe(b.length);
  let scale = floor;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst / scale).toBeLessThanOrEqual(tol);
}

describe(`activations match torch ${fx.versions.torch}`, () => {
  const z = flat(fx.activations.z);
  const dy = flat(fx.activations.dy);
  const rows = fx.activations.z.length;
  const cols = fx.activations.z[0].length;
  for (const [name, ref] of Object.entries<{ y: number[][]; dz: number[][] }>(fx.activations.cases)) {
    it(`${name}: forward and backward to 1e-5 relative`, () => {
      const y = k.alloc(rows * cols);
      const dz = k.alloc(rows * cols);
      k.activation(name as ActivationName, rows, cols, z, y);
      expectClose(y, ref.y.flat(), 1e-5);
      k.activationBackward(name as ActivationName, rows, cols, z, y, dy, dz);
      expectClose(dz, ref.dz.flat(), 1e-5);
    });
  }
});

describe(`losses match torch ${fx.versions.torch} (value and gradient, 1e-5 relative)`, () => {
  for (const [name, ref] of Object.entries<{ y: number[][]; t: number[][]; loss: number; grad: number[][] }>(
    fx.losses,
  )) {
    it(name, () => {
      const rows = ref.y.length;
      const cols = ref.y[0].length;
      const fused = name.startsWith("softmax_") || name.startsWith("sigmoid_");
      const lossName = (fused ? name.replace(/^(softmax|sigmoid)_/, "") : name) as LossName;
      const loss = losses[lossName];
      const input = flat(ref.y);
      const t = flat(ref.t);
      const grad = k.alloc(rows * cols);
      let p: Float32Array = input;
      if (fused) {
        p = k.alloc(rows * cols);
        k.activation(loss.fusedWith!, rows, cols, input, p);
      }
      const sum = lossSum(k, loss, fused, rows, cols, input, p, t, grad);
      const divisor = loss.mean === "rows" ? rows : rows * cols;
      expect(Math.abs(sum / divisor - ref.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(ref.loss));
      expectClose(grad, ref.grad.flat(), 1e-5);
    });
  }
});

interface Run {
  optimizer: { type: string; learning_rate: number; [k: string]: unknown };
  schedule: "constant" | "step";
  batch: number;
  epochs: number;
  hidden: ActivationName;
  final: ActivationName;
  loss: LossName;
  l2: number;
  clip_norm: number | null;
  losses: number[];
  grad_norms: number[][];
  weights: Record<"W1" | "b1" | "W2" | "b2", number[] | number[][]>;
}

function label(r: Run): string {
  const o = r.optimizer;
  const extras = Object.entries(o)
    .filter(([key]) => key !== "type" && key !== "learning_rate")
    .map(([key, v]) => `${key}=${v}`);
  const opt = [o.type, ...extras].join(" ");
  const parts = [`${opt}`, `${r.schedule} lr`, `batch ${r.batch}`, `${r.hidden}→${r.final} ${r.loss}`];
  if (r.l2) parts.push(`l2 ${r.l2}`);
  if (r.clip_norm) parts.push(`clip_norm ${r.clip_norm}`);
  return parts.join(", ");
}

describe(`training steps match torch.optim (${fx.versions.torch}): weights after 2-3 epochs to 1e-5 relative`, () => {
  const tr = fx.training;
  const X = flat(tr.X);
  const N = tr.X.length;
  const nIn = tr.X[0].length;
  for (const r of tr.runs as Run[]) {
    it(label(r), () => {
      const T = flat(tr.T[r.loss === "mse" || r.loss === "mae" ? "regression" : r.loss]);
      const nOut = tr.initial.b2.length;
      const layers: LayerOptions[] = [
        { type: "dense", units: tr.initial.b1.length, activation: r.hidden, init: "zeros", l2: r.l2 },
        { type: "dense", activation: r.final, init: "zeros", l2: r.l2 },
      ];
      const optimizer = optimizers[r.optimizer.type as keyof typeof optimizers].options.parse(
        r.optimizer,
      ) as OptimizerOptions;
      const model = buildModel(layers, {
        nIn,
        nOut,
        maxBatch: r.batch,
        kernels: k,
        rng: new Rng(1),
        loss: r.loss,
        optimizer,
        clipNorm: r.clip_norm,
      });
      const saved = model.toJSON();
      saved[0].weights = { kernel: tr.initial.W1, bias: tr.initial.b1 };
      saved[1].weights = { kernel: tr.initial.W2, bias: tr.initial.b2 };
      model.loadWeights(saved);
      const schedule = createSchedule(
        r.schedule === "step" ? { type: "step", factor: 0.5, every: 1, warmup_epochs: 0 } : { type: "constant", warmup_epochs: 0 },
        { lr0: r.optimizer.learning_rate, epochs: r.epochs },
      );
      const got: number[] = [];
      const norms: number[] = [];
      for (let e = 0; e < r.epochs; e++) {
        const lr = schedule.lr(e);
        for (let row = 0; row < N; row += r.batch) {
          const b = Math.min(r.batch, N - row);
          got.push(model.trainStep(X.subarray(row * nIn), T.subarray(row * nOut), b, lr));
          norms.push(model.gradNorms[0], model.gradNorms[1]);
        }
      }
      expectClose(got, r.losses, 1e-5);
      expectClose(norms, r.grad_norms.flat(), 1e-4);
      const w = model.toJSON();
      const ww = w[0].weights as { kernel: number[][]; bias: number[] };
      const wb = w[1].weights as { kernel: number[][]; bias: number[] };
      expectClose(ww.kernel.flat(), (r.weights.W1 as number[][]).flat(), 1e-5);
      expectClose(ww.bias, r.weights.b1 as number[], 1e-5);
      expectClose(wb.kernel.flat(), (r.weights.W2 as number[][]).flat(), 1e-5);
      expectClose(wb.bias, r.weights.b2 as number[], 1e-5);
    });
  }
});

describe(`schedules match torch.optim.lr_scheduler (${fx.versions.torch}) to 1e-7 relative`, () => {
  for (const [name, ref] of Object.entries<{ lr0: number; options: Record<string, unknown>; lrs: number[] }>(
    fx.schedules,
  )) {
    it(name, () => {
      const cfg = schedules[name as keyof typeof schedules].options.parse(ref.options) as ScheduleOptions;
      const s = createSchedule(cfg, { lr0: ref.lr0, epochs: ref.lrs.length });
      ref.lrs.forEach((lr, e) => expect(Math.abs(s.lr(e) - lr)).toBeLessThanOrEqual(1e-7 * lr));
    });
  }
});
