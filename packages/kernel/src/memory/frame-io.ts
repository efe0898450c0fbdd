// Moving bytes in and out of pages: RAM frames (bytes created on first write; unwritten pages read as zeros) and
// device frames (every access goes to the device's registers). Shared by ctx.mem and the kernel's own accesses.
import { AccessViolation } from '../errors/exceptions.js'
import { PAGE_MASK, PAGE_SIZE, hex } from './layout.js'
import type { PageEntry } from './page-table.js'
import type { Frame, PhysicalMemory } from './physical.js'

// loadValue/storeValue spell out the byte order that memory/le.ts (getLE/putLE) serves everywhere else: they are the
// kernel's hottest path, and calling the shared helpers from here measured about 1.3 ns slower an access.
export function loadValue(e: PageEntry, addr: number, n: 1 | 2 | 4): number {
  const off = addr & PAGE_MASK
  const fr = e.frame
  if (fr.device) return deviceLoad(fr, off, n)
  const b = fr.bytes
  if (!b) return 0
  if (n === 1) return b[off]!
  if (n === 2) return b[off]! | (b[off + 1]! << 8)
  return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0
}

export function storeValue(phys: PhysicalMemory, e: PageEntry, addr: number, n: 1 | 2 | 4, v: number): void {
  const off = addr & PAGE_MASK
  const fr = e.frame
  if (fr.device) return deviceStore(fr, off, n, v)
  const b = fr.bytes ?? phys.materialize(fr)
  b[off] = v
  if (n === 1) return
  b[off + 1] = v >>> 8
  if (n === 2) return
  b[off + 2] = v >>> 16
  b[off + 3] = v >>> 24
}

/** loadValue of one byte: the C drivers' byte loops make it the commonest access, and the smaller function leaves
 *  V8 room to inline the whole checked access into a C driver's memory hook (docs/c-drivers.md, "Speed"). */
export function loadByte(e: PageEntry, addr: number): number {
  const fr = e.frame
  if (fr.device) return deviceLoad(fr, addr & PAGE_MASK, 1)
  return fr.bytes ? fr.bytes[addr & PAGE_MASK]! : 0
}

/** storeValue of one byte (as loadByte). */
export function storeByte(phys: PhysicalMemory, e: PageEntry, addr: number, v: number): void {
  const fr = e.frame
  if (fr.device) return deviceStore(fr, addr & PAGE_MASK, 1, v)
  ;(fr.bytes ?? phys.materialize(fr))[addr & PAGE_MASK] = v
}

// The device cases of loadValue/storeValue, apart: they are rare, and loadValue/storeValue stay small enough for V8 to
// inline into every ctx.mem access (docs/c-drivers.md, "Speed").
function deviceLoad(fr: Frame, off: number, n: 1 | 2 | 4): number {
  return fr.device!.read(fr.deviceOffset + off, n) >>> 0
}

function deviceStore(fr: Frame, off: number, n: 1 | 2 | 4, v: number): void {
  fr.device!.write(fr.deviceOffset + off, n, n === 4 ? v >>> 0 : v & (n === 1 ? 0xff : 0xffff))
}

// A byte loop costs about 1.7 ns a byte, a subarray view + set() about 55 ns flat (Node 20): they cross near 32.
const SMALL = 32

/**
 * Copy between `buf` and memory starting at `addr`, page by page. `first` is the already checked entry of the first
 * page; `next` resolves (and checks) each later page, throwing AccessViolation. A write that faults part-way leaves
 * the pages before the fault written, as hardware would.
 */
/** Resolves (and checks) the pages after the first of a multi-page access; throws AccessViolation. */
export interface PageResolver {
  resolvePage(addr: number, write: boolean): PageEntry
}

export function transferPages(
  phys: PhysicalMemory,
  addr: number,
  buf: Uint8Array,
  write: boolean,
  first: PageEntry,
  next: PageResolver,
): void {
  const n = buf.length
  if (addr + n > 0x100000000) throw new AccessViolation(addr, write, `the range ${hex(addr)}+${n} wraps past 4 GiB`)
  let done = 0
  let e = first
  for (;;) {
    const off = (addr + done) & PAGE_MASK
    const len = Math.min(PAGE_SIZE - off, n - done)
    if (write) storeBytes(phys, e, off, buf, done, len)
    else loadBytes(e, off, buf, done, len)
    done += len
    if (done >= n) return
    e = next.resolvePage(addr + done, write)
  }
}

function loadBytes(e: PageEntry, off: number, dst: Uint8Array, at: number, len: number): void {
  const fr = e.frame
  if (fr.device) {
    for (let i = 0; i < len; i++) dst[at + i] = fr.device.read(fr.deviceOffset + off + i, 1)
  } else if (fr.bytes) {
    const b = fr.bytes
    // Small copies (the common IOCTL structs) are faster as a loop than through a subarray view.
    if (len <= SMALL) for (let i = 0; i < len; i++) dst[at + i] = b[off + i]!
    else dst.set(b.subarray(off, off + len), at)
  } else dst.fill(0, at, at + len)
}

function storeBytes(phys: PhysicalMemory, e: PageEntry, off: number, src: Uint8Array, at: number, len: number): void {
  const fr = e.frame
  if (fr.device) {
    for (let i = 0; i < len; i++) fr.device.write(fr.deviceOffset + off + i, 1, src[at + i]!)
    return
  }
  const b = fr.bytes ?? phys.materialize(fr)
  if (len <= SMALL) for (let i = 0; i < len; i++) b[off + i] = src[at + i]!
  else b.set(src.subarray(at, at + len), off)
}
