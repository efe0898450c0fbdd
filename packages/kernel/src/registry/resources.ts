// A driver key's hardware resources as ceddk's DDKReg_GetWindowInfo and DDKReg_GetIsrInfo read them
// (fact sheet §9.4; [SRC6] DRIVERS/DEVLOAD/memcfg.cpp and isrcfg.cpp). The reflector's privilege gate and the
// drivers themselves see resources only through these readers, so they follow the CE6 code closely.

import { ERROR_INVALID_DATA } from '../errors/win32.js'
import type { RegKey } from './registry.js'
import { REG_DWORD, REG_MULTI_SZ, REG_NONE, REG_SZ, regTypeName } from './values.js'
import type { RegValue } from './values.js'

export interface DeviceWindow {
  base: number
  length: number
}

/** ddkreg.h: DDKWINDOWINFO has room for 6 I/O and 6 memory windows; list entries past the 6th are ignored. */
export const MAX_DEVICE_WINDOWS = 6

/** isrcfg.cpp: dwIrq when the key has no Irq value. */
export const IRQ_UNSPECIFIED = 0xffffffff
/** nkintr.h: dwSysintr when the key has no SysIntr value. */
export const SYSINTR_NOP = 0
/** InterfaceTypeUndefined is -1 in the INTERFACE_TYPE enum; DDKWINDOWINFO stores it in a DWORD, so it reads
 *  back as 0xFFFFFFFF, and registry DWORDs here are unsigned — the constant is that unsigned form. */
export const InterfaceTypeUndefined = 0xffffffff

export type WindowInfo =
  | { ok: true; io: DeviceWindow[]; mem: DeviceWindow[]; interfaceType: number; busNumber: number }
  | { ok: false; error: number /* ERROR_INVALID_DATA */; message: string }

export type IsrInfo =
  | { ok: true; irq: number; sysIntr: number; isrDll?: string; isrHandler?: string }
  | { ok: false; error: number; message: string }

/** Thrown by the helpers below and turned into { ok: false } by the two readers. */
class InvalidData extends Error {}

/**
 * DDKReg_GetWindowInfo: BusNumber (default 0) and InterfaceType (default InterfaceTypeUndefined), then the
 * MemBase/MemLen windows, then IoBase/IoLen. A value of the wrong type, or a bad pair of window values, gives
 * ERROR_INVALID_DATA with a message naming the key, the values and what is wrong.
 */
export function readWindowInfo(key: RegKey): WindowInfo {
  try {
    const busNumber = readDword(key, 'BusNumber', 0)
    const interfaceType = readDword(key, 'InterfaceType', InterfaceTypeUndefined)
    const mem = readWindowList(key, 'MemBase', 'MemLen')
    const io = readWindowList(key, 'IoBase', 'IoLen')
    return { ok: true, io, mem, interfaceType, busNumber }
  } catch (e) {
    if (e instanceof InvalidData) return { ok: false, error: ERROR_INVALID_DATA, message: `${key.path}: ${e.message}` }
    throw e
  }
}

/**
 * DDKReg_GetIsrInfo: Irq (default IRQ_UNSPECIFIED) and SysIntr (default SYSINTR_NOP) as REG_DWORD, IsrHandler
 * and IsrDll as REG_SZ; IsrDll and IsrHandler must both be set or both absent (an empty string counts as
 * absent, as the C code tests the first character). Any other type is ERROR_INVALID_DATA. isrcfg.cpp's header
 * comment says an IRQ is required with an ISR DLL, but its code does not check it, so neither does this.
 */
export function readIsrInfo(key: RegKey): IsrInfo {
  try {
    const irq = readDword(key, 'Irq', IRQ_UNSPECIFIED)
    const sysIntr = readDword(key, 'SysIntr', SYSINTR_NOP)
    const isrHandler = readSz(key, 'IsrHandler')
    const isrDll = readSz(key, 'IsrDll')
    if ((isrDll === '') !== (isrHandler === '')) {
      const [set, unset] = isrDll === '' ? ['IsrHandler', 'IsrDll'] : ['IsrDll', 'IsrHandler']
      throw new InvalidData(`${nameIn(key, set)} is set but ${nameIn(key, unset)} is not; an installable ISR needs both`)
    }
    return isrDll === '' ? { ok: true, irq, sysIntr } : { ok: true, irq, sysIntr, isrDll, isrHandler }
  } catch (e) {
    if (e instanceof InvalidData) return { ok: false, error: ERROR_INVALID_DATA, message: `${key.path}: ${e.message}` }
    throw e
  }
}

