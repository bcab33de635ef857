// Registry-wide claims, checked for EVERY entry of every registry, so a new component is covered by
// adding it to its index.ts (and, where a case table is needed, the test names the missing entry):
// - option schemas (layers, optimizers, schedules) and their fields are described (`mltrain schema`);
//   options-free components (activations, losses, initializers) have a describe text;
// - config round-trip: parse defaults -> create -> toConfig() -> JSON text -> parse gives the same object;
// - gradient check (central differences, rel. error < 1e-2, see gradient.ts) for every layer type,
//   activation and loss (losses: with and without their fused final activation);
// - every activation kernel matches its float64 reference formula (1e-6 relative).
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  activationNames,
  createOptimizer,
  createSchedule,
  initializerNames,
  layers,
  lossNames,
  losses,
  optimizers,
  Rng,
  schedules,
  type ActivationName,
  type LayerOptions,
  type LossName,
} from "../../src/engine/index.js";
import { activations } from "../../src/engine/activations/index.js";
import { initializers } from "../../src/engine/initializers/index.js";
import { check, dense, k, TOL } from "./gradient.js";

type AnyObject = z.ZodObject<z.ZodRawShape>;
const optionRegistries = { layers, optimizers, schedules } as Record<string, Record<string, { options: unknown }>>;

describe("every option schema and every field is described (for mltrain schema)", () => {
  for (const [registry, entries] of Object.entries(optionRegistries)) {
    for (const [type, entry] of Object.entries(entries)) {
      it(`${registry}.${type}`, () => {
        const schema = entry.options as AnyObject;
        expect(schema.description, `${registry}.${type} has no .describe()`).toMatch(/\S/);
        // `type` is the discriminator: its value is the entry's name, described by the schema itself.
        const undescribed = Object.entries(schema.shape)
          .filter(([field, f]) => field !== "type" && !(f as z.ZodType).description)
          .map(([field]) => field);
        expect(undescribed).toEqual([]);
      });
    }
  }
});

describe("every options-free component has a describe text, and its registry key is its name", () => {
  for (const name of activationNames) {
    it(`activation ${name}`, () => expect(activations[name].describe).toMatch(/\S/));
  }
  for (const name of lossNames) {
    it(`loss ${name}`, () => {
      expect(losses[name].describe).toMatch(/\S/);
      expect(losses[name].name).toBe(name);
    });
  }
  for (const name of initializerNames) {
    it(`initializer ${name}`, () => expect(initializers[name].describe).toMatch(/\S/));
  }
});

/** The input shape each layer type is built on in the round-trip (default [4]; image layers need [h, w, c]). */
const imageInput = [4, 4, 2];
const roundTripInput: Record<string, number[]> = { conv2d: imageInput, max_pool2d: imageInput, avg_pool2d: imageInput, global_average_pool2d: imageInput, batch_norm: imageInput };

/** The smallest valid config of each entry; defaults fill the rest. A new entry needing a field goes here. */
const minimal: Record<string, Record<string, Record<string, unknown>>> = {
  layers: {
    dense: { type: "dense", units: 3 },
    dropout: { type: "dropout", rate: 0.5 },
    reshape: { type: "reshape", target_shape: [2, 2] },
    conv2d: { type: "conv2d", filters: 2, kernel_size: 3 },
  },
  optimizers: {},
  schedules: {},
};

describe("config round-trip: parse defaults -> create -> toConfig -> JSON -> parse gives the same object", () => {
  const parse = (registry: string, type: string, input: unknown) =>
    (optionRegistries[registry][type].options as AnyObject).parse(input) as { type: string } & Record<string, unknown>;
  const inputOf = (registry: string, type: string) => minimal[registry][type] ?? { type };

  for (const type of Object.keys(layers)) {
    it(`layer ${type} (toJSON without weights is toConfig)`, () => {
      const options = parse("layers", type, inputOf("layers", type));
      const inputShape = roundTripInput[type] ?? [4];
      const ctx = { kernels: k, inputShape, nIn: inputShape.reduce((a, b) => a * b, 1), maxBatch: 2, rng: new Rng(1), needDx: true, name: type };
      const create = layers[type as keyof typeof layers].create as (o: unknown, c: typeof ctx) => ReturnType<
        (typeof layers)["dense"]["create"]
      >;
      const layer = create(options, ctx);
      const back = parse("layers", type, JSON.parse(JSON.stringify(layer.toConfig())));
      expect(back).toEqual(options);
      const { weights: _weights, ...json } = layer.toJSON();
      expect(json).toEqual(layer.toConfig());
    });
  }
  for (const type of Object.keys(optimizers)) {
    it(`optimizer ${type}`, () => {
      const options = parse("optimizers", type, inputOf("optimizers", type));
      const opt = createOptimizer(options as Parameters<typeof createOptimizer>[0], [], k);
      expect(opt.type).toBe(type);
      expect(parse("optimizers", type, JSON.parse(JSON.stringify(opt.toConfig())))).toEqual(options);
    });
  }
  for (const type of Object.keys(schedules)) {
    it(`schedule ${type}`, () => {
      const options = parse("schedules", type, inputOf("schedules", type));
      const s = createSchedule(options as Parameters<typeof createSchedule>[0], { lr0: 0.1, epochs: 10 });
      expect(s.type).toBe(type);
      expect(parse("schedules", type, JSON.parse(JSON.stringify(s.toConfig())))).toEqual(options);
    });
  }
});

