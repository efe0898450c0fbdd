// The first-level buffers of recent calls, kept after the calls return: a later touch of one from another thread,
// or after the return, is an asynchronous access (CE6-A01, A06, A07).
import type { Call } from './calls.js'

/** One first-level buffer of a call; it counts as returned once its call has. */
export class ParamRange {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly call: Call,
  ) {}

  get returned(): boolean {
    return this.call.returned
  }
}

/** How many recent buffers are remembered, at least (the check runs only for accesses to unmarshalled memory). */
const HISTORY = 256

export class ParamHistory {
  /** Flat [start, end) pairs and the call of each pair (no object per buffer: this runs on every call). */
  private readonly bounds: number[] = []
  private readonly calls: Call[] = []

  add(call: Call): void {
    const p = call.params
    for (let i = 0; i < p.length; i += 2) {
      this.bounds.push(p[i]!, p[i + 1]!)
      this.calls.push(call)
    }
    // Trim in batches: a splice per call would cost O(HISTORY) each time.
    const n = this.calls.length
    if (n >= 2 * HISTORY) {
      this.calls.splice(0, n - HISTORY)
      this.bounds.splice(0, 2 * (n - HISTORY))
    }
  }

  returned(call: Call): void {
    call.returned = true
  }

  /** The newest buffer of a call other than `except` holding address `a`. */
  find(a: number, except: Call | undefined): ParamRange | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const call = this.calls[i]!
      if (call !== except && a >= this.bounds[2 * i]! && a < this.bounds[2 * i + 1]!) return new ParamRange(this.bounds[2 * i]!, this.bounds[2 * i + 1]!, call)
    }
    return undefined
  }
}
