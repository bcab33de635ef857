// WAT source of the image-window kernels (kernels.ts Window): im2col, col2im, max pooling forward and
// backward, over the images b0..b1-1 of a batch (a thread pool chunk is a range of images: their
// patches, outputs and input cells are their own). All take the same parameters:
//   (inH inW kh kw sh sw outH outW padTop padLeft c b0 b1 src dst aux)
//   im2col src x, dst P · col2im src dP, dst dx · max_pool src x, dst y, aux argmax · max_pool_backward
//   src dy, dst dx, aux argmax
// with src, dst and aux the byte addresses of the whole batch's arrays (image 0). NHWC: a cell's c
// channels are contiguous, and the kw cells of one kernel row inside the image are one contiguous span
// of x, which im2col copies (col2im adds) in one go. Same values, bit for bit, as js_window.ts: the
// copies move bits, and every cell of dx gets the same float32 additions in the same order.

const PARAMS = ["inH", "inW", "kh", "kw", "sh", "sw", "outH", "outW", "padTop", "padLeft", "c", "b0", "b1", "src", "dst", "aux"];
const params = PARAMS.map((p) => `(param $${p} i32)`).join(" ");
const locals = (names) => names.map((n) => `(local $${n} i32)`).join(" ");
const get = (v) => `(local.get $${v})`;
const set = (v, e) => `(local.set $${v} ${e})`;
const add = (a, b) => `(i32.add ${a} ${b})`;
const sub = (a, b) => `(i32.sub ${a} ${b})`;
const mul = (a, b) => `(i32.mul ${a} ${b})`;
const c4 = (e) => `(i32.shl ${e} (i32.const 2))`;
/** for (v = lo; v < hi; v++) body */
const forRange = (v, lo, hi, body) => `
  ${set(v, lo)}
  (block $${v}_end (loop $${v}_loop
    (br_if $${v}_end (i32.ge_s ${get(v)} ${hi}))
    ${body}
    ${set(v, add(get(v), "(i32.const 1)"))}
    (br $${v}_loop)))`;
const max = (a, b) => `(select ${a} ${b} (i32.gt_s ${a} ${b}))`;
const min = (a, b) => `(select ${a} ${b} (i32.lt_s ${a} ${b}))`;

// n floats: copy (bits), zero, or dst += src (float32), four at a time, then one at a time
const spans = `
(func $span_copy (param $n i32) (param $src i32) (param $dst i32)
  (block $v_end (loop $v
    (br_if $v_end (i32.lt_s (local.get $n) (i32.const 4)))
    (v128.store (local.get $dst) (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (i32.const 16)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
    (local.set $n (i32.sub (local.get $n) (i32.const 4)))
    (br $v)))
  (block $s_end (loop $s
    (br_if $s_end (i32.le_s (local.get $n) (i32.const 0)))
    (i32.store (local.get $dst) (i32.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (i32.const 4)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
    (br $s))))
(func $span_zero (param $n i32) (param $dst i32)
  (block $v_end (loop $v
    (br_if $v_end (i32.lt_s (local.get $n) (i32.const 4)))
    (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
    (local.set $n (i32.sub (local.get $n) (i32.const 4)))
    (br $v)))
  (block $s_end (loop $s
    (br_if $s_end (i32.le_s (local.get $n) (i32.const 0)))
    (i32.store (local.get $dst) (i32.const 0))
    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
    (br $s))))
(func $span_add (param $n i32) (param $src i32) (param $dst i32)
  (block $v_end (loop $v
    (br_if $v_end (i32.lt_s (local.get $n) (i32.const 4)))
    (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
    (local.set $src (i32.add (local.get $src) (i32.const 16)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
    (local.set $n (i32.sub (local.get $n) (i32.const 4)))
    (br $v)))
  (block $s_end (loop $s
    (br_if $s_end (i32.le_s (local.get $n) (i32.const 0)))
    (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
    (local.set $src (i32.add (local.get $src) (i32.const 4)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
    (br $s))))
`;

