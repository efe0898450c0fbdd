// VirtualAllocCopyEx, the primitive behind aliasing (fact sheet §1 "Aliasing", §10.2): a new virtual range in one
// address space that maps the same physical frames as a range of a process's user space. The reflector uses it to
// map a caller's parameter buffers into a udevice for one call; kernel-mode CeAllocAsynchronousBuffer uses it to
// keep a large caller buffer reachable after the call. The frames are reference-counted, so an alias keeps them
// alive even if the source process exits (as locked pages would be).
import { fail } from '../errors/api-error.js'
import { ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import type { AddressSpace } from './address-space.js'
import { PAGE_MASK, PAGE_SHIFT, PAGE_SIZE, hex } from './layout.js'
import type { MemorySystem } from './memory-system.js'
import { PageKind } from './page-table.js'
import type { Frame } from './physical.js'
import { ACCESS_READ, ACCESS_WRITE, PAGE_READWRITE } from './protection.js'

/**
 * Alias [addr, addr+size) as a user-mode access from `srcVm` sees it (so the shared heap is read-only and kernel
 * addresses are refused) into `dst`. `prot` is the protection of the alias; PAGE_READWRITE needs every source page
 * to be writable by the source process. Returns the alias of `addr` (same offset in its page). Throws an ApiError
 * (ERROR_INVALID_PARAMETER) when a source page is not committed or not accessible; nothing is mapped then.
 */
export function aliasUserRange(
  ms: MemorySystem,
  srcVm: AddressSpace | null,
  addr: number,
  size: number,
  dst: AddressSpace,
  prot: number,
  owner: number,
  site: string,
  /** Resolve the source as kernel-mode code sees it (a kernel-mode caller's buffers: VirtualAllocCopyEx from NK). */
  srcKernelMode = false,
): number {
  const frames = sourceFrames(ms, srcVm, addr, size, prot, srcKernelMode)
  const r = dst.reserve(0, frames.length * PAGE_SIZE, PageKind.Alias, owner, site)
  dst.mapFrames(r.base, frames, prot, PageKind.Alias)
  return (r.base + ((addr >>> 0) & PAGE_MASK)) >>> 0
}

/**
 * The frames behind [addr, addr+size) as seen from `srcVm` (user mode unless `srcKernelMode`), each checked for the
 * access `prot` needs. Throws an ApiError (ERROR_INVALID_PARAMETER) if a page is missing or not accessible.
 */
export function sourceFrames(
  ms: MemorySystem,
  srcVm: AddressSpace | null,
  addr: number,
  size: number,
  prot: number,
  srcKernelMode = false,
  /** Filled and returned instead of a new array (the reflector's hot path reuses one). */
  into: Frame[] = [],
): Frame[] {
  const r = frameRun(ms, srcVm, addr, size, prot, srcKernelMode, into)
  if (r !== null) return r
  const a = addr >>> 0
  if (!(size > 0) || a + size > 0x100000000) fail(ERROR_INVALID_PARAMETER, `alias of ${hex(a)}+${size}`)
  // Say which page and why (found again: the refusal itself is cheap, its words are not).
  const need = accessFor(prot)
  for (let vpn = a >>> PAGE_SHIFT; vpn <= (a + size - 1) >>> PAGE_SHIFT; vpn++) {
    const at = (vpn << PAGE_SHIFT) >>> 0
    const e = ms.lookup(at, srcKernelMode, srcVm)
    if (typeof e === 'string') fail(ERROR_INVALID_PARAMETER, `cannot alias ${hex(at)}: ${e}`)
    if (((srcKernelMode ? e.kAccess : e.uAccess) & need) !== need) fail(ERROR_INVALID_PARAMETER, `cannot alias ${hex(at)}: page is not ${need & ACCESS_WRITE ? 'writable' : 'readable'}`)
  }
  throw new Error('unreachable: frameRun refused a range whose every page is accessible')
}

/**
 * sourceFrames without the error: the frames, or null when the range cannot be aliased. Performance: the reflector
 * maps every buffer of every call through here, and a hostile caller's unmappable buffer failed by building an
 * ApiError and its message, which nobody reads there (the call just fails with ERROR_INVALID_PARAMETER).
 */
export function frameRun(ms: MemorySystem, srcVm: AddressSpace | null, addr: number, size: number, prot: number, srcKernelMode: boolean, into: Frame[]): Frame[] | null {
  const a = addr >>> 0
  if (!(size > 0) || a + size > 0x100000000) return null
  const first = a >>> PAGE_SHIFT
  const last = (a + size - 1) >>> PAGE_SHIFT
  const need = accessFor(prot)
  const frames = into
  // Stored by index, the length set only when it changes: `frames.length = 0` on every call was a runtime call.
  let k = 0
  for (let vpn = first; vpn <= last; vpn++) {
    const e = ms.lookup((vpn << PAGE_SHIFT) >>> 0, srcKernelMode, srcVm)
    if (typeof e === 'string' || ((srcKernelMode ? e.kAccess : e.uAccess) & need) !== need) return null
    if (k < frames.length) frames[k] = e.frame
    else frames.push(e.frame)
    k++
  }
  if (frames.length !== k) frames.length = k
  return frames
}

const accessFor = (prot: number): number => (prot === PAGE_READWRITE ? ACCESS_READ | ACCESS_WRITE : ACCESS_READ)

/** Release an alias made by aliasUserRange (VirtualFreeEx(addr & ~0xFFFF, 0, MEM_RELEASE)). */
export function releaseAlias(dst: AddressSpace, alias: number): void {
  const r = dst.regionAt(alias >>> 0)
  if (!r) return
  r.guard = ''
  dst.release(r.base)
}
