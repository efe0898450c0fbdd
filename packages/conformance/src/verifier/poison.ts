// The retired marshalled buffers whose bytes are still poisoned (CE6-M06), indexed by 4 KiB page: finding the
// buffer under an address and un-poisoning reused bytes cost what the few buffers on those pages cost, however
// many buffers the run has retired. A buffer leaves the index once reused or forgotten.

const PAGE = 4096
/** Buffers spanning more pages than this are kept in one list scanned whole (a huge direct buffer). */
const MAX_PAGES = 256

export interface Poisonable {
  readonly dest: number
  readonly size: number
  /** A later allocation reused these bytes: no longer poisoned. */
  reused: boolean
}

export class PoisonIndex<B extends Poisonable> {
  private readonly pages = new Map<number, B[]>()
  private readonly large: B[] = []

  add(b: B): void {
    if (isLarge(b)) return void this.large.push(b)
    for (let p = pageOf(b.dest), last = p + span(b.dest, b.size); p <= last; p++) {
      const list = this.pages.get(p)
      if (list) list.push(b)
      else this.pages.set(p, [b])
    }
  }

  remove(b: B): void {
    if (isLarge(b)) {
      const i = this.large.indexOf(b)
      if (i >= 0) removeAt(this.large, i)
      return
    }
    for (let p = pageOf(b.dest), last = p + span(b.dest, b.size); p <= last; p++) {
      const list = this.pages.get(p)
      const i = list ? list.indexOf(b) : -1
      if (i < 0) continue
      // An emptied list stays: the page is likely to be used again (a reopened buffer), and a new array each time
      // would be garbage; so would splice's array of removed items.
      removeAt(list!, i)
    }
  }

  /** The newest poisoned buffer whose range holds address `a`. */
  at(a: number): B | undefined {
    return newestAt(this.pages.get(pageOf(a)), a) ?? newestAt(this.large, a)
  }

  /** [a, a+n) was handed out again: the buffers it overlaps are reused, no longer poisoned. */
  unpoison(a: number, n: number): void {
    if (this.large.length) this.unpoisonIn(this.large, a, n)
    // A huge new range is checked against every buffer rather than page by page.
    if (span(a, n) > MAX_PAGES) for (const list of [...this.pages.values()]) this.unpoisonIn(list, a, n)
    else {
      for (let p = pageOf(a), last = p + span(a, n); p <= last; p++) {
        const list = this.pages.get(p)
        if (list) this.unpoisonIn(list, a, n)
      }
    }
  }

  private unpoisonIn(list: readonly B[], a: number, n: number): void {
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i]
      // remove() may shorten `list` under us: hence the backward walk and the re-read.
      if (b === undefined || !(a < b.dest + b.size && a + n > b.dest)) continue
      b.reused = true
      this.remove(b)
    }
  }
}

function removeAt<B>(list: B[], i: number): void {
  for (let j = i + 1; j < list.length; j++) list[j - 1] = list[j]!
  list.pop()
}

function newestAt<B extends Poisonable>(list: readonly B[] | undefined, a: number): B | undefined {
  if (!list) return undefined
  for (let i = list.length - 1; i >= 0; i--) {
    const b = list[i]!
    if (a >= b.dest && a < b.dest + b.size) return b
  }
  return undefined
}

const pageOf = (a: number): number => Math.floor(a / PAGE)
/** Pages [a, a+n) touches, minus one. */
const span = (a: number, n: number): number => pageOf(a + Math.max(n, 1) - 1) - pageOf(a)
const isLarge = (b: Poisonable): boolean => span(b.dest, b.size) >= MAX_PAGES

