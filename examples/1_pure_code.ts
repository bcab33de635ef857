// Level 1, pure code: the lecture's gradient descent by hand on one dense layer, with mltrain's kernels.
// Fit y = 2·x1 − 3·x2 + 1 from four points: random θ, then repeat: loss, gradients, θ ← θ − α·∇L.
//   npm run examples   (compiles examples/*.ts with examples/tsconfig.json and runs each)
import { createKernels, createLayer, createOptimizer, meanLoss } from "mltrain";

using kernels = createKernels(); // the WebAssembly backend; `using` disposes it (its thread and memory) at the end
const x = kernels.alloc(8);
x.set([0, 0, 1, 0, 0, 1, 1, 1]); // 4 samples [x1, x2], row-major
const t = kernels.alloc(4);
t.set([1, 3, -2, 0]); // 2·x1 − 3·x2 + 1
const alpha = 0.1;

const dense = createLayer({ type: "dense", units: 1 }, { inputShape: [2], maxBatch: 4, kernels, seed: 1 }); // 1. random θ
const sgd = createOptimizer({ type: "sgd", learning_rate: alpha }, dense.params, kernels);
const dy = kernels.alloc(4);
let loss = NaN;
for (let step = 0; step < 500; step++) {
  const y = dense.forward(x, 4, true); // ŷ = x·W + b
  loss = meanLoss(kernels, "mse", y, t, 4, 1, dy); // A. the loss, and dy = ∂L/∂ŷ
  dense.backward(dy, 4); // B. ∂L/∂W and ∂L/∂b by backpropagation, into dense.params[i].g
  sgd.step(alpha); // C. θ ← θ − α·∇L
}

const [W, b] = dense.params;
console.log(`loss ${loss.toExponential(2)}  W = [${[...W.w].map((v) => v.toFixed(3)).join(", ")}]  b = ${b.w[0].toFixed(3)}`);
