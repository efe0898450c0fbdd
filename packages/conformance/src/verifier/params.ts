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
  private readonly ranges: ParamRange[] = []

  add(call: Call): void {
    const p = call.params
    for (let i = 0; i < p.length; i += 2) this.ranges.push(new ParamRange(p[i]!, p[i + 1]!, call))
    // Trim in batches: a splice per call would cost O(HISTORY) each time.
    if (this.ranges.length >= 2 * HISTORY) this.ranges.splice(0, this.ranges.length - HISTORY)
  }

  returned(call: Call): void {
    call.returned = true
  }

  /** The newest buffer of a call other than `except` holding address `a`. */
  find(a: number, except: Call | undefined): ParamRange | undefined {
    for (let i = this.ranges.length - 1; i >= 0; i--) {
      const r = this.ranges[i]!
      if (r.call !== except && a >= r.start && a < r.end) return r
    }
    return undefined
  }
}
