// Virtual-time timers: a binary heap ordered by due time, then by creation order, so equal times fire
// deterministically in the order they were set.

interface Timer {
  due: number
  seq: number
  fn: () => void
  cancelled: boolean
}

export class TimerQueue {
  private readonly heap: Timer[] = []
  private seq = 0

  add(due: number, fn: () => void): () => void {
    const t: Timer = { due, seq: this.seq++, fn, cancelled: false }
    this.heap.push(t)
    this.up(this.heap.length - 1)
    return () => {
      t.cancelled = true
    }
  }

  /** Due time of the next live timer, or undefined. */
  peek(): number | undefined {
    this.dropCancelled()
    return this.heap[0]?.due
  }

  /** Pop and run every live timer due at or before `now`, in order. Returns how many ran. */
  runDue(now: number): number {
    let n = 0
    for (;;) {
      this.dropCancelled()
      const top = this.heap[0]
      if (!top || top.due > now) return n
      this.pop()
      top.cancelled = true
      top.fn()
      n++
    }
  }

  get size(): number {
    return this.heap.length
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop()
  }

  private pop(): void {
    const last = this.heap.pop()!
    if (this.heap.length) {
      this.heap[0] = last
      this.down(0)
    }
  }

  private less(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq)
  }

  private up(i: number): void {
    const h = this.heap
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!this.less(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }

  private down(i: number): void {
    const h = this.heap
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r
      if (m === i) return
      ;[h[i], h[m]] = [h[m]!, h[i]!]
      i = m
    }
  }
}
