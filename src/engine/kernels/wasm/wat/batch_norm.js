// WAT source of batch normalization's loops (kernels.ts batchNorm*), over x [rows, C] with channels
// last: two channels at a time in f64x2 (each float32 promoted exactly, each result demoted once), the
// last one of an odd C alone. Per channel the sums run over the rows in order, and every operation is
// the reference's (js_batch_norm.ts) in the same order, so the results are its bits.
// Float64 operands [C] (mean, invStd, sums) are byte addresses of C doubles; float32 ones of C floats.

/**
 * A function looping over rows r < $rows and channels c < $C: pair(T) / one(T) give the body for the
 * pair c, c+1 (T = f64x2 ops) and for a last odd channel (T = f64 ops); `f32` names the [rows, C]
 * float32 pointers (advanced 8 or 4 bytes per step), `ch32` the per-channel float32 ones and `f64`
 * the per-channel double ones (both back at channel 0 every row).
 */
function rowsByChannels({ name, params, f32, ch32 = [], f64, locals = "", pre = "", body }) {
  const p = params.map((x) => `(param $${x} i32)`).join(" ");
  const perChannel = [...ch32, ...f64];
  const saves = perChannel.map((x) => `(local $${x}0 i32)`).join(" ");
  const step = (bytes64, bytes32) => [
    ...f32.map((x) => `(local.set $${x} (i32.add (local.get $${x}) (i32.const ${bytes32})))`),
    ...ch32.map((x) => `(local.set $${x} (i32.add (local.get $${x}) (i32.const ${bytes32})))`),
    ...f64.map((x) => `(local.set $${x} (i32.add (local.get $${x}) (i32.const ${bytes64})))`),
  ].join(" ");
  const V = {
    load32: (ptr) => `(f64x2.promote_low_f32x4 (v128.load64_zero (local.get $${ptr})))`,
    load64: (ptr) => `(v128.load (local.get $${ptr}))`,
    store32: (ptr, v) => `(v128.store64_lane 0 (local.get $${ptr}) (f32x4.demote_f64x2_zero ${v}))`,
    store64: (ptr, v) => `(v128.store (local.get $${ptr}) ${v})`,
    add: "f64x2.add", sub: "f64x2.sub", mul: "f64x2.mul", one: "(v128.const f64x2 1 1)", zero: "(v128.const f64x2 0 0)", type: "v128",
  };
  const S = {
    load32: (ptr) => `(f64.promote_f32 (f32.load (local.get $${ptr})))`,
    load64: (ptr) => `(f64.load (local.get $${ptr}))`,
    store32: (ptr, v) => `(f32.store (local.get $${ptr}) (f32.demote_f64 ${v}))`,
    store64: (ptr, v) => `(f64.store (local.get $${ptr}) ${v})`,
    add: "f64.add", sub: "f64.sub", mul: "f64.mul", one: "(f64.const 1)", zero: "(f64.const 0)", type: "f64",
  };
  return `
(func (export "${name}") (param $rows i32) (param $C i32) ${p}
  (local $r i32) (local $c i32) ${saves} ${locals}
  ${pre}
  ${perChannel.map((x) => `(local.set $${x}0 (local.get $${x}))`).join(" ")}
  (local.set $r (i32.const 0))
  (block $R_end (loop $R
    (br_if $R_end (i32.ge_s (local.get $r) (local.get $rows)))
    ${perChannel.map((x) => `(local.set $${x} (local.get $${x}0))`).join(" ")}
    (local.set $c (i32.const 0))
    (block $C_end (loop $CL
      (br_if $C_end (i32.gt_s (i32.add (local.get $c) (i32.const 2)) (local.get $C)))
      ${body(V)}
      ${step(16, 8)}
      (local.set $c (i32.add (local.get $c) (i32.const 2)))
      (br $CL)))
    (if (i32.lt_s (local.get $c) (local.get $C)) (then
      ${body(S)}
      ${step(8, 4)}))
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br $R)))
  ${perChannel.map((x) => `(local.set $${x} (local.get $${x}0))`).join(" ")})`;
}

