// WAT source of the elementwise kernels of a training step, in f32x4 SIMD with a scalar tail for the
// last n % 4 floats. Each body is written once by a function of `T` (the op names of the vector or the
// scalar type), so the tail does exactly the same arithmetic as the vector loop.
// Pointers are byte offsets into the shared memory; `n` counts floats. Semantics: kernels.ts.

const VEC = {
  add: "f32x4.add", sub: "f32x4.sub", mul: "f32x4.mul", div: "f32x4.div", sqrt: "f32x4.sqrt",
  load: "v128.load", store: "v128.store", type: "v128", step: 16,
  /** a scalar f32 parameter as this type: splat into a local of the vector type */
  c: (name) => `(local.get $${name}_v)`,
  /** x if |x| >= 2^-126 (the smallest normal float32), else +0 (NaN too); x is a local.get. |x| is an
   * and with a constant, which V8 keeps in a register (its f32x4.abs rebuilds the mask at every use). */
  flush: (x) =>
    `(v128.and ${x} (f32x4.ge (v128.and ${x} (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)) (v128.const f32x4 0x1p-126 0x1p-126 0x1p-126 0x1p-126)))`,
  /** flush for x >= 0 */
  flushPos: (x) => `(v128.and ${x} (f32x4.ge ${x} (v128.const f32x4 0x1p-126 0x1p-126 0x1p-126 0x1p-126)))`,
};
const SCA = {
  add: "f32.add", sub: "f32.sub", mul: "f32.mul", div: "f32.div", sqrt: "f32.sqrt",
  load: "f32.load", store: "f32.store", type: "f32", step: 4,
  c: (name) => `(local.get $${name})`,
  flush: (x) => `(select ${x} (f32.const 0) (f32.ge (f32.abs ${x}) (f32.const 0x1p-126)))`,
  flushPos: (x) => `(select ${x} (f32.const 0) (f32.ge ${x} (f32.const 0x1p-126)))`,
};

/**
 * A loop over i < n: the vector body twice per iteration (8 floats: the second copy addresses
 * offset=16, so the pointer increments and the loop test are paid once per 2 vectors), then one vector
 * body if 4 floats or more remain, then the scalar tail. ptrs: pointer params advanced together;
 * consts: f32 params used as constants (splatted for the vector loop); body(T) -> WAT statements using
 * `(local.get $<ptr>)` addresses and T.c(name) constants; temps: names of temporaries of type T.type.
 */
