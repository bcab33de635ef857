// The seeded generator and the initializers drawn from it.
import { describe, expect, it } from "vitest";
import { initialize, initializerNames } from "../../src/engine/initializers/index.js";
import { Rng } from "../../src/engine/random.js";

describe("Rng (xoshiro128**)", () => {
  it("matches the reference algorithm's outputs from state [1, 2, 3, 4] (exact)", () => {
    // Blackman & Vigna's xoshiro128** C code, ported to Python, from s = {1, 2, 3, 4}.
    const r = new Rng(0);
    r.setState([1, 2, 3, 4]);
    const got = Array.from({ length: 8 }, () => r.nextU32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });
  it("is deterministic for a seed and differs between seeds", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(sa);
  });
  it("getState/setState resumes the same stream (exact)", () => {
    const a = new Rng(7);
    for (let i = 0; i < 10; i++) a.normal();
    const b = new Rng(0);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(Array.from({ length: 5 }, () => b.normal())).toEqual(Array.from({ length: 5 }, () => a.normal()));
  });
  it("uniform has mean 1/2 and variance 1/12; normal mean 0 and variance 1 (100k draws, ±0.01)", () => {
    const r = new Rng(1);
    const n = 100_000;
    let su = 0, su2 = 0, sn = 0, sn2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      const z = r.normal();
      su += u; su2 += u * u; sn += z; sn2 += z * z;
    }
    expect(Math.abs(su / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(su2 / n - 0.25 - 1 / 12)).toBeLessThan(0.01);
    expect(Math.abs(sn / n)).toBeLessThan(0.01);
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(0.01);
  });
});

describe("initializers: Keras's variance scaling (W [fan_in][fan_out], 100x200 = 20k draws)", () => {
  const fanIn = 100;
  const fanOut = 200;
  const expected: Record<string, { variance: number; bound: number }> = {
    glorot_uniform: { variance: 2 / (fanIn + fanOut), bound: Math.sqrt(6 / (fanIn + fanOut)) },
    glorot_normal: { variance: 2 / (fanIn + fanOut), bound: 2 * Math.sqrt(2 / (fanIn + fanOut)) / 0.8796256610342398 },
    he_normal: { variance: 2 / fanIn, bound: 2 * Math.sqrt(2 / fanIn) / 0.8796256610342398 },
    he_uniform: { variance: 2 / fanIn, bound: Math.sqrt(6 / fanIn) },
    lecun_normal: { variance: 1 / fanIn, bound: 2 * Math.sqrt(1 / fanIn) / 0.8796256610342398 },
    zeros: { variance: 0, bound: 0 },
  };
  for (const name of initializerNames) {
    it(`${name}: mean 0 (±0.02·std), variance as Keras (±5%), every value within its bound`, () => {
      const W = new Float32Array(fanIn * fanOut);
      initialize(name, W, fanIn, fanOut, new Rng(5));
      const { variance, bound } = expected[name];
      let s = 0, s2 = 0, max = 0;
      for (const w of W) {
        s += w; s2 += w * w; max = Math.max(max, Math.abs(w));
      }
      const mean = s / W.length;
      const v = s2 / W.length - mean * mean;
      expect(Math.abs(mean)).toBeLessThanOrEqual(0.02 * Math.sqrt(variance));
      expect(Math.abs(v - variance)).toBeLessThanOrEqual(0.05 * variance);
      expect(max).toBeLessThanOrEqual(bound * (1 + 1e-6));
    });
  }
  it("the same seed gives the same weights (exact)", () => {
    const a = new Float32Array(50);
    const b = new Float32Array(50);
    initialize("he_normal", a, 10, 5, new Rng(9));
    initialize("he_normal", b, 10, 5, new Rng(9));
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