// im2col (adjoint false) and col2im (adjoint true): for each patch row (b, oh, ow) and kernel row i, the
// in-image cells j0..j1-1 are the span x[b, oh·sh + i - padTop, ow·sw - padLeft + j0 .. + j1, :]
function patches(name, adjoint) {
  const imgFloats = mul(mul(get("inH"), get("inW")), get("c"));
  const rowSpan = (body) => `
      ${set("xs", sub(mul(get("ow"), get("sw")), get("padLeft")))}
      ${set("j0", max(sub("(i32.const 0)", get("xs")), "(i32.const 0)"))}
      ${set("j1", max(min(get("kw"), sub(get("inW"), get("xs"))), get("j0")))}
      ${forRange("i", "(i32.const 0)", get("kh"), body)}`;
  const inImage = `(i32.lt_u ${add(get("ys"), get("i"))} ${get("inH")})`;
  const cellAddr = add(get("xb"), c4(mul(add(mul(add(get("ys"), get("i")), get("inW")), add(get("xs"), get("j0"))), get("c"))));
  const body = adjoint
    ? `(if ${inImage} (then
          (call $span_add ${mul(sub(get("j1"), get("j0")), get("c"))} ${add(get("p"), c4(mul(get("j0"), get("c"))))} ${cellAddr})))
        ${set("p", add(get("p"), c4(get("kwc"))))}`
    : `(if ${inImage} (then
          (call $span_zero ${mul(get("j0"), get("c"))} ${get("p")})
          (call $span_copy ${mul(sub(get("j1"), get("j0")), get("c"))} ${cellAddr} ${add(get("p"), c4(mul(get("j0"), get("c"))))})
          (call $span_zero ${mul(sub(get("kw"), get("j1")), get("c"))} ${add(get("p"), c4(mul(get("j1"), get("c"))))}))
        (else (call $span_zero ${get("kwc")} ${get("p")})))
        ${set("p", add(get("p"), c4(get("kwc"))))}`;
  // p: the patch matrix (src of col2im, dst of im2col) at image b0's first row
  const P = adjoint ? "src" : "dst";
  const X = adjoint ? "dst" : "src";
  return `
(func (export "${name}") ${params}
  ${locals(["kwc", "p", "xb", "b", "oh", "ow", "i", "ys", "xs", "j0", "j1"])}
  ${set("kwc", mul(get("kw"), get("c")))}
  ${set("p", add(get(P), c4(mul(mul(mul(get("b0"), get("outH")), get("outW")), mul(get("kh"), get("kwc"))))))}
  ${adjoint ? `(memory.fill ${add(get(X), c4(mul(get("b0"), imgFloats)))} (i32.const 0) ${c4(mul(sub(get("b1"), get("b0")), imgFloats))})` : ""}
  ${forRange(
    "b",
    get("b0"),
    get("b1"),
    `${set("xb", add(get(X), c4(mul(get("b"), imgFloats))))}
    ${forRange(
      "oh",
      "(i32.const 0)",
      get("outH"),
      `${set("ys", sub(mul(get("oh"), get("sh")), get("padTop")))}
      ${forRange("ow", "(i32.const 0)", get("outW"), rowSpan(body))}`,
    )}`,
  )})`;
}