function loopFn({ name, ptrs, consts = [], temps = [], body }) {
  const params = ptrs.map((p) => `(param $${p} i32)`).join(" ");
  const cparams = consts.map((c) => `(param $${c} f32)`).join(" ");
  const vlocals = consts.map((c) => `(local $${c}_v v128)`).join(" ");
  const tv = temps.map((t) => `(local $${t}_v v128)`).join(" ");
  const ts = temps.map((t) => `(local $${t}_s f32)`).join(" ");
  const splats = consts.map((c) => `(local.set $${c}_v (f32x4.splat (local.get $${c})))`).join("\n  ");
  const advance = (step) => ptrs.map((p) => `(local.set $${p} (i32.add (local.get $${p}) (i32.const ${step})))`).join("\n    ");
  const vbody = body({ ...VEC, t: (x) => `$${x}_v` });
  const vbody2 = vbody.replace(/\((v128\.(?:load|store)) \(local\.get/g, "($1 offset=16 (local.get");
  const sbody = body({ ...SCA, t: (x) => `$${x}_s` });
  return `
(func $${name} (export "${name}") (param $n i32) ${params} ${cparams}
  (local $q i32) ${vlocals} ${tv} ${ts}
  ${splats}
  (local.set $q (i32.shr_u (local.get $n) (i32.const 3)))
  (if (local.get $q) (then (loop $V
    ${vbody}
    ${vbody2}
    ${advance(32)}
    (br_if $V (local.tee $q (i32.sub (local.get $q) (i32.const 1)))))))
  (if (i32.and (local.get $n) (i32.const 4)) (then
    ${vbody}
    ${advance(16)}))
  (local.set $q (i32.and (local.get $n) (i32.const 3)))
  (if (local.get $q) (then (loop $S
    ${sbody}
    ${advance(4)}
    (br_if $S (local.tee $q (i32.sub (local.get $q) (i32.const 1))))))))
`;
}

// Adam(W): m = b1*m + c1*g; v = b2*v + c2*g^2; w = w*keep (decay) ; w -= ss*m / (sqrt(v)*ibc2s + eps)
// with c1 = 1-b1, c2 = 1-b2, ss = lr/bc1, ibc2s = 1/sqrt(bc2), keep = 1-decay; `adam` is the step
// without decay (keep 1: w*1 is w, so the product is left out), `adam_decay` the one with it.
// m and v are flushed to +0 below 2^-126: a weight whose gradient stays 0 (a pixel that is always 0,
// a dead relu unit) has m = b1^t*m decay into subnormal floats, which cost x86 cores ~10-100x per
// operation (measured: 10% subnormal m made this kernel 2.5x slower). The effect on w of such an m is
// below 2^-126 * ss / eps ~ 1e-35 per step: w is unchanged unless it is itself that small.
// The loop is bound by its instruction count (~33 per 4 floats on x64; the division and the square
// root alone would allow ~3x its speed), hence the variant without the product by keep.
const adamBody = (decay) => (T) => `
    (local.set ${T.t("gi")} (${T.load} (local.get $g)))
    (local.set ${T.t("mi")} (${T.add} (${T.mul} ${T.c("b1")} (${T.load} (local.get $m))) (${T.mul} ${T.c("c1")} (local.get ${T.t("gi")}))))
    (local.set ${T.t("vi")} (${T.add} (${T.mul} ${T.c("b2")} (${T.load} (local.get $v)))
      (${T.mul} (${T.mul} ${T.c("c2")} (local.get ${T.t("gi")})) (local.get ${T.t("gi")}))))
    (local.set ${T.t("mi")} ${T.flush(`(local.get ${T.t("mi")})`)})
    (local.set ${T.t("vi")} ${T.flushPos(`(local.get ${T.t("vi")})`)})
    (${T.store} (local.get $m) (local.get ${T.t("mi")}))
    (${T.store} (local.get $v) (local.get ${T.t("vi")}))
    (${T.store} (local.get $w) (${T.sub} ${decay ? `(${T.mul} (${T.load} (local.get $w)) ${T.c("keep")})` : `(${T.load} (local.get $w))`}
      (${T.div} (${T.mul} ${T.c("ss")} (local.get ${T.t("mi")}))
        (${T.add} (${T.mul} (${T.sqrt} (local.get ${T.t("vi")})) ${T.c("ibc2s")}) ${T.c("eps")}))))`;
const adam = loopFn({
  name: "adam",
  ptrs: ["w", "g", "m", "v"],
  consts: ["b1", "c1", "b2", "c2", "ss", "ibc2s", "eps"],
  temps: ["gi", "mi", "vi"],
  body: adamBody(false),
});
const adamDecay = loopFn({
  name: "adam_decay",
  ptrs: ["w", "g", "m", "v"],
  consts: ["b1", "c1", "b2", "c2", "ss", "ibc2s", "eps", "keep"],
  temps: ["gi", "mi", "vi"],
  body: adamBody(true),
});

// SGD: momentum 0: w -= lr*g; else v = mom*v + g and w -= lr*v, or (nesterov) w -= lr*(g + mom*v)
const sgd = loopFn({
  name: "sgd",
  ptrs: ["w", "g"],
  consts: ["lr"],
  body: (T) => `(${T.store} (local.get $w) (${T.sub} (${T.load} (local.get $w)) (${T.mul} ${T.c("lr")} (${T.load} (local.get $g)))))`,
});
const sgdMomentum = (nesterov) =>
  loopFn({
    name: nesterov ? "sgd_nesterov" : "sgd_momentum",
    ptrs: ["w", "g", "v"],
    consts: ["lr", "mom"],
    temps: ["vi"],
    body: (T) => `
    (local.set ${T.t("vi")} (${T.add} (${T.mul} ${T.c("mom")} (${T.load} (local.get $v))) (${T.load} (local.get $g))))
    (${T.store} (local.get $v) (local.get ${T.t("vi")}))
    (${T.store} (local.get $w) (${T.sub} (${T.load} (local.get $w)) (${T.mul} ${T.c("lr")} ${
      nesterov ? `(${T.add} (${T.load} (local.get $g)) (${T.mul} ${T.c("mom")} (local.get ${T.t("vi")})))` : `(local.get ${T.t("vi")})`
    })))`,
  });

// RMSprop: s = rho*s + c*g^2 (c = 1-rho); w -= lr*g / (sqrt(s) + eps)
// Adagrad is the same with rho = 1, c = 1.
const rmsprop = loopFn({
  name: "rmsprop",
  ptrs: ["w", "g", "s"],
  consts: ["lr", "rho", "c", "eps"],
  temps: ["gi", "si"],
  body: (T) => `
    (local.set ${T.t("gi")} (${T.load} (local.get $g)))
    (local.set ${T.t("si")} (${T.add} (${T.mul} ${T.c("rho")} (${T.load} (local.get $s))) (${T.mul} (${T.mul} ${T.c("c")} (local.get ${T.t("gi")})) (local.get ${T.t("gi")}))))
    (${T.store} (local.get $s) (local.get ${T.t("si")}))
    (${T.store} (local.get $w) (${T.sub} (${T.load} (local.get $w))
      (${T.div} (${T.mul} ${T.c("lr")} (local.get ${T.t("gi")})) (${T.add} (${T.sqrt} (local.get ${T.t("si")})) ${T.c("eps")}))))`,
});

// out = a ⊙ b
const mul = loopFn({
  name: "mul",
  ptrs: ["a", "b", "out"],
  body: (T) => `(${T.store} (local.get $out) (${T.mul} (${T.load} (local.get $a)) (${T.load} (local.get $b))))`,
});

// y += alpha * x
const axpy = loopFn({
  name: "axpy",
  ptrs: ["x", "y"],
  consts: ["alpha"],
  body: (T) => `(${T.store} (local.get $y) (${T.add} (${T.load} (local.get $y)) (${T.mul} ${T.c("alpha")} (${T.load} (local.get $x)))))`,
});

// x *= alpha
const scale = loopFn({
  name: "scale",
  ptrs: ["x"],
  consts: ["alpha"],
  body: (T) => `(${T.store} (local.get $x) (${T.mul} (${T.load} (local.get $x)) ${T.c("alpha")}))`,
});

// y = a + b (addBias: one row of y plus the bias)
const add = loopFn({
  name: "add",
  ptrs: ["a", "b", "out"],
  body: (T) => `(${T.store} (local.get $out) (${T.add} (${T.load} (local.get $a)) (${T.load} (local.get $b))))`,
});

// Row by row over a [rows, cols] matrix (one call instead of one per row): add_rows: y_r += b
// (a bias); col_sums: db += dy_r (db holds 0 or a running sum). The same float adds, in the same
// order, as calling add per row.
/**
 * (func name (rows, cols, params[0], params[1])): per row, add(cols, acc, row, acc), then the pointer
 * `step` moves on by a row (the other one stays: the bias, or the running column sums).
 */
const rowLoop = (name, params, acc, row, step) => `
(func (export "${name}") (param $rows i32) (param $cols i32) (param $${params[0]} i32) (param $${params[1]} i32)
  (local $stride i32)
  (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
  (if (i32.gt_s (local.get $rows) (i32.const 0)) (then (loop $R
    (call $add (local.get $cols) (local.get $${acc}) (local.get $${row}) (local.get $${acc}))
    (local.set $${step} (i32.add (local.get $${step}) (local.get $stride)))
    (br_if $R (local.tee $rows (i32.sub (local.get $rows) (i32.const 1))))))))`;
const rowKernels = rowLoop("add_rows", ["b", "y"], "y", "b", "y") + rowLoop("col_sums", ["dy", "db"], "db", "dy", "dy");

// y = z > 0 ? z : 0   (pmax(0, z) = 0 < z ? z : 0: NaN and -0 give 0, like the JS backend)
const relu = `
(func (export "relu") (param $n i32) (param $z i32) (param $y i32)
  (local $q i32)
  (local.set $q (i32.shr_u (local.get $n) (i32.const 2)))
  (if (local.get $q) (then (loop $V
    (v128.store (local.get $y) (f32x4.pmax (v128.const f32x4 0 0 0 0) (v128.load (local.get $z))))
    (local.set $z (i32.add (local.get $z) (i32.const 16)))
    (local.set $y (i32.add (local.get $y) (i32.const 16)))
    (br_if $V (local.tee $q (i32.sub (local.get $q) (i32.const 1)))))))
  (local.set $q (i32.and (local.get $n) (i32.const 3)))
  (if (local.get $q) (then (loop $S
    (f32.store (local.get $y) (select (f32.load (local.get $z)) (f32.const 0) (f32.gt (f32.load (local.get $z)) (f32.const 0))))
    (local.set $z (i32.add (local.get $z) (i32.const 4)))
    (local.set $y (i32.add (local.get $y) (i32.const 4)))
    (br_if $S (local.tee $q (i32.sub (local.get $q) (i32.const 1))))))))
`;

// dz = z > 0 ? dy : 0
const reluBackward = `
(func (export "relu_backward") (param $n i32) (param $z i32) (param $dy i32) (param $dz i32)
  (local $q i32)
  (local.set $q (i32.shr_u (local.get $n) (i32.const 2)))
  (if (local.get $q) (then (loop $V
    (v128.store (local.get $dz) (v128.and (v128.load (local.get $dy))
      (f32x4.gt (v128.load (local.get $z)) (v128.const f32x4 0 0 0 0))))
    (local.set $z (i32.add (local.get $z) (i32.const 16)))
    (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
    (local.set $dz (i32.add (local.get $dz) (i32.const 16)))
    (br_if $V (local.tee $q (i32.sub (local.get $q) (i32.const 1)))))))
  (local.set $q (i32.and (local.get $n) (i32.const 3)))
  (if (local.get $q) (then (loop $S
    (f32.store (local.get $dz) (select (f32.load (local.get $dy)) (f32.const 0) (f32.gt (f32.load (local.get $z)) (f32.const 0))))
    (local.set $z (i32.add (local.get $z) (i32.const 4)))
    (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
    (local.set $dz (i32.add (local.get $dz) (i32.const 4)))
    (br_if $S (local.tee $q (i32.sub (local.get $q) (i32.const 1))))))))
`;

// Σ x^2 in float64: each float is promoted (exact), squared (exact in f64) and summed in two f64x2
// accumulators (lanes 0-1 and 2-3), then the lanes and the tail are added.
// Σ x² in float64: four f64x2 accumulators (8 floats per iteration: the adds of one accumulator wait
// for each other, four chains keep the adder busy), summed pairwise at the end, then the scalar tail.
const sumSquares = `
(func (export "sum_squares") (param $n i32) (param $x i32) (result f64)
  (local $q i32) (local $v v128) (local $a v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
  (local $s f64) (local $f f64)
  (local.set $q (i32.shr_u (local.get $n) (i32.const 3)))
  (if (local.get $q) (then (loop $V
${[0, 1]
  .map(
    (h) => `    (local.set $v (v128.load offset=${16 * h} (local.get $x)))
    (local.set $a (f64x2.promote_low_f32x4 (local.get $v)))
    (local.set $s${2 * h} (f64x2.add (local.get $s${2 * h}) (f64x2.mul (local.get $a) (local.get $a))))
    (local.set $a (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (local.set $s${2 * h + 1} (f64x2.add (local.get $s${2 * h + 1}) (f64x2.mul (local.get $a) (local.get $a))))`,
  )
  .join("\n")}
    (local.set $x (i32.add (local.get $x) (i32.const 32)))
    (br_if $V (local.tee $q (i32.sub (local.get $q) (i32.const 1)))))))
  (local.set $s0 (f64x2.add (f64x2.add (local.get $s0) (local.get $s1)) (f64x2.add (local.get $s2) (local.get $s3))))
  (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
  (local.set $q (i32.and (local.get $n) (i32.const 7)))
  (if (local.get $q) (then (loop $S
    (local.set $f (f64.promote_f32 (f32.load (local.get $x))))
    (local.set $s (f64.add (local.get $s) (f64.mul (local.get $f) (local.get $f))))
    (local.set $x (i32.add (local.get $x) (i32.const 4)))
    (br_if $S (local.tee $q (i32.sub (local.get $q) (i32.const 1)))))))
  (local.get $s))
`;

// Row gather (a shuffled mini-batch): for i < n, rowBytes bytes from src + idx[i]*rowBytes to
// dst + i*rowBytes. idx points to n int32 row indices. memory.copy is V8's memmove.
const gatherRows = `
(func (export "gather_rows") (param $n i32) (param $rowBytes i32) (param $src i32) (param $idx i32) (param $dst i32)
  (if (i32.gt_s (local.get $n) (i32.const 0)) (then (loop $L
    (memory.copy (local.get $dst) (i32.add (local.get $src) (i32.mul (i32.load (local.get $idx)) (local.get $rowBytes))) (local.get $rowBytes))
    (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
    (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
    (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))))
`;

// Inverted-dropout mask: mask[i] = u >= threshold ? keep : 0 for the next n draws u of xoshiro128**
// (random.ts nextU32, the same stream), u compared as a double with threshold = rate * 2^32. The four
// state words are read from and written back to $state.
const dropoutMask = `
(func (export "dropout_mask") (param $n i32) (param $mask i32) (param $state i32) (param $threshold f64) (param $keep f32)
  (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32) (local $u i32)
  (local.set $s0 (i32.load (local.get $state)))
  (local.set $s1 (i32.load offset=4 (local.get $state)))
  (local.set $s2 (i32.load offset=8 (local.get $state)))
  (local.set $s3 (i32.load offset=12 (local.get $state)))
  (if (i32.gt_s (local.get $n) (i32.const 0)) (then (loop $L
    (local.set $u (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
    (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
    (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
    (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
    (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
    (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
    (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
    (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
    (f32.store (local.get $mask) (select (local.get $keep) (f32.const 0)
      (f64.ge (f64.convert_i32_u (local.get $u)) (local.get $threshold))))
    (local.set $mask (i32.add (local.get $mask) (i32.const 4)))
    (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
  (i32.store (local.get $state) (local.get $s0))
  (i32.store offset=4 (local.get $state) (local.get $s1))
  (i32.store offset=8 (local.get $state) (local.get $s2))
  (i32.store offset=12 (local.get $state) (local.get $s3)))
`;

/** Every elementwise kernel. */
export function elementwiseWat() {
  return [adam, adamDecay, sgd, sgdMomentum(false), sgdMomentum(true), rmsprop, mul, axpy, scale, add, relu, reluBackward, sumSquares, gatherRows, rowKernels, dropoutMask].join("\n");
}
