// One image file's bytes to the pixels a model sees: uint8 [h, w, c] at data.image_size, c = 1
// (grayscale) or 3 (rgb). sharp (libvips) decodes PNG and JPEG, converting on the way what Keras would
// also accept: 16-bit samples to 8 bits, CMYK and palette images to sRGB, and the alpha channel dropped
// (as PIL's convert("RGB") and tf.io.decode_image(channels=3) drop it). A colour image read as
// grayscale becomes its Rec. 601 luma, 0.299 R + 0.587 G + 0.114 B (PIL's "L", JPEG's Y). EXIF
// orientation is not applied, as in Keras. The resize is resize_bilinear.ts (Keras's bilinear).
import type { OutputInfo } from "sharp";
import { resizeBilinear } from "./resize_bilinear.js";

export interface ImageSpec {
  height: number;
  width: number;
  /** 1 grayscale, 3 rgb. */
  channels: 1 | 3;
}

/** Raised for a file libvips cannot decode (corrupt, truncated, unsupported); the message is libvips'. */
export class DecodeError extends Error {}

/** sharp (a native addon with libvips) is loaded on the first image, so CSV and IDX runs never load it. */
let sharpModule: Promise<typeof import("sharp")> | null = null;

/** Decode and resize one image; throws DecodeError when it cannot be decoded. */
export async function decodeImage(bytes: Uint8Array, spec: ImageSpec): Promise<Uint8Array> {
  const sharp = (await (sharpModule ??= import("sharp"))).default;
  let data: Buffer;
  let info: OutputInfo;
  try {
    // failOn "warning": a truncated JPEG (libjpeg's "premature end") is an error, not a grey bottom half
    ({ data, info } = await sharp(bytes, { failOn: "warning", limitInputPixels: 1 << 28 })
      .removeAlpha()
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true }));
  } catch (err) {
    throw new DecodeError((err as Error).message);
  }
  const { width: inW, height: inH } = info;
  let px: Uint8Array = data;
  if (info.channels !== spec.channels) px = convertChannels(data, inH * inW, info.channels, spec.channels);
  const out = new Uint8Array(spec.height * spec.width * spec.channels);
  resizeBilinear(px, inH, inW, spec.channels, out, spec.height, spec.width);
  return out;
}

/** n pixels of `from` channels (1 or 3 after removeAlpha) as `to` channels: luma, or gray copied to r, g, b. */
function convertChannels(src: Uint8Array, n: number, from: number, to: 1 | 3): Uint8Array {
  const out = new Uint8Array(n * to);
  if (to === 1) {
    for (let i = 0, s = 0; i < n; i++, s += from) out[i] = Math.round(0.299 * src[s] + 0.587 * src[s + 1] + 0.114 * src[s + 2]);
  } else {
    for (let i = 0, o = 0; i < n; i++) {
      const v = src[i * from];
      out[o++] = v;
      out[o++] = v;
      out[o++] = v;
    }
  }
  return out;
}