interface GradCase {
  label: string;
  layers: LayerOptions[];
  loss: LossName;
  nOut?: number;
  /** One sample's shape (default [4]). */
  inputShape?: number[];
}

/** A layer's options with its schema's defaults (as the config would give them). */
const opts = (o: Record<string, unknown>): LayerOptions => layers[o.type as keyof typeof layers].options.parse(o) as LayerOptions;
const flatten = opts({ type: "flatten" });
const softmax = dense(undefined, "softmax");

/** Gradient checks per layer type: each case's model contains that layer. */
const layerCases: Record<string, GradCase[]> = {
  dense: [
    {
      label: "two dense layers with l2 on both kernels",
      layers: [dense(5, "elu", 0.05), dense(undefined, "softmax", 0.1)],
      loss: "categorical_crossentropy",
    },
  ],
  dropout: [
    {
      label: "between dense layers, fixed mask",
      layers: [dense(6, "tanh"), { type: "dropout", rate: 0.4 }, dense(undefined, "softmax")],
      loss: "categorical_crossentropy",
    },
    {
      label: "first layer (no input gradient)",
      layers: [{ type: "dropout", rate: 0.3 }, dense(5, "relu"), dense(undefined, "sigmoid")],
      loss: "binary_crossentropy",
      nOut: 2,
    },
    {
      label: "after a conv layer (single values dropped), fixed mask",
      layers: [opts({ type: "conv2d", filters: 2, kernel_size: 2, activation: "tanh" }), { type: "dropout", rate: 0.3 }, flatten, softmax],
      loss: "categorical_crossentropy",
      inputShape: [3, 3, 1],
    },
  ],
  reshape: [
    {
      label: "a row as a 2x2x2 image (first layer), then conv2d",
      layers: [opts({ type: "reshape", target_shape: [2, 2, 2] }), opts({ type: "conv2d", filters: 3, kernel_size: 2, activation: "tanh" }), flatten, softmax],
      loss: "categorical_crossentropy",
      inputShape: [8],
    },
  ],
  flatten: [
    {
      label: "between conv2d and dense",
      layers: [opts({ type: "conv2d", filters: 2, kernel_size: [2, 3], activation: "elu" }), flatten, softmax],
      loss: "categorical_crossentropy",
      inputShape: [4, 4, 1],
    },
  ],
  conv2d: [
    {
      label: "same padding, strides 2, l2, 2 channels in (first layer: no input gradient)",
      layers: [opts({ type: "conv2d", filters: 3, kernel_size: 3, strides: 2, padding: "same", activation: "tanh", l2: 0.05 }), flatten, softmax],
      loss: "categorical_crossentropy",
      inputShape: [5, 5, 2],
    },
    {
      label: "a second conv layer: valid, rectangular kernel, strides [1, 2], no bias (its input gradient is checked through the first)",
      layers: [
        opts({ type: "conv2d", filters: 2, kernel_size: 2, activation: "tanh" }),
        opts({ type: "conv2d", filters: 3, kernel_size: [2, 3], strides: [1, 2], use_bias: false, activation: "sigmoid" }),
        flatten,
        dense(undefined, "linear"),
      ],
      loss: "mse",
      inputShape: [5, 6, 3],
    },
  ],
  max_pool2d: [
    {
      label: "same padding 2x2 on an odd 3x3 conv output",
      layers: [opts({ type: "conv2d", filters: 2, kernel_size: 2, activation: "tanh" }), opts({ type: "max_pool2d", padding: "same" }), flatten, softmax],
      loss: "categorical_crossentropy",
      inputShape: [4, 4, 1],
    },
  ],
  avg_pool2d: [
    {
      label: "same padding 3x3, strides 2 (divides by the cells inside)",
      layers: [opts({ type: "conv2d", filters: 2, kernel_size: 2, activation: "tanh" }), opts({ type: "avg_pool2d", pool_size: 3, strides: 2, padding: "same" }), flatten, softmax],
      loss: "categorical_crossentropy",
      inputShape: [5, 5, 1],
    },
  ],
  global_average_pool2d: [
    {
      label: "conv2d then the mean over h and w, then dense",
      layers: [opts({ type: "conv2d", filters: 4, kernel_size: 2, activation: "tanh" }), opts({ type: "global_average_pool2d" }), softmax],
      loss: "categorical_crossentropy",
      inputShape: [3, 4, 2],
    },
  ],
  batch_norm: [
    {
      label: "after a dense layer (per feature, batch statistics)",
      layers: [dense(5, "linear"), opts({ type: "batch_norm" }), dense(undefined, "softmax")],
      loss: "categorical_crossentropy",
    },
    {
      label: "after conv2d (per channel over batch, h and w), without center",
      layers: [opts({ type: "conv2d", filters: 2, kernel_size: 2 }), opts({ type: "batch_norm", center: false }), flatten, dense(undefined, "linear")],
      loss: "mse",
      inputShape: [3, 3, 2],
    },
  ],
};

