// LockPages/LockPagesEx/UnlockPages (fact sheet §8; kernel mode only). Pages never move or page out in this
// simulation, so locking pins nothing: it checks that every page is committed with the access asked for and
// reports its page frame numbers (the physical address >> 12, i.e. a PFN shift of 12).
import { fail } from '../errors/api-error.js'
import { ERROR_INVALID_PARAMETER, ERROR_NOACCESS } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import type { AddressSpace } from '../memory/address-space.js'
import { PAGE_SHIFT, hex } from '../memory/layout.js'
import { ACCESS_READ, ACCESS_WRITE } from '../memory/protection.js'

export const LOCKFLAG_WRITE = 0x001
export const LOCKFLAG_QUERY_ONLY = 0x002
export const LOCKFLAG_READ = 0x004
/** UserKInfo[KINX_PFN_SHIFT] on this machine: a PFN shifted left by it is the physical page address. */
export const PFN_SHIFT = PAGE_SHIFT

/** The PFNs of [addr, addr+size) in `vm` as kernel code sees it; throws an ApiError if a page is missing. */
export function lockPages(m: Machine, vm: AddressSpace | null, addr: number, size: number, options: number): number[] {
  if (!(size > 0) || options & ~(LOCKFLAG_WRITE | LOCKFLAG_QUERY_ONLY | LOCKFLAG_READ)) fail(ERROR_INVALID_PARAMETER, `LockPages(${hex(addr)}, ${size}, ${hex(options)})`)
  const need = (options & LOCKFLAG_WRITE ? ACCESS_WRITE : 0) | (options & LOCKFLAG_READ ? ACCESS_READ : 0)
  const pfns: number[] = []
  for (let vpn = addr >>> PAGE_SHIFT; vpn <= (addr + size - 1) >>> PAGE_SHIFT; vpn++) {
    const a = (vpn << PAGE_SHIFT) >>> 0
    const e = m.memory.lookup(a, true, vm)
    if (typeof e === 'string') fail(ERROR_NOACCESS, `${hex(a)}: ${e}`)
    if ((e.kAccess & need) !== need) fail(ERROR_NOACCESS, `${hex(a)} is not ${need & ACCESS_WRITE ? 'writable' : 'readable'}`)
    pfns.push(e.frame.ppn)
  }
  return pfns
}