// Σ x per channel into mean, then mean /= rows; then Σ (x - mean)² into sq. Two row loops: one function
// each (bn_sum_x, bn_sum_sq), called in order by bn_statistics.
const sumX = rowsByChannels({
  name: "bn_sum_x",
  params: ["x", "mean"],
  f32: ["x"],
  f64: ["mean"],
  body: (T) => T.store64("mean", `(${T.add} ${T.load64("mean")} ${T.load32("x")})`),
});
const sumSq = rowsByChannels({
  name: "bn_sum_sq",
  params: ["x", "mean", "sq"],
  f32: ["x"],
  f64: ["mean", "sq"],
  locals: "(local $d v128) (local $ds f64)",
  body: (T) => {
    const d = T.type === "v128" ? "$d" : "$ds";
    return `(local.set ${d} (${T.sub} ${T.load32("x")} ${T.load64("mean")}))
      ${T.store64("sq", `(${T.add} ${T.load64("sq")} (${T.mul} (local.get ${d}) (local.get ${d})))`)}`;
  },
});
const statistics = `
(func (export "bn_statistics") (param $rows i32) (param $C i32) (param $x i32) (param $mean i32) (param $sq i32)
  (local $c i32) (local $p i32)
  (memory.fill (local.get $mean) (i32.const 0) (i32.shl (local.get $C) (i32.const 3)))
  (memory.fill (local.get $sq) (i32.const 0) (i32.shl (local.get $C) (i32.const 3)))
  (call $bn_sum_x_f (local.get $rows) (local.get $C) (local.get $x) (local.get $mean))
  (local.set $p (local.get $mean))
  (block $D_end (loop $D
    (br_if $D_end (i32.ge_s (local.get $c) (local.get $C)))
    (f64.store (local.get $p) (f64.div (f64.load (local.get $p)) (f64.convert_i32_s (local.get $rows))))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (local.set $c (i32.add (local.get $c) (i32.const 1)))
    (br $D)))
  (call $bn_sum_sq_f (local.get $rows) (local.get $C) (local.get $x) (local.get $mean) (local.get $sq)))`;

// h = (x - mean)·invStd; xhat = h; y = g·h + b (g 1 without gamma, b 0 without beta: the same values
// as the reference's h and h + 0)
const forward = rowsByChannels({
  name: "bn_forward",
  params: ["x", "mean", "invStd", "gamma", "beta", "hasGamma", "hasBeta", "xhat", "y"],
  f32: ["x", "xhat", "y"],
  ch32: ["gamma", "beta"],
  f64: ["mean", "invStd"],
  locals: "(local $h v128) (local $hs f64)",
  body: (T) => {
    const h = T.type === "v128" ? "$h" : "$hs";
    const g = `(if (result ${T.type}) (local.get $hasGamma) (then ${T.load32("gamma")}) (else ${T.one}))`;
    const b = `(if (result ${T.type}) (local.get $hasBeta) (then ${T.load32("beta")}) (else ${T.zero}))`;
    return `(local.set ${h} (${T.mul} (${T.sub} ${T.load32("x")} ${T.load64("mean")}) ${T.load64("invStd")}))
      ${T.store32("xhat", `(local.get ${h})`)}
      ${T.store32("y", `(${T.add} (${T.mul} ${g} (local.get ${h})) ${b})`)}`;
  },
});

// sumDy += dy; sumDyXhat += dy·xhat
const sums = rowsByChannels({
  name: "bn_sums",
  params: ["dy", "xhat", "sdy", "sdyx"],
  f32: ["dy", "xhat"],
  f64: ["sdy", "sdyx"],
  locals: "(local $d v128) (local $ds f64)",
  pre: `(memory.fill (local.get $sdy) (i32.const 0) (i32.shl (local.get $C) (i32.const 3)))
  (memory.fill (local.get $sdyx) (i32.const 0) (i32.shl (local.get $C) (i32.const 3)))`,
  body: (T) => {
    const d = T.type === "v128" ? "$d" : "$ds";
    return `(local.set ${d} ${T.load32("dy")})
      ${T.store64("sdy", `(${T.add} ${T.load64("sdy")} (local.get ${d}))`)}
      ${T.store64("sdyx", `(${T.add} ${T.load64("sdyx")} (${T.mul} (local.get ${d}) ${T.load32("xhat")}))`)}`;
  },
});

// dx = ((s · ((dy - meanDy) - xhat·meanDyXhat)) · invStd, s = gamma or 1
const backward = rowsByChannels({
  name: "bn_backward",
  params: ["dy", "xhat", "invStd", "gamma", "hasGamma", "mdy", "mdyx", "dx"],
  f32: ["dy", "xhat", "dx"],
  ch32: ["gamma"],
  f64: ["invStd", "mdy", "mdyx"],
  body: (T) => {
    const s = `(if (result ${T.type}) (local.get $hasGamma) (then ${T.load32("gamma")}) (else ${T.one}))`;
    const inner = `(${T.sub} (${T.sub} ${T.load32("dy")} ${T.load64("mdy")}) (${T.mul} ${T.load32("xhat")} ${T.load64("mdyx")}))`;
    return T.store32("dx", `(${T.mul} (${T.mul} ${s} ${inner}) ${T.load64("invStd")})`);
  },
});

/** Every batch-normalization kernel (the row loops of bn_statistics are internal: *_f). */
export function batchNormWat() {
  const internal = (src) => src.replace(/\(func \(export "(\w+)"\)/, '(func $$$1_f');
  return [internal(sumX), internal(sumSq), statistics, forward, sums, backward].join("\n");
}