/** Final activations each loss is checked after. Must include its fused activation, if any. */
const lossCases: Record<string, ActivationName[]> = {
  mse: ["linear", "tanh", "softmax"],
  mae: ["linear"],
  binary_crossentropy: ["sigmoid", "softmax"],
  categorical_crossentropy: ["softmax", "sigmoid"],
};

describe("gradient check for every layer type (rel. error < 1e-2)", () => {
  for (const type of Object.keys(layers)) {
    const cases = layerCases[type] ?? [];
    it(`${type} has a gradient check, and each of its cases contains a ${type} layer`, () => {
      expect(cases.length, `add a case for ${type} to layerCases`).toBeGreaterThan(0);
      for (const c of cases) expect(c.layers.some((l) => l.type === type)).toBe(true);
    });
    for (const c of cases) {
      it(`${type}: ${c.label}`, () => expect(check(c.layers, c.loss, c.nOut, 7, c.inputShape)).toBeLessThan(TOL));
    }
  }
});

describe("gradient check for every activation, as a hidden layer (rel. error < 1e-2)", () => {
  for (const act of activationNames) {
    it(act, () => expect(check([dense(5, act), dense(undefined, "linear")], "mse")).toBeLessThan(TOL));
  }
});

describe("gradient check for every loss, fused and not (rel. error < 1e-2)", () => {
  for (const name of lossNames) {
    const finals = lossCases[name] ?? [];
    const fusedWith = losses[name].fusedWith;
    it(`${name} has a gradient check${fusedWith ? `, including its fused ${fusedWith} path` : ""}`, () => {
      expect(finals.length, `add ${name} to lossCases`).toBeGreaterThan(0);
      if (fusedWith) {
        expect(finals).toContain(fusedWith);
        expect(finals.some((a) => a !== fusedWith), "also check the unfused path").toBe(true);
      }
    });
    for (const act of finals) {
      it(`${act} + ${name}${act === fusedWith ? " (fused)" : ""}`, () => {
        expect(check([dense(5, "tanh"), dense(undefined, act)], name)).toBeLessThan(TOL);
      });
    }
  }
});

describe("every activation kernel matches its float64 reference formula (1e-6 relative, floor 1e-3)", () => {
  // 2 rows x 9: z from -4 to 4 in float32-exact steps, so both sides see the same inputs.
  const z = Float32Array.from({ length: 18 }, (_, i) => (i % 9) - 4 + (i >= 9 ? 0.375 : 0));
  for (const name of activationNames) {
    it(name, () => {
      const y = k.alloc(z.length);
      k.activation(activations[name].kernel, 2, 9, z, y);
      const ref = [0, 1].flatMap((r) => activations[name].reference(Array.from(z.subarray(r * 9, (r + 1) * 9))));
      const worst = Math.max(...ref.map((v, i) => Math.abs(y[i] - v) / Math.max(Math.abs(v), 1e-3)));
      expect(worst).toBeLessThanOrEqual(1e-6);
    });
  }
});
