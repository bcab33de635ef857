// Class weights as Keras applies them (`fit(class_weight=...)`): each row's loss is multiplied by the
// weight of its class, and the batch loss stays the sum divided by the batch size (Keras 3's
// "sum_over_batch_size" reduction), not by the sum of the weights (PyTorch's CrossEntropyLoss(weight=)
// with reduction "mean"). A row's class is its target's: one-hot targets [rows,classes] the argmax
// (the first of equal maxima), a single 0/1 column (binary) the rounded value, as Keras rounds it.

/** w[r] = classWeight[class of row r] for t [rows,cols]; classWeight has cols entries, or 2 (negative, positive) when cols is 1. */
export function rowWeights(rows: number, cols: number, t: Float32Array, classWeight: Float32Array, w: Float32Array): void {
  if (cols === 1) {
    for (let r = 0; r < rows; r++) w[r] = t[r] >= 0.5 ? classWeight[1] : classWeight[0];
    return;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let best = 0;
    for (let c = 1; c < cols; c++) if (t[o + c] > t[o + best]) best = c;
    w[r] = classWeight[best];
  }
}
