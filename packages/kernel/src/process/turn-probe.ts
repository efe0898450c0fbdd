// The next turn of the event loop, as the scheduler asks for it: "has the microtask queue drained?". One queued
// setImmediate serves every waiter of a scheduler, and a waiter that no longer needs the turn (the thread it
// watched yielded first) takes itself off; when none is left the setImmediate is cancelled.
//
// Why not a shared promise raced against the thread (as before): Promise.race leaves a reaction on the turn's
// promise for every race, and the promise settles only when the event loop turns — which, in code that awaits
// machines in a loop of microtasks (a property run, a benchmark), is never until the loop ends. Each machine left a
// queued immediate with its reactions behind (some 5.6 KB a machine, measured with heap snapshots), kept until the
// run ended.

export class TurnProbe {
  private readonly waiters = new Set<() => void>()
  private handle: ReturnType<typeof setImmediate> | null = null

  /** Call `fn` at the next turn of the event loop. Returns the function that cancels it. */
  wait(fn: () => void): () => void {
    this.waiters.add(fn)
    // The queued callback holds the probe, the probe only its waiters: once they have cancelled, nothing on the
    // event loop refers to the scheduler.
    this.handle ??= setImmediate(fire, this)
    return () => {
      if (!this.waiters.delete(fn) || this.waiters.size || this.handle === null) return
      clearImmediate(this.handle)
      this.handle = null
    }
  }

  /** A promise for the next turn (not cancellable). */
  next(): Promise<void> {
    return new Promise<void>((resolve) => void this.wait(resolve))
  }

  /** @internal The turn came: every waiter runs, in the order it asked. */
  fire(): void {
    this.handle = null
    const ws = [...this.waiters]
    this.waiters.clear()
    for (const w of ws) w()
  }
}

function fire(probe: TurnProbe): void {
  probe.fire()
}
