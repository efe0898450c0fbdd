// Per-process handle tables. Handle values are small multiples of 4 (as on CE), never reused within a process
// until 2^30 handles, so a stale handle fails with ERROR_INVALID_HANDLE instead of reaching a new object.

export interface KernelObject {
  readonly kindName: string
  /** Called when the last handle to the object is closed; may be async (a device file's Close). */
  onLastClose?(): unknown
  /** Handles currently open on this object, across processes. */
  handleCount: number
}

export class HandleTable {
  private readonly map = new Map<number, KernelObject>()
  private next = 1

  add(obj: KernelObject): number {
    const h = (this.next++ << 2) >>> 0
    this.map.set(h, obj)
    obj.handleCount++
    return h
  }

  get(h: number): KernelObject | undefined {
    return this.map.get(h >>> 0)
  }

  /** Removes the handle; returns the object (the caller decides what closing it means). */
  remove(h: number): KernelObject | undefined {
    const obj = this.map.get(h >>> 0)
    if (!obj) return undefined
    this.map.delete(h >>> 0)
    obj.handleCount--
    return obj
  }

  entries(): [number, KernelObject][] {
    return [...this.map.entries()]
  }

  get size(): number {
    return this.map.size
  }
}