/** The value's name as the key spells it ('IOBase'), else the name asked for. */
function nameIn(key: RegKey, name: string): string {
  return key.valueName(name) ?? name
}

function wrongType(key: RegKey, name: string, v: RegValue, want: number): InvalidData {
  return new InvalidData(`${nameIn(key, name)} is ${regTypeName(v.type)}, expected ${regTypeName(want)}`)
}

function readDword(key: RegKey, name: string, fallback: number): number {
  const v = key.getValue(name)
  if (!v) return fallback
  if (v.type !== REG_DWORD) throw wrongType(key, name, v, REG_DWORD)
  return v.data
}

/** '' when absent. */
function readSz(key: RegKey, name: string): string {
  const v = key.getValue(name)
  if (!v) return ''
  if (v.type !== REG_SZ) throw wrongType(key, name, v, REG_SZ)
  return v.data
}

/**
 * memcfg.cpp RegReadWindowList. Both values absent: no windows. One REG_DWORD each: one window. One REG_MULTI_SZ
 * each: a window per hex entry, up to MAX_DEVICE_WINDOWS. memcfg.cpp treats a missing value as type REG_NONE and
 * then compares the two types, so a value actually stored as REG_NONE counts as missing here too.
 */
function readWindowList(key: RegKey, baseName: string, lenName: string): DeviceWindow[] {
  const base = key.getValue(baseName)
  const len = key.getValue(lenName)
  const baseType = base?.type ?? REG_NONE
  const lenType = len?.type ?? REG_NONE
  const names = `${nameIn(key, baseName)} and ${nameIn(key, lenName)}`
  if (baseType !== lenType) {
    const what = (v: RegValue | undefined, n: string): string => (v ? `${nameIn(key, n)} is ${regTypeName(v.type)}` : `${n} is not set`)
    throw new InvalidData(`${what(base, baseName)} but ${what(len, lenName)}; ${names} must both be REG_DWORD (one window) or both REG_MULTI_SZ (hex strings, one per window)`)
  }
  if (base?.type === REG_DWORD && len?.type === REG_DWORD) return [{ base: base.data, length: len.data }]
  if (base?.type === REG_MULTI_SZ && len?.type === REG_MULTI_SZ) return windowsFromLists(names, base.data, len.data)
  if (baseType === REG_NONE) return []
  // Deviation: memcfg.cpp would parse any other matching pair (two REG_SZ, say) as if it were REG_MULTI_SZ text;
  // the documented formats are DWORD and MULTI_SZ only, so anything else is reported as invalid.
  throw new InvalidData(`${names} are both ${regTypeName(baseType)}; they must be REG_DWORD (one window) or REG_MULTI_SZ (hex strings, one per window)`)
}

function windowsFromLists(names: string, bases: string[], lengths: string[]): DeviceWindow[] {
  const b = parseHexList(bases)
  const l = parseHexList(lengths)
  if (b.length !== l.length) {
    throw new InvalidData(`${names} list different numbers of windows (${b.length} bases, ${l.length} lengths after skipping entries that are not hex numbers)`)
  }
  return b.map((base, i) => ({ base, length: l[i]! }))
}

/**
 * The entries that parse as hex numbers, at most MAX_DEVICE_WINDOWS of them. The fact sheet (§9.4) and the
 * project brief say unparseable entries are skipped, and that is what this does. Note that memcfg.cpp's loop
 * does not advance past a bad entry, so on CE6 the list effectively ends at the first bad entry (the later
 * ones are never read); this only differs for lists that contain a bad entry followed by good ones.
 */
export function parseHexList(entries: string[]): number[] {
  const out: number[] = []
  for (const s of entries) {
    if (out.length === MAX_DEVICE_WINDOWS) break
    const n = wcstoul16(s)
    if (n !== undefined) out.push(n)
  }
  return out
}

/**
 * wcstoul(s, &end, 16) accepted only when *end is the terminating NUL, as memcfg.cpp requires: optional
 * leading white space, an optional sign, an optional 0x/0X, at least one hex digit and nothing after.
 * Overflow saturates at 0xFFFFFFFF (ULONG_MAX); '-' negates modulo 2^32, as the C runtime does.
 */
export function wcstoul16(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)$/.exec(s)
  if (!m) return undefined
  const n = parseInt(m[2]!, 16)
  if (n > 0xffffffff) return 0xffffffff
  return m[1] === '-' ? -n >>> 0 : n
}
