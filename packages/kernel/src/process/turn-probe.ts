// The next turn of the event loop, as the scheduler asks for it: "has the microtask queue drained?". One probe
// serves every scheduler in the process: at most one setImmediate is queued at a time, whatever the number of
// machines and waiters, and a waiter that no longer needs the turn (the thread it watched yielded first) takes itself
// off, so a queued immediate never holds a machine.
//
// Why not a shared promise raced against the thread (as before): Promise.race leaves a reaction on the turn's
// promise for every race, and the promise settles only when the event loop turns — which, in code that awaits
// machines in a loop of microtasks (a property run, a benchmark), is never until the loop ends. Each machine left a
// queued immediate with its reactions behind (some 5.6 KB a machine, measured with heap snapshots), kept until the
// run ended. And why not one immediate per wait, cleared on cancel: queuing and clearing an immediate on every
// activation cost about 6 % of an IOCTL round trip with the verifier on.

export class TurnProbe {
  private readonly waiters = new Set<() => void>()
  private queued = false

  /** Call `fn` at the next turn of the event loop. Returns the function that cancels it. */
  wait(fn: () => void): () => void {
    this.waiters.add(fn)
    if (!this.queued) {
      this.queued = true
      // The queued callback holds the probe, the probe only its waiters: a cancelled waiter is gone from both.
      setImmediate(fire, this)
    }
    return () => void this.waiters.delete(fn)
  }

  /** A promise for the next turn (not cancellable). */
  next(): Promise<void> {
    return new Promise<void>((resolve) => void this.wait(resolve))
  }

  /** @internal The turn came: every waiter runs, in the order it asked. */
  fire(): void {
    this.queued = false
    const ws = [...this.waiters]
    this.waiters.clear()
    for (const w of ws) w()
  }
}

function fire(probe: TurnProbe): void {
  probe.fire()
}

/** The process's probe: every scheduler waits on it. */
export const turnProbe = new TurnProbe()
