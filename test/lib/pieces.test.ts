// Level 1 of the library (src/lib/pieces.ts): a layer, an optimizer and a loss from the YAML's options,
// each hand-checkable, on the JS reference kernels and on the WebAssembly ones.
import { describe, expect, it } from "vitest";
import { createKernels, createLayer, createOptimizer, JsKernels, meanLoss, MltrainError } from "../../src/index.js";

function thrown(f: () => unknown): MltrainError {
  try {
    f();
  } catch (e) {
    if (e instanceof MltrainError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe.each([
  ["js", () => new JsKernels()],
  ["wasm", () => createKernels()],
])("pieces on the %s kernels", (_name, make) => {
  it("a dense layer's forward is x·W + b and its backward gives dW = xᵀ·dy, db = Σ dy, dx = dy·Wᵀ", () => {
    using k = make();
    const dense = createLayer({ type: "dense", units: 1 }, { inputShape: [2], maxBatch: 2, kernels: k });
    const [W, b] = dense.params;
    W.w.set([2, -3]);
    b.w.set([1]);
    const x = k.alloc(4);
    x.set([1, 0, 1, 1]); // rows [1, 0] and [1, 1]
    // y = [1·2 + 0·(−3) + 1, 1·2 + 1·(−3) + 1] = [3, 0]
    expect([...dense.forward(x, 2, true)]).toEqual([3, 0]);
    const dy = k.alloc(2);
    dy.set([0.5, -1]);
    const dx = dense.backward(dy, 2)!;
    // dW = xᵀ·dy = [1·0.5 + 1·(−1), 0·0.5 + 1·(−1)] = [−0.5, −1]; db = 0.5 − 1 = −0.5
    expect([...W.g]).toEqual([-0.5, -1]);
    expect([...b.g]).toEqual([-0.5]);
    // dx = dy·Wᵀ: row 1 0.5·[2, −3] = [1, −1.5]; row 2 −1·[2, −3] = [−2, 3]
    expect([...dx.subarray(0, 4)]).toEqual([1, -1.5, -2, 3]);
  });

  it("meanLoss is SPEC's mean and writes ∂L/∂y: mse of [1, 2] against [0, 0] is 2.5, dy = [1, 2]", () => {
    using k = make();
    const y = Float32Array.from([1, 2]);
    const t = Float32Array.from([0, 0]);
    const dy = new Float32Array(2);
    // (1² + 2²) / 2 = 2.5; dy = 2(y − t) / 2 = [1, 2]
    expect(meanLoss(k, "mse", y, t, 2, 1, dy)).toBe(2.5);
    expect([...dy]).toEqual([1, 2]);
  });

  it("an optimizer step from the YAML's options: sgd w −= lr·g", () => {
    using k = make();
    const dense = createLayer({ type: "dense", units: 1, init: "zeros" }, { inputShape: [1], maxBatch: 1, kernels: k });
    const sgd = createOptimizer({ type: "sgd", learning_rate: 0.5 }, dense.params, k);
    dense.params[0].g.set([2]);
    dense.params[1].g.set([-4]);
    sgd.step(0.5); // 0 − 0.5·2 = −1; 0 − 0.5·(−4) = 2
    expect([dense.params[0].w[0], dense.params[1].w[0]]).toEqual([-1, 2]);
    expect(sgd.t).toBe(1);
  });
});

describe("pieces' options are checked as the YAML's", () => {
  it("a misspelt layer key is an error naming it, with the config loader's words", () => {
    const e = thrown(() => createLayer({ type: "dense", unit: 4 } as never, { inputShape: [2], maxBatch: 1, kernels: new JsKernels() }));
    expect(e.code).toBe("config.invalid");
    expect([e.message, ...e.details]).toMatchInlineSnapshot(`
      [
        "invalid createLayer options (1 problem)",
        "createLayer options: unit: unknown key; did you mean "units"?",
      ]
    `);
  });

  it("optimizer defaults are the schema's (adam's beta_1 0.9, epsilon 1e-7)", () => {
    using k = new JsKernels();
    const dense = createLayer({ type: "dense", units: 1 }, { inputShape: [1], maxBatch: 1, kernels: k });
    expect(createOptimizer({ type: "adam" }, dense.params, k).toConfig()).toMatchObject({ type: "adam", learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
  });

  it("a dense layer built alone needs units", () => {
    const e = thrown(() => createLayer({ type: "dense" }, { inputShape: [2], maxBatch: 1, kernels: new JsKernels() }));
    expect(e.details).toEqual(["createLayer options: units: missing; a layer built alone needs its width"]);
  });
});
