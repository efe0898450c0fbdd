// Per-process handle tables. Handle values are multiples of 4 (as on CE) and never reused within a process, so a
// stale handle fails with ERROR_INVALID_HANDLE instead of reaching a new object.

export interface KernelObject {
  readonly kindName: string
  /** Handles currently open on this object, across processes. */
  handleCount: number
}

export interface HandleEntry {
  readonly obj: KernelObject
  /** Owner tag of the driver module that created the handle (0 = the process itself): for leak reports. */
  readonly owner: number
  /** Where it was created, e.g. "serial.dll!COM_Init". */
  readonly site: string
  /** The open context it was created for (ExecFrame.openContext; 0 = the device, module or process). */
  readonly openContext: number
}

export class HandleTable {
  private readonly map = new Map<number, HandleEntry>()
  private next = 1

  add(obj: KernelObject, owner = 0, site = '', openContext = 0): number {
    const h = (this.next++ << 2) >>> 0
    this.map.set(h, { obj, owner, site, openContext })
    obj.handleCount++
    return h
  }

  get(h: number): KernelObject | undefined {
    return this.map.get(h >>> 0)?.obj
  }

  entry(h: number): HandleEntry | undefined {
    return this.map.get(h >>> 0)
  }

  /** Removes the handle and returns its object; the caller decides what closing it means. */
  remove(h: number): KernelObject | undefined {
    const e = this.map.get(h >>> 0)
    if (!e) return undefined
    this.map.delete(h >>> 0)
    e.obj.handleCount--
    return e.obj
  }

  entries(): [number, HandleEntry][] {
    return [...this.map.entries()]
  }

  get size(): number {
    return this.map.size
  }
}