// max_pool: per output (b, oh, ow), channels four at a time (lanes): best starts at -Infinity and at
// the window's first cell; a cell whose value is greater (strictly: the first maximum wins, NaN never)
// takes both. y = x[at]: best, or the first cell's value where no cell beat -Infinity.
const maxPool = `
(func (export "max_pool") ${params}
  ${locals(["xb", "b", "oh", "ow", "y0", "y1", "x0", "x1", "yy", "xx", "ch", "first", "i", "out", "arg", "t"])}
  (local $best v128) (local $at v128) (local $v v128) (local $m v128) (local $firstv v128) (local $bs f32)
  ${set("out", add(get("dst"), c4(mul(mul(mul(get("b0"), get("outH")), get("outW")), get("c")))))}
  ${set("arg", add(get("aux"), c4(mul(mul(mul(get("b0"), get("outH")), get("outW")), get("c")))))}
  ${forRange(
    "b",
    get("b0"),
    get("b1"),
    `${set("xb", mul(get("b"), mul(mul(get("inH"), get("inW")), get("c"))))}
    ${forRange(
      "oh",
      "(i32.const 0)",
      get("outH"),
      `${set("t", sub(mul(get("oh"), get("sh")), get("padTop")))}
      ${set("y0", max(get("t"), "(i32.const 0)"))}
      ${set("y1", min(add(get("t"), get("kh")), get("inH")))}
      ${forRange(
        "ow",
        "(i32.const 0)",
        get("outW"),
        `${set("t", sub(mul(get("ow"), get("sw")), get("padLeft")))}
        ${set("x0", max(get("t"), "(i32.const 0)"))}
        ${set("x1", min(add(get("t"), get("kw")), get("inW")))}
        ${set("first", add(get("xb"), mul(add(mul(get("y0"), get("inW")), get("x0")), get("c"))))}
        ${set("ch", "(i32.const 0)")}
        (block $vec_end (loop $vec
          (br_if $vec_end (i32.gt_s (i32.add ${get("ch")} (i32.const 4)) ${get("c")}))
          (local.set $best (v128.const f32x4 -inf -inf -inf -inf))
          (local.set $firstv (i32x4.add (i32x4.splat ${add(get("first"), get("ch"))}) (v128.const i32x4 0 1 2 3)))
          (local.set $at (local.get $firstv))
          ${forRange(
            "yy",
            get("y0"),
            get("y1"),
            forRange(
              "xx",
              get("x0"),
              get("x1"),
              `${set("i", add(add(get("xb"), mul(add(mul(get("yy"), get("inW")), get("xx")), get("c"))), get("ch")))}
              (local.set $v (v128.load ${add(get("src"), c4(get("i")))}))
              (local.set $m (f32x4.gt (local.get $v) (local.get $best)))
              (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $m)))
              (local.set $at (v128.bitselect (i32x4.add (i32x4.splat ${get("i")}) (v128.const i32x4 0 1 2 3)) (local.get $at) (local.get $m)))`,
            ),
          )}
          (v128.store ${get("out")} (v128.bitselect (v128.load ${add(get("src"), c4(add(get("first"), get("ch"))))}) (local.get $best)
            (i32x4.eq (local.get $at) (local.get $firstv))))
          (v128.store ${get("arg")} (local.get $at))
          ${set("out", add(get("out"), "(i32.const 16)"))}
          ${set("arg", add(get("arg"), "(i32.const 16)"))}
          ${set("ch", add(get("ch"), "(i32.const 4)"))}
          (br $vec)))
        (block $sca_end (loop $sca
          (br_if $sca_end (i32.ge_s ${get("ch")} ${get("c")}))
          (local.set $bs (f32.const -inf))
          ${set("t", add(get("first"), get("ch")))}
          ${forRange(
            "yy",
            get("y0"),
            get("y1"),
            forRange(
              "xx",
              get("x0"),
              get("x1"),
              `${set("i", add(add(get("xb"), mul(add(mul(get("yy"), get("inW")), get("xx")), get("c"))), get("ch")))}
              (if (f32.gt (f32.load ${add(get("src"), c4(get("i")))}) (local.get $bs)) (then
                (local.set $bs (f32.load ${add(get("src"), c4(get("i")))}))
                ${set("t", get("i"))}))`,
            ),
          )}
          (i32.store ${get("out")} (i32.load ${add(get("src"), c4(get("t")))}))
          (i32.store ${get("arg")} ${get("t")})
          ${set("out", add(get("out"), "(i32.const 4)"))}
          ${set("arg", add(get("arg"), "(i32.const 4)"))}
          ${set("ch", add(get("ch"), "(i32.const 1)"))}
          (br $sca)))`,
      )}`,
    )}`,
  )})`;

// max_pool_backward: dx of images b0..b1-1 = 0, then dx[argmax[o]] += dy[o] over their outputs in order
const maxPoolBackward = `
(func (export "max_pool_backward") ${params}
  ${locals(["o", "end", "d"])}
  (memory.fill ${add(get("dst"), c4(mul(get("b0"), mul(mul(get("inH"), get("inW")), get("c")))))} (i32.const 0)
    ${c4(mul(sub(get("b1"), get("b0")), mul(mul(get("inH"), get("inW")), get("c"))))})
  ${set("end", mul(get("b1"), mul(mul(get("outH"), get("outW")), get("c"))))}
  ${forRange(
    "o",
    mul(get("b0"), mul(mul(get("outH"), get("outW")), get("c"))),
    get("end"),
    `${set("d", add(get("dst"), c4(`(i32.load ${add(get("aux"), c4(get("o")))})`)))}
    (f32.store ${get("d")} (f32.add (f32.load ${get("d")}) (f32.load ${add(get("src"), c4(get("o")))})))`,
  )})`;

/** Every image-window kernel. */
export function windowWat() {
  return [spans, patches("im2col", false), patches("col2im", true), maxPool, maxPoolBackward].join("\n");
}
