// CE6-P01: in udevice the reflector maps physical memory only inside one IoBase/MemBase window of the driver's key.
// Seen here: a physical range that is a compile-time constant. An address read from the registry
// (DDKReg_GetWindowInfo) or computed at run time is left to the run-time rule.
import type { DriverRegistry } from '../registry-mode.js'
import { numericValue } from '../source/constants.js'
import { callsOf, type CallSite, type FileModel } from '../source/file-model.js'
import type { StaticCheck } from './rule.js'
import { isPhysicalCopy } from './vm-api.js'

interface Window {
  base: number
  length: number
}

interface Mapping {
  phys: number
  size: number | undefined
  /** VirtualCopy and CreateStaticMapping: the window's base widened down to its page (IsSystemAlignedAddrValid). */
  aligned: boolean
}

const PAGE_MASK = 0xfff
const ALTERNATIVE = 'declare the range as an IoBase/IoLen (or MemBase/MemLen) window in the driver key and read it with DDKReg_GetWindowInfo: the reflector maps what lies inside one window'

export const physicalWindow: StaticCheck = {
  ids: ['CE6-P01'],
  check(file, emit) {
    for (const c of callsOf(file, 'MmMapIoSpace', 'VirtualCopy', 'CreateStaticMapping')) {
      const m = mappingOf(file, c)
      const problem = m && problemOf(file.registry, m)
      if (problem) emit({ rule: 'CE6-P01', node: c.node, message: `${c.name} of ${rangeText(m)} ${problem}; a user-mode driver gets ERROR_INVALID_PARAMETER from the reflector. Fix: ${ALTERNATIVE}.` })
    }
  },
}

/** The physical range a call maps, as the kernel reads its arguments (privileged/virtual-memory.ts). */
function mappingOf(file: FileModel, c: CallSite): Mapping | undefined {
  const args = c.node.arguments
  const value = (i: number) => (args[i] ? numericValue(file, args[i]) : undefined)
  const dword = (i: number) => {
    const v = value(i)
    return v === undefined ? undefined : v >>> 0
  }
  if (c.name === 'MmMapIoSpace') {
    const phys = value(0)
    return phys === undefined ? undefined : { phys, size: dword(1), aligned: false }
  }
  if (c.name === 'VirtualCopy' && !isPhysicalCopy(c.node)) return undefined
  // PAGE_PHYSICAL VirtualCopy and CreateStaticMapping take the physical address >> 8.
  const [addr, size] = c.name === 'VirtualCopy' ? [1, 2] : [0, 1]
  const shifted = dword(addr)
  return shifted === undefined ? undefined : { phys: shifted * 256, size: dword(size), aligned: true }
}

/** Why the reflector would refuse the mapping, or undefined when it would map it (or the size is not known). */
function problemOf(reg: DriverRegistry | undefined, m: Mapping): string | undefined {
  if (!reg) return 'is a hard-coded physical address, and no registry key was given to hold its window'
  if (reg.windows.length === 0) return `is a hard-coded physical address, and ${reg.key} declares no IoBase/IoLen or MemBase/MemLen window`
  const size = m.size
  if (size === undefined || reg.windows.some((w) => inside(w, m.phys, size, m.aligned))) return undefined
  return `is not inside one window of ${reg.key} (${reg.windows.map(windowText).join(', ')})`
}

/** services.ts systemValid/alignedValid: [phys, phys+size) inside the window; a window at physical 0 is never valid. */
function inside(w: Window, phys: number, size: number, aligned: boolean): boolean {
  const slack = aligned ? w.base & PAGE_MASK : 0
  const base = w.base - slack
  return base !== 0 && phys >= base && phys + size <= base + w.length + slack
}

const hex = (n: number): string => `0x${n.toString(16).toUpperCase()}`
const windowText = (w: Window): string => `${hex(w.base)}+${hex(w.length)}`
const rangeText = (m: Mapping): string => (m.size === undefined ? `physical ${hex(m.phys)}` : `physical ${hex(m.phys)}+${hex(m.size)}`)
