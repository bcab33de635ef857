// PredictQueue: requests that arrive together share one forward pass. The first request of a batch
// starts a timer of `maxWaitMs`; the batch runs when the timer fires or as soon as it holds `maxBatch`
// rows, whichever comes first. A request never waits longer than maxWaitMs for others (plus the passes
// queued before it), and a pass never takes more than maxBatch rows, except a single request larger
// than maxBatch, which runs alone (the network splits it into chunks of its own maxBatch).
// Each row's outputs do not depend on the other rows of its pass (no layer mixes rows at inference:
// dropout is off, batch_norm uses its moving statistics).

/** What the queue needs of the network: Sequential.predict. */
export interface Predictor {
  readonly nIn: number;
  readonly nOut: number;
  predict(x: Float32Array, rows: number, out?: Float32Array): Float32Array;
}

export interface QueueOptions {
  /** Most rows in one forward pass. */
  maxBatch: number;
  /** Most milliseconds the first request of a batch waits for others. */
  maxWaitMs: number;
}

interface Pending {
  x: Float32Array;
  rows: number;
  resolve: (out: Float32Array) => void;
  reject: (err: unknown) => void;
}

export class PredictQueue {
  /** Forward passes run (a pass is one net.predict call over the batch). */
  passes = 0;
  /** Rows predicted, over all passes. */
  rows = 0;
  private pending: Pending[] = [];
  private pendingRows = 0;
  private timer: NodeJS.Timeout | null = null;
  /** After drain(): every request runs at once (the server is closing: nothing waits for a batch). */
  private draining = false;
  /** The batch's inputs and outputs, allocated once for maxBatch rows. */
  private readonly x: Float32Array;
  private readonly out: Float32Array;

  constructor(
    private readonly net: Predictor,
    readonly options: QueueOptions,
  ) {
    if (!(Number.isInteger(options.maxBatch) && options.maxBatch >= 1)) throw new RangeError(`maxBatch must be a positive integer, got ${options.maxBatch}`);
    if (!(options.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be >= 0, got ${options.maxWaitMs}`);
    this.x = new Float32Array(options.maxBatch * net.nIn);
    this.out = new Float32Array(options.maxBatch * net.nOut);
  }

  /** The outputs [rows, nOut] for x [rows, nIn], from the pass that takes this request. */
  predict(x: Float32Array, rows: number): Promise<Float32Array> {
    if (rows === 0) return Promise.resolve(new Float32Array(0));
    if (this.pendingRows + rows > this.options.maxBatch && this.pending.length > 0) this.flush();
    const done = new Promise<Float32Array>((resolve, reject) => this.pending.push({ x, rows, resolve, reject }));
    this.pendingRows += rows;
    if (this.pendingRows >= this.options.maxBatch || this.draining) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    return done;
  }

  /** Rows waiting for their pass. */
  get waitingRows(): number {
    return this.pendingRows;
  }

  /** Run the waiting requests now, and every later one as it comes (shutdown: answer what is in flight without waiting). */
  drain(): void {
    this.draining = true;
    this.flush();
  }

  /** Run the waiting requests now (one pass), if any. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    const total = this.pendingRows;
    if (batch.length === 0) return;
    this.pending = [];
    this.pendingRows = 0;
    const { nIn, nOut } = this.net;
    try {
      if (batch.length === 1) {
        const only = batch[0];
        this.count(total);
        only.resolve(this.net.predict(only.x, only.rows));
        return;
      }
      let r = 0;
      for (const p of batch) {
        this.x.set(p.x.subarray(0, p.rows * nIn), r * nIn);
        r += p.rows;
      }
      this.count(total);
      this.net.predict(this.x, total, this.out);
      r = 0;
      for (const p of batch) {
        p.resolve(this.out.slice(r * nOut, (r + p.rows) * nOut));
        r += p.rows;
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  private count(rows: number): void {
    this.passes++;
    this.rows += rows;
  }
}
