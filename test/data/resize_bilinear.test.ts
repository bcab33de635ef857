// resizeBilinear against PyTorch's F.interpolate(bilinear, align_corners=False, antialias=False), the
// rule of Keras's tf.image.resize(bilinear): test/fixtures/generate/torch_resize_bilinear.py.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resizeBilinear } from "../../src/data/resize_bilinear.js";

interface Case {
  in: [number, number, number];
  out: [number, number];
  src_base64: string;
  expected: number[];
}
const fixture = JSON.parse(readFileSync("test/fixtures/data/torch_resize_bilinear.json", "utf8")) as { cases: Case[] };

describe("resizeBilinear", () => {
  for (const c of fixture.cases) {
    it(`matches torch's bilinear (antialias off) ${c.in.join("x")} -> ${c.out.join("x")} within uint8 rounding (0.5 + 2e-3)`, () => {
      const [h, w, ch] = c.in;
      const [oh, ow] = c.out;
      const src = new Uint8Array(Buffer.from(c.src_base64, "base64"));
      const out = new Uint8Array(oh * ow * ch);
      resizeBilinear(src, h, w, ch, out, oh, ow);
      let worst = 0;
      for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - c.expected[i]));
      // rounding to the nearest integer is at most 0.5 away; torch computes the source positions in
      // float32 (about 1e-6 off over 100 pixels, times a neighbour difference of up to 255: 1e-3 more)
      // and the fixture keeps 4 decimals
      expect(worst).toBeLessThanOrEqual(0.5 + 2e-3);
    });
  }

  it("keeps an image of the target size as it is", () => {
    const src = Uint8Array.from({ length: 2 * 3 * 3 }, (_, i) => i * 7);
    const out = new Uint8Array(src.length);
    resizeBilinear(src, 2, 3, 3, out, 2, 3);
    expect(Array.from(out)).toEqual(Array.from(src));
  });

  it("halves a 1x4 row into the means of neighbouring pairs (half-pixel centres: in_x = 2x + 0.5)", () => {
    // out[0] = (10 + 20) / 2 = 15, out[1] = (30 + 50) / 2 = 40
    const out = new Uint8Array(2);
    resizeBilinear(Uint8Array.of(10, 20, 30, 50), 1, 4, 1, out, 1, 2);
    expect(Array.from(out)).toEqual([15, 40]);
  });
});
