// The reflector's services to its user-mode driver: the privilege gate (fact sheet §10.3, behaviour 35; [SRC6]
// reflector.cpp ReflService and CPhysMemoryWindow). In user mode the kernel's interrupt, physical-mapping and ISR
// entry points are NotSupported; coredll sends them to the device manager instead (REL_UDriverProcIoControl), which
// finds the udevice host of the calling process and offers the request to each reflector in it until one accepts
// (CallAnyOneRefService). A reflector accepts only what the driver's own registry key declares, read once at
// activation: the SysIntr, the IoBase/MemBase windows, and Irq/IsrDll/IsrHandler. Anything else is FALSE with
// ERROR_INVALID_PARAMETER, which ReflService sets before it looks at the request.
import type { ModuleInstance } from '../devmgr/module.js'
import { IsolationRefusal } from '../privileged/isolation.js'
import { ApiError, fail } from '../errors/api-error.js'
import { AccessViolation } from '../errors/exceptions.js'
import { ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import type { AddressSpace } from '../memory/address-space.js'
import { IsValidUsrPtr, PAGE_MASK, hex } from '../memory/layout.js'
import { PAGE_PHYSICAL } from '../memory/protection.js'
import { KEvent } from '../process/sync.js'
import type { Thread } from '../process/thread.js'
import { GIISR_DLL, GIISR_ENTRY, GIISR_INFO_SIZE, IOCTL_GIISR_INFO, decodeGiisrInfo } from '../privileged/isr-chain.js'
import { tracePrivileged } from '../privileged/privileged-trace.js'
import { copyPages, createStaticMapping, mapIoSpace } from '../privileged/virtual-memory.js'
import type { RegKey } from '../registry/registry.js'
import { IRQ_UNSPECIFIED, readIsrInfo, readWindowInfo } from '../registry/resources.js'

/** One request of the IOCTL_REF_* family, decoded (the names are the IOCTL_REF_ suffixes). */
export type RefRequest =
  | { kind: 'INTERRUPT_INITIALIZE'; sysIntr: number; hEvent: number; pvData: number; cbData: number }
  | { kind: 'INTERRUPT_DONE' | 'INTERRUPT_DISABLE'; sysIntr: number }
  | { kind: 'INTERRUPT_MASK'; sysIntr: number; disable: boolean }
  | { kind: 'VIRTUAL_COPY'; dest: number; src: number; size: number; protect: number }
  | { kind: 'MNMAPIOSPACE'; phys: number; size: number; cache: boolean }
  | { kind: 'MNUNMAPIOSPACE'; va: number }
  | { kind: 'CREATE_STATIC_MAPPING'; physShift8: number; size: number }
  | { kind: 'LOAD_INT_CHAIN_HANDLER'; dll: string; entry: string; irq: number }
  | { kind: 'FREE_INT_CHAIN_HANDLER'; handle: number }
  | { kind: 'INT_CHAIN_HANDLER_IOCONTROL'; handle: number; code: number; pIn: number; nIn: number; pOut: number; nOut: number; pRet: number }

type Outcome = { ok: true; value: number; reason: string } | { ok: false; reason: string; isolation?: true }

/** A CPhysMemoryWindow: a registry window after TranslateBusAddr. */
interface PhysWindow {
  /** The system physical address (bus translation is the identity here). */
  readonly base: number
  readonly length: number
  readonly from: 'MemBase' | 'IoBase'
  /** After translation: 0 = memory space. This machine has no I/O port space (docs/decisions.md), so always 0. */
  readonly addressSpace: 0 | 1
  /** The range CreateStaticMapping gave for this window (m_pStaticMappedUserPtr), for GIISR port checks. */
  staticPtr: number
  staticLen: number
}

interface IsrConfig {
  sysIntr: number
  irq: number
  isrDll: string
  isrHandler: string
}

export class RefServices {
  /** m_hInterruptHandle: the driver's event, once INTERRUPT_INITIALIZE got past its checks. */
  private interruptEvent: KEvent | null = null
  /** m_hIsrHandle: the installable ISR this reflector loaded. */
  private isrHandle = 0

  private constructor(
    private readonly m: Machine,
    /** The device, for reports. */
    readonly device: string,
    private readonly windows: PhysWindow[],
    private readonly isr: IsrConfig,
    /** Registry values that could not be read (ERROR_INVALID_DATA): their resources are not granted. */
    readonly problems: readonly string[],
  ) {}

  /** Reflector_InitEx: GetIsrInfo and GetWindowInfo of the device key, then InitAccessWindow. */
  static fromKey(m: Machine, key: RegKey, device: string): RefServices {
    const problems: string[] = []
    const win = readWindowInfo(key)
    const windows: PhysWindow[] = []
    if (win.ok) {
      for (const w of win.mem) windows.push({ base: w.base, length: w.length, from: 'MemBase', addressSpace: 0, staticPtr: 0, staticLen: 0 })
      for (const w of win.io) windows.push({ base: w.base, length: w.length, from: 'IoBase', addressSpace: 0, staticPtr: 0, staticLen: 0 })
    } else problems.push(win.message)
    const isrInfo = readIsrInfo(key)
    // The CReflector constructor starts from dwSysintr = dwIrq = 0.
    const isr: IsrConfig = { sysIntr: 0, irq: 0, isrDll: '', isrHandler: '' }
    if (isrInfo.ok) Object.assign(isr, { sysIntr: isrInfo.sysIntr, irq: isrInfo.irq, isrDll: isrInfo.isrDll ?? '', isrHandler: isrInfo.isrHandler ?? '' })
    else problems.push(isrInfo.message)
    return new RefServices(m, device, windows, isr, problems)
  }

  /** ReflService: serve `req` for module `mod` (in the calling udevice), or say why not. */
  serve(t: Thread, mod: ModuleInstance, req: RefRequest): Outcome {
    try {
      return this.dispatch(t, mod, req)
    } catch (e) {
      if (e instanceof IsolationRefusal) return { ok: false, reason: e.message, isolation: true }
      if (e instanceof ApiError) return { ok: false, reason: e.message }
      throw e
    }
  }

  /** ~CReflector: forget the interrupt event, free the installable ISR. Static mappings are permanent. */
  dispose(): void {
    this.interruptEvent = null
    if (this.isrHandle && this.m.interrupts.chain.get(this.isrHandle)) this.m.interrupts.chain.free(this.isrHandle)
    this.isrHandle = 0
  }

  private dispatch(t: Thread, mod: ModuleInstance, req: RefRequest): Outcome {
    switch (req.kind) {
      case 'INTERRUPT_INITIALIZE':
        return this.interruptInitialize(mod, req.sysIntr, req.hEvent, req.pvData, req.cbData)
      case 'INTERRUPT_DONE':
        this.ownSysIntr(req.sysIntr)
        this.m.interrupts.done(req.sysIntr)
        return granted(0, `SYSINTR ${req.sysIntr} is the key's SysIntr`)
      case 'INTERRUPT_DISABLE':
        if (!this.interruptEvent) return refused('the interrupt was not initialized through this reflector')
        this.ownSysIntr(req.sysIntr)
        this.m.interrupts.release(req.sysIntr)
        this.interruptEvent = null
        return granted(0, `SYSINTR ${req.sysIntr} is the key's SysIntr`)
      case 'INTERRUPT_MASK':
        this.ownSysIntr(req.sysIntr)
        this.m.interrupts.mask(req.sysIntr, req.disable)
        return granted(0, `SYSINTR ${req.sysIntr} is the key's SysIntr`)
      case 'VIRTUAL_COPY':
        return this.virtualCopy(mod, req.dest, req.src, req.size, req.protect)
      case 'MNMAPIOSPACE':
        return this.mmMapIoSpace(t, mod, req.phys, req.size, req.cache)
      case 'MNUNMAPIOSPACE':
        return this.mmUnmapIoSpace(mod, req.va)
      case 'CREATE_STATIC_MAPPING':
        return this.createStaticMapping(t, req.physShift8, req.size)
      case 'LOAD_INT_CHAIN_HANDLER':
        return this.loadIntChainHandler()
      case 'FREE_INT_CHAIN_HANDLER':
        if (!req.handle || req.handle !== this.isrHandle) return refused(`${hex(req.handle)} is not the ISR this reflector loaded`)
        this.m.interrupts.chain.free(this.isrHandle)
        this.isrHandle = 0
        return granted(0, 'the ISR this reflector loaded')
      case 'INT_CHAIN_HANDLER_IOCONTROL':
        return this.intChainHandlerIoControl(mod, req)
    }
  }

  private ownSysIntr(sysIntr: number): void {
    if (sysIntr >>> 0 !== this.isr.sysIntr) fail(ERROR_INVALID_PARAMETER, `SYSINTR ${sysIntr >>> 0} is not the SysIntr of the driver's key (${this.isr.sysIntr})`)
  }

  /** Only the key's SysIntr, once; the event is the caller's; pvData is marshalled (CeOpenCallerBuffer, ARG_I_BIT). */
  private interruptInitialize(mod: ModuleInstance, sysIntr: number, hEvent: number, pvData: number, cbData: number): Outcome {
    // reflector.cpp refuses both cases alike; the SysIntr is tested first so the reason names the driver's real
    // mistake (a second InterruptInitialize for another SYSINTR is not a repeat of the first).
    this.ownSysIntr(sysIntr)
    if (this.interruptEvent) return refused(`SYSINTR ${sysIntr >>> 0} is already initialized through this reflector`)
    const ev = mod.process.handles.get(hEvent)
    if (!(ev instanceof KEvent)) return refused(`${hex(hEvent)} is not an event handle of ${mod.process.name}`)
    // As reflector.cpp, the event is kept even if the real InterruptInitialize below fails: no second attempt.
    this.interruptEvent = ev
    if (pvData && cbData) readUser(this.m, mod, pvData, cbData >>> 0, 'pvData')
    this.m.interrupts.initialize(sysIntr, ev, mod.tag)
    return granted(0, `SYSINTR ${sysIntr} is the key's SysIntr`)
  }

  /** PAGE_PHYSICAL only, into the caller's user range, from inside one window (page-aligned bounds). */
  private virtualCopy(mod: ModuleInstance, dest: number, src: number, size: number, protect: number): Outcome {
    if (!(protect & PAGE_PHYSICAL)) return refused('VirtualCopy without PAGE_PHYSICAL')
    if (!IsValidUsrPtr(dest >>> 0, size >>> 0, true)) return refused(`destination ${hex(dest)}+${size >>> 0} fails IsValidUsrPtr(…, TRUE)`)
    const phys = (src >>> 0) * 256
    const w = this.windows.find((x) => alignedValid(x, phys, size >>> 0))
    if (!w) return refused(`physical ${hex40(phys)}+${size >>> 0} is not inside a window of the driver's key${this.windowList()}`)
    copyPages(this.m, userSpace(mod), dest >>> 0, src >>> 0, size >>> 0, protect, null, true)
    return granted(1, `inside ${describe(w)}`)
  }

  /** The whole range inside a memory-space window (no page rounding); mapped into the calling udevice. */
  private mmMapIoSpace(t: Thread, mod: ModuleInstance, phys: number, size: number, cache: boolean): Outcome {
    if ((size >>> 0) + (phys & PAGE_MASK) > 0xffffffff) return refused('size overflows when page-aligned')
    const w = this.windows.find((x) => systemValid(x, phys, size >>> 0))
    if (!w) return refused(`physical ${hex40(phys)}+${size >>> 0} is not inside a window of the driver's key${this.windowList()}`)
    const va = mapIoSpace(this.m, userSpace(mod), mod.tag, t.frame.label, phys, size >>> 0, cache)
    return granted(va, `inside ${describe(w)}`)
  }

  /** VirtualFreeEx(caller, va & ~(PAGE_SIZE-1), 0, MEM_RELEASE), whatever it gives: TRUE. */
  private mmUnmapIoSpace(mod: ModuleInstance, va: number): Outcome {
    const space = userSpace(mod)
    const base = (va & ~PAGE_MASK) >>> 0
    if (space.regionAt(base)?.base === base) space.release(base)
    return granted(1, 'unmap in the caller')
  }

  /** Inside a window (page-aligned bounds), one static mapping per window; the range is kept for GIISR. */
  private createStaticMapping(t: Thread, physShift8: number, size: number): Outcome {
    const phys = (physShift8 >>> 0) * 256
    const matching = this.windows.filter((x) => alignedValid(x, phys, size >>> 0))
    const w = matching.find((x) => x.staticPtr === 0)
    if (!w) {
      return refused(matching.length ? `${describe(matching[0]!)} already has its static mapping` : `physical ${hex40(phys)}+${size >>> 0} is not inside a window of the driver's key${this.windowList()}`)
    }
    const mapped = createStaticMapping(this.m, t.frame.label, physShift8, size >>> 0)
    // reflector.cpp: the part of the mapping that covers the window.
    const skip = phys <= w.base ? w.base - phys : phys - w.base
    w.staticPtr = phys <= w.base ? mapped + skip : mapped
    w.staticLen = size >>> 0 >= skip ? Math.min(w.length, (size >>> 0) - skip) : 0
    return granted(mapped, `inside ${describe(w)}`)
  }

  /** The caller's DLL, entry and IRQ are ignored: only the key's giisr.dll/ISRHandler on its Irq, once. */
  private loadIntChainHandler(): Outcome {
    if (this.isrHandle) return refused('this reflector already loaded its installable ISR')
    const { irq, isrDll, isrHandler } = this.isr
    if (irq === 0 || irq === IRQ_UNSPECIFIED) return refused("the driver's key has no Irq")
    if (isrDll.toLowerCase() !== GIISR_DLL || isrHandler.toLowerCase() !== GIISR_ENTRY.toLowerCase()) {
      return refused(`the key's IsrDll/IsrHandler are "${isrDll}"/"${isrHandler}", not ${GIISR_DLL}/${GIISR_ENTRY}`)
    }
    this.isrHandle = this.m.interrupts.chain.load(isrDll, isrHandler, irq & 0xff, 0).handle
    return granted(this.isrHandle, `${isrDll}!${isrHandler} on IRQ ${irq} from the driver's key`)
  }

  /** Only IOCTL_GIISR_INFO on the ISR it loaded, no output, ports inside an I/O window or the static mapping. */
  private intChainHandlerIoControl(mod: ModuleInstance, r: Extract<RefRequest, { kind: 'INT_CHAIN_HANDLER_IOCONTROL' }>): Outcome {
    if (!this.isrHandle || r.handle !== this.isrHandle) return refused(`${hex(r.handle)} is not the ISR this reflector loaded`)
    if (r.code >>> 0 !== IOCTL_GIISR_INFO) return refused(`IOCTL ${hex(r.code)} is not IOCTL_GIISR_INFO`)
    if ((r.nIn >>> 0) < GIISR_INFO_SIZE) return refused(`${r.nIn >>> 0} input bytes, GIISR_INFO needs ${GIISR_INFO_SIZE}`)
    if (r.pOut || r.nOut || r.pRet) return refused('GIISR_INFO takes no output buffer or bytes-returned')
    const bytes = readUser(this.m, mod, r.pIn, GIISR_INFO_SIZE, 'GIISR_INFO')
    const info = decodeGiisrInfo(bytes)
    if (info.CheckPort) {
      const ports = info.UseMaskReg ? [info.PortAddr, info.MaskAddr] : [info.PortAddr]
      for (const a of ports) {
        if (!this.validStatic(a, info.PortSize, info.PortIsIO)) {
          return refused(`port ${hex(a)}+${info.PortSize} is not inside ${info.PortIsIO ? 'an I/O-space window (this machine has none)' : 'a static mapping of a window'}`)
        }
      }
    }
    this.m.interrupts.chain.ioControl(this.isrHandle, IOCTL_GIISR_INFO, bytes)
    return granted(1, info.CheckPort ? 'ports inside the windows' : 'no port check asked')
  }

  /** CPhysMemoryWindow::IsValidStaticAddr over every window. */
  private validStatic(addr: number, size: number, io: boolean): boolean {
    return this.windows.some((w) =>
      io
        ? w.base !== 0 && w.addressSpace !== 0 && addr >= w.base && addr + size <= w.base + w.length
        : w.staticPtr !== 0 && w.addressSpace === 0 && addr >= w.staticPtr && addr + size <= w.staticPtr + w.staticLen,
    )
  }

  private windowList(): string {
    if (this.problems.length) return ` (${this.problems.join('; ')})`
    return this.windows.length ? ` (${this.windows.map(describe).join(', ')})` : ' (it declares none)'
  }
}

/**
 * CallAnyOneRefService: the host of the calling process offers `req` to each of its reflectors until one accepts.
 * Returns the service's value; throws ERROR_INVALID_PARAMETER when none does. Both outcomes are traced.
 */
export function callAnyOneRefService(m: Machine, t: Thread, mod: ModuleInstance, api: string, firstArg: number, req: RefRequest): number {
  const host = m.udevices.of(mod.process)
  const reasons: string[] = []
  let isolation = false
  for (const r of host?.reflectors ?? []) {
    if (!r.services) continue
    const o = r.services.serve(t, mod, req)
    if (o.ok) {
      tracePrivileged(m, api, true, firstArg, 0, { reason: o.reason, driver: mod.dll, path: 'reflector', request: req.kind, reflector: r.services.device })
      return o.value
    }
    isolation ||= o.isolation === true
    reasons.push(host!.reflectors.size > 1 ? `${r.services.device}: ${o.reason}` : o.reason)
  }
  const reason = reasons.join('; ') || `${mod.process.name} is not a udevice host with a reflector`
  // A request aimed at the reflector's own parameter window is an isolation attempt, not a window question (CE6-P07).
  tracePrivileged(m, api, false, firstArg, ERROR_INVALID_PARAMETER, { reason, driver: mod.dll, path: 'reflector', request: isolation ? 'isolation' : req.kind })
  return fail(ERROR_INVALID_PARAMETER, `${api} refused by the reflector: ${reason}`)
}

function granted(value: number, reason: string): Outcome {
  return { ok: true, value, reason }
}

function refused(reason: string): Outcome {
  return { ok: false, reason }
}

/** CPhysMemoryWindow::IsSystemAddrValid: the exact range, memory space, a non-zero window. */
function systemValid(w: PhysWindow, phys: number, size: number): boolean {
  return w.base !== 0 && w.addressSpace === 0 && phys >= w.base && phys + size <= w.base + w.length
}

/** IsSystemAlignedAddrValid: the window widened down to its page boundary. */
function alignedValid(w: PhysWindow, phys: number, size: number): boolean {
  const base = w.base - (w.base & PAGE_MASK)
  const len = w.length + (w.base & PAGE_MASK)
  return base !== 0 && w.addressSpace === 0 && phys >= base && phys + size <= base + len
}

function describe(w: PhysWindow): string {
  return `${w.from} window ${hex(w.base)}+${hex(w.length)}`
}

function hex40(n: number): string {
  return n > 0xffffffff ? '0x' + n.toString(16).toUpperCase() : hex(n)
}

function userSpace(mod: ModuleInstance): AddressSpace {
  const s = mod.process.space
  if (!s) fail(ERROR_INVALID_PARAMETER, `${mod.process.name} has no user address space`)
  return s
}

/** Caller memory as the reflector's CeOpenCallerBuffer reads it from a udevice caller: user rules, its VM. */
function readUser(m: Machine, mod: ModuleInstance, addr: number, size: number, what: string): Uint8Array {
  if (!addr || !IsValidUsrPtr(addr >>> 0, size, false)) fail(ERROR_INVALID_PARAMETER, `${what} ${hex(addr)}+${size} is not a user buffer`)
  const out = new Uint8Array(size)
  try {
    m.memory.copy(addr >>> 0, out, false, false, userSpace(mod))
  } catch (e) {
    if (e instanceof AccessViolation) fail(ERROR_INVALID_PARAMETER, `${what} ${hex(addr)}+${size} is not readable in ${mod.process.name}`)
    throw e
  }
  return out
}
