// VirtualAlloc/VirtualFree/VirtualProtect, VirtualCopy (with PAGE_PHYSICAL), MmMapIoSpace/MmUnmapIoSpace and
// CeVirtualSharedAlloc for a driver module. A kernel-mode module allocates in kernel VM; everything it reserves is
// tagged with the module, so its accesses count as "own" memory and what it forgets is a leak at unload.
// Failures throw ApiError; the API layer turns them into a last error and a failure return.
import { fail } from '../errors/api-error.js'
import { ERROR_INVALID_ADDRESS, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import type { ModuleInstance } from '../devmgr/module.js'
import type { Machine } from '../machine.js'
import type { AddressSpace } from '../memory/address-space.js'
import { PAGE_MASK, PAGE_SHIFT, PAGE_SIZE, VM_KMODE_BASE, VM_SHARED_HEAP_BASE, VM_SHARED_HEAP_BOUND, hex } from '../memory/layout.js'
import { PageKind } from '../memory/page-table.js'
import type { Frame } from '../memory/physical.js'
import { MEM_COMMIT, MEM_DECOMMIT, MEM_RELEASE, MEM_RESERVE, PAGE_NOCACHE, PAGE_PHYSICAL, PAGE_READWRITE } from '../memory/protection.js'
import type { Process } from '../process/process.js'
import { refuseIsolation } from './isolation.js'

/** The address space an address belongs to for a module (kernel VM, the shared heap, or the module's process). */
function spaceFor(m: Machine, mod: ModuleInstance, addr: number): AddressSpace {
  if (addr >= VM_SHARED_HEAP_BASE && addr < VM_SHARED_HEAP_BOUND) {
    // The shared heap is the kernel's, read-only to every process (fact sheet §3): user mode cannot allocate,
    // protect or free there (issue 14 hole 2: a udevice decommitting a kernel driver's block bugchecked the kernel).
    if (mod.process.kind !== 'kernel') refuseIsolation(ERROR_INVALID_PARAMETER, `${hex(addr)} is in the shared heap, read-only to user mode`)
    return m.memory.shared
  }
  if (mod.process.space === null) {
    if (addr !== 0 && addr < VM_KMODE_BASE) fail(ERROR_INVALID_PARAMETER, `${hex(addr)} is not a kernel address`)
    return m.memory.kernel
  }
  return mod.process.space
}

/** The process behind a process handle: CE6 kernel code accepts a process id cast to HANDLE (§8), so ids it is. */
export function processById(m: Machine, pid: number): Process {
  const p = m.processes.get(pid >>> 0)
  if (!p || p.exited) fail(ERROR_INVALID_HANDLE, `${pid} is not a live process id`)
  return p
}

/** A process's user space, or kernel VM for nk.exe. */
export function spaceOf(m: Machine, p: Process): AddressSpace {
  return p.space ?? m.memory.kernel
}

export function virtualAlloc(m: Machine, mod: ModuleInstance, site: string, addr: number, size: number, type: number, prot: number): number {
  if (!(size > 0) || type & ~(MEM_RESERVE | MEM_COMMIT) || !(type & (MEM_RESERVE | MEM_COMMIT))) fail(ERROR_INVALID_PARAMETER, `VirtualAlloc(${hex(addr)}, ${size}, ${hex(type)})`)
  const space = spaceFor(m, mod, addr)
  if (type & MEM_RESERVE || addr === 0) {
    // Reservations are 64 KiB-aligned; the result is the reservation's base.
    const r = space.reserve(addr, size, PageKind.Private, mod.tag, site)
    if (type & MEM_COMMIT) commitOrRelease(space, r.base, addr ? addr >>> 0 : r.base, size, prot)
    return r.base
  }
  space.commit(addr >>> 0, size, prot)
  return (addr - (addr & PAGE_MASK)) >>> 0
}

/** Commit in a reservation just made; if the commit fails, the reservation goes too (nothing leaks). */
export function commitOrRelease(space: AddressSpace, base: number, addr: number, size: number, prot: number): void {
  try {
    space.commit(addr, size, prot)
  } catch (e) {
    space.release(base)
    throw e
  }
}

export function virtualFree(m: Machine, mod: ModuleInstance, addr: number, size: number, type: number): void {
  const space = spaceFor(m, mod, addr)
  if (type === MEM_RELEASE) {
    if (size !== 0) fail(ERROR_INVALID_PARAMETER, 'MEM_RELEASE needs size 0')
    space.release(addr >>> 0)
  } else if (type === MEM_DECOMMIT) space.decommit(addr >>> 0, size)
  else fail(ERROR_INVALID_PARAMETER, `VirtualFree type ${hex(type)}`)
}

export function virtualProtect(m: Machine, mod: ModuleInstance, addr: number, size: number, prot: number): number {
  return spaceFor(m, mod, addr).protect(addr >>> 0, size, prot)
}

/**
 * VirtualCopy(dest, src, size, prot): map at `dest` (reserved, not committed) either physical memory (PAGE_PHYSICAL:
 * `src` is the physical address >> 8) or the frames behind virtual `src`.
 */
export function virtualCopy(m: Machine, mod: ModuleInstance, dest: number, src: number, size: number, prot: number): void {
  copyPages(m, spaceFor(m, mod, dest), dest, src, size, prot, null, mod.process.kind === 'kernel')
}

/**
 * VirtualCopyEx into `dst`: the frames of physical `src << 8` (PAGE_PHYSICAL), or of virtual `src` as seen in
 * `srcVm` (null: the loaded VM) by code of the given mode.
 */
export function copyPages(m: Machine, dst: AddressSpace, dest: number, src: number, size: number, prot: number, srcVm: AddressSpace | null, srcKernelMode: boolean): void {
  if (!(size > 0) || dest & PAGE_MASK) fail(ERROR_INVALID_PARAMETER, `VirtualCopy(${hex(dest)}, ${hex(src)}, ${size}): dest must be page-aligned and size > 0`)
  const pages = Math.ceil(size / PAGE_SIZE)
  const physical = (prot & PAGE_PHYSICAL) !== 0
  const frames = physical ? physicalFrames(m, src * 256, pages) : virtualFrames(m, src >>> 0, pages, srcVm ?? m.sched.vm?.space ?? null, srcKernelMode)
  dst.mapFrames(dest >>> 0, frames, prot & ~(PAGE_PHYSICAL | PAGE_NOCACHE), physical ? PageKind.Physical : PageKind.Alias)
}

function physicalFrames(m: Machine, phys: number, pages: number): Frame[] {
  if (phys & PAGE_MASK || phys + pages * PAGE_SIZE > 0x100000000) fail(ERROR_INVALID_PARAMETER, `physical address ${hex(phys)} is not page-aligned or not 32-bit`)
  const frames: Frame[] = []
  for (let i = 0; i < pages; i++) {
    const f = m.memory.phys.frameAt((phys >>> PAGE_SHIFT) + i)
    if (!f) fail(ERROR_INVALID_PARAMETER, `no RAM or device at physical ${hex(phys + i * PAGE_SIZE)}`)
    frames.push(f)
  }
  return frames
}

function virtualFrames(m: Machine, src: number, pages: number, vm: AddressSpace | null, kernelMode: boolean): Frame[] {
  if (src & PAGE_MASK) fail(ERROR_INVALID_PARAMETER, `source ${hex(src)} is not page-aligned`)
  const frames: Frame[] = []
  for (let i = 0; i < pages; i++) {
    const a = src + i * PAGE_SIZE
    const e = m.memory.lookup(a, kernelMode, vm)
    if (typeof e === 'string') fail(ERROR_INVALID_ADDRESS, `${hex(a)}: ${e}`)
    frames.push(e.frame)
  }
  return frames
}

/** MmMapIoSpace(PhysicalAddress, NumberOfBytes, CacheEnable): a new kernel mapping of a physical range. */
export function mmMapIoSpace(m: Machine, mod: ModuleInstance, site: string, phys: number, size: number, cache: boolean): number {
  return mapIoSpace(m, spaceFor(m, mod, 0), mod.tag, site, phys, size, cache)
}

/** Reserve in `space` and map the physical pages of [phys, phys+size); the result keeps phys's page offset. */
export function mapIoSpace(m: Machine, space: AddressSpace, owner: number, site: string, phys: number, size: number, cache: boolean): number {
  if (!(size > 0) || !Number.isInteger(phys) || phys < 0) fail(ERROR_INVALID_PARAMETER, `MmMapIoSpace(${hex(phys)}, ${size})`)
  const offset = phys & PAGE_MASK
  const base = phys - offset
  const pages = Math.ceil((offset + size) / PAGE_SIZE)
  const frames = physicalFrames(m, base, pages)
  const r = space.reserve(0, pages * PAGE_SIZE, PageKind.Physical, owner, site)
  space.mapFrames(r.base, frames, PAGE_READWRITE | (cache ? 0 : PAGE_NOCACHE), PageKind.Physical)
  return r.base + offset
}

export function mmUnmapIoSpace(m: Machine, mod: ModuleInstance, va: number): void {
  unmapIoSpace(spaceFor(m, mod, va), va)
}

export function unmapIoSpace(space: AddressSpace, va: number): void {
  const r = space.regionAt(va >>> 0)
  if (!r || r.kind !== PageKind.Physical) fail(ERROR_INVALID_PARAMETER, `${hex(va)} is not a mapping made by MmMapIoSpace`)
  space.release(r.base)
}

/**
 * CreateStaticMapping(dwPhysBase, dwSize): a permanent kernel mapping of physical `physShift8 << 8` (for an
 * installable ISR). Owned by the kernel, never a leak; the result keeps the physical page offset.
 */
export function createStaticMapping(m: Machine, site: string, physShift8: number, size: number): number {
  return mapIoSpace(m, m.memory.kernel, 0, site, (physShift8 >>> 0) * 256, size, false)
}

/** CeVirtualSharedAlloc(addr, size, type): memory in the shared heap, writable by the kernel, read-only to processes. */
export function ceVirtualSharedAlloc(m: Machine, mod: ModuleInstance, site: string, addr: number, size: number, type: number): number {
  const space = m.memory.shared
  if (addr && type === MEM_COMMIT) {
    space.commit(addr >>> 0, size, PAGE_READWRITE)
    return addr >>> 0
  }
  const r = space.reserve(addr, size, PageKind.Shared, mod.tag, site)
  if (type & MEM_COMMIT) space.commit(r.base, size, PAGE_READWRITE)
  return r.base
}
