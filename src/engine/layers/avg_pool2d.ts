// AveragePooling2D (NHWC): y[b, oh, ow, c] = mean over the window's cells inside the image of
// x[b, y, x, c]; with same padding the divisor counts only those cells (TensorFlow; PyTorch's
// count_include_pad=False). backward: each cell gets dy / that count from every window it is in.
import { z } from "zod";
import { Pool2d, poolFields } from "./pooling.js";

export const avgPool2dOptions = z
  .strictObject({ type: z.literal("avg_pool2d"), ...poolFields })
  .describe("2-D average pooling over [h, w, channels] images, each channel on its own.");
export type AvgPool2dOptions = z.output<typeof avgPool2dOptions>;

export class AvgPool2d extends Pool2d<AvgPool2dOptions> {
  readonly type = "avg_pool2d";

  forward(x: Float32Array, batch: number): Float32Array {
    this.each(batch, x, this.y, false);
    return this.y;
  }

  backward(dy: Float32Array, batch: number): Float32Array | null {
    if (this.dx === null) return null;
    this.dx.fill(0, 0, batch * this.nIn);
    this.each(batch, dy, this.dx, true);
    return this.dx;
  }

  // forward: y[o] = Σ_window x / count; backward (adjoint): dx[cell] += dy[o] / count for each cell
  private each(batch: number, a: Float32Array, out: Float32Array, adjoint: boolean): void {
    const { inH, inW, kh, kw, sh, sw, outH, outW, padTop, padLeft } = this.window;
    const c = this.c;
    let o = 0;
    for (let b = 0; b < batch; b++) {
      const xb = b * this.nIn;
      for (let oh = 0; oh < outH; oh++) {
        const y0 = Math.max(oh * sh - padTop, 0);
        const y1 = Math.min(oh * sh - padTop + kh, inH);
        for (let ow = 0; ow < outW; ow++) {
          const x0 = Math.max(ow * sw - padLeft, 0);
          const x1 = Math.min(ow * sw - padLeft + kw, inW);
          const inv = 1 / ((y1 - y0) * (x1 - x0));
          for (let ch = 0; ch < c; ch++, o++) {
            if (adjoint) {
              const g = a[o] * inv;
              for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) out[xb + (yy * inW + xx) * c + ch] += g;
            } else {
              let s = 0;
              for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) s += a[xb + (yy * inW + xx) * c + ch];
              out[o] = s * inv;
            }
          }
        }
      }
    }
  }
}
