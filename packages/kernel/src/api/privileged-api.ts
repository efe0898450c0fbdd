// Interrupt APIs, installable ISRs and KernelIoControl for drivers (fact sheet §8). A kernel-mode driver calls the
// kernel directly; in user mode these kernel entry points are NotSupported, and coredll sends the requests to the
// reflector instead, which grants them only for the driver's registry resources (reflector/services.ts, §10.3).
import { machineOf, moduleOf } from './base.js'
import { fail } from '../errors/api-error.js'
import { AccessViolation } from '../errors/exceptions.js'
import { ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import type { Ptr } from '../memory/pointers.js'
import { KEvent } from '../process/sync.js'
import type { Thread } from '../process/thread.js'
import { SyncApi } from './sync-api.js'

/** KernelLibIoControl's module handles (KMOD_*): small numbers, not ISR instances. */
export const KMOD_CORE = 1
export const KMOD_OAL = 5
export const KMOD_MAX = 6

type PtrArg = Ptr | number

export abstract class PrivilegedApi extends SyncApi {
  /**
   * InterruptInitialize(idInt, hEvent, pvData, cbData): bind a SYSINTR to an event; the event is set each time the
   * interrupt fires, and the interrupt stays masked until InterruptDone. FALSE with ERROR_INVALID_PARAMETER for an
   * unknown SYSINTR, one already initialized, or a handle that is not an event. In user mode: only the SysIntr of
   * the driver's key, once.
   */
  InterruptInitialize(sysIntr: number, hEvent: number, pvData: PtrArg = 0, cbData = 0): boolean {
    return this.call('InterruptInitialize', [sysIntr, hEvent, cbData], false, (t) => {
      if (this.userMode(t)) {
        this.refService(t, 'InterruptInitialize', sysIntr, { kind: 'INTERRUPT_INITIALIZE', sysIntr, hEvent, pvData: pvData >>> 0, cbData })
        return true
      }
      // pvData/cbData are data for an installable ISR; no ISR logic runs here, so they are accepted and unused.
      this.direct(t, 'InterruptInitialize', sysIntr, () => {
        const ev = moduleOf(this).process.handles.get(hEvent)
        if (!(ev instanceof KEvent)) fail(ERROR_INVALID_PARAMETER, `${hEvent} is not an event handle`)
        machineOf(this).interrupts.initialize(sysIntr, ev, moduleOf(this).tag)
      })
      return true
    })
  }

  /** InterruptDone(idInt): the IST finished; unmask (a line still asserted fires again). */
  InterruptDone(sysIntr: number): void {
    this.call('InterruptDone', [sysIntr], undefined, (t) => {
      if (this.userMode(t)) this.refService(t, 'InterruptDone', sysIntr, { kind: 'INTERRUPT_DONE', sysIntr })
      else machineOf(this).interrupts.done(sysIntr)
    })
  }

  /** InterruptDisable(idInt): unbind the SYSINTR from its event. */
  InterruptDisable(sysIntr: number): void {
    this.call('InterruptDisable', [sysIntr], undefined, (t) => {
      if (this.userMode(t)) this.refService(t, 'InterruptDisable', sysIntr, { kind: 'INTERRUPT_DISABLE', sysIntr })
      else this.direct(t, 'InterruptDisable', sysIntr, () => machineOf(this).interrupts.release(sysIntr))
    })
  }

  InterruptMask(sysIntr: number, disable: boolean): void {
    this.call('InterruptMask', [sysIntr, disable ? 1 : 0], undefined, (t) => {
      if (this.userMode(t)) this.refService(t, 'InterruptMask', sysIntr, { kind: 'INTERRUPT_MASK', sysIntr, disable })
      else machineOf(this).interrupts.mask(sysIntr, disable)
    })
  }

  /**
   * LoadIntChainHandler(lpszFileName, lpszFunctionName, bIRQ): hook an installable ISR on an IRQ; its handle, or 0.
   * In user mode the arguments are ignored: the reflector loads the key's IsrDll/IsrHandler on its Irq, if they are
   * giisr.dll/ISRHandler, once.
   */
  LoadIntChainHandler(dll: string, entry: string, irq: number): number {
    return this.call('LoadIntChainHandler', [irq], 0, (t) => {
      if (this.userMode(t)) return this.refService(t, 'LoadIntChainHandler', irq, { kind: 'LOAD_INT_CHAIN_HANDLER', dll, entry, irq })
      return this.direct(t, 'LoadIntChainHandler', irq, () => machineOf(this).interrupts.chain.load(dll, entry, irq, moduleOf(this).tag).handle)
    })
  }

  FreeIntChainHandler(handle: number): boolean {
    return this.call('FreeIntChainHandler', [handle], false, (t) => {
      if (this.userMode(t)) this.refService(t, 'FreeIntChainHandler', handle, { kind: 'FREE_INT_CHAIN_HANDLER', handle: handle >>> 0 })
      else this.direct(t, 'FreeIntChainHandler', handle, () => machineOf(this).interrupts.chain.free(handle))
      return true
    })
  }

  /**
   * KernelLibIoControl(hLib, dwIoControlCode, lpInBuf, nInBufSize, lpOutBuf, nOutBufSize, lpBytesReturned). hLib is
   * an installable ISR (IOCTL_GIISR_INFO; in user mode through the reflector's checks) or KMOD_OAL (KernelIoControl,
   * with the user-mode allow-list). Other KMOD_* modules are not simulated (ERROR_NOT_SUPPORTED).
   */
  KernelLibIoControl(hLib: number, code: number, pIn: PtrArg, nIn: number, pOut: PtrArg, nOut: number, pRet: PtrArg = 0): boolean {
    if (hLib === KMOD_OAL) return this.KernelIoControl(code, pIn, nIn, pOut, nOut, pRet)
    return this.call('KernelLibIoControl', [hLib, code, nIn], false, (t) => {
      if (hLib > 0 && hLib <= KMOD_MAX) this.notSupported(t, 'KernelLibIoControl', hLib, `KMOD ${hLib} is not simulated`)
      if (this.userMode(t)) {
        const req = { kind: 'INT_CHAIN_HANDLER_IOCONTROL', handle: hLib >>> 0, code, pIn: pIn >>> 0, nIn, pOut: pOut >>> 0, nOut, pRet: pRet >>> 0 } as const
        return this.refService(t, 'KernelLibIoControl', hLib, req) !== 0
      }
      this.direct(t, 'KernelLibIoControl', hLib, () => machineOf(this).interrupts.chain.ioControl(hLib, code, this.kernelInput(t, pIn >>> 0, nIn >>> 0)))
      return true
    })
  }

  /** KernelIoControl(dwIoControlCode, lpInBuf, nInBufSize, lpOutBuf, nOutBufSize, lpBytesReturned). User mode (a
   *  udevice driver, whose frame is user mode) passes only the oalioctl allow-list (behaviour 20). */
  KernelIoControl(code: number, pIn: PtrArg, nIn: number, pOut: PtrArg, nOut: number, pRet: PtrArg = 0): boolean {
    return this.callKernel('KernelIoControl', [code, pIn, nIn], false, (t) => machineOf(this).oal.KernelIoControl(t, code, pIn, nIn, pOut, nOut, pRet)) as boolean
  }

  private kernelInput(_t: Thread, p: number, n: number): Uint8Array {
    const buf = new Uint8Array(n)
    if (!n) return buf
    try {
      machineOf(this).kernelCopy(p, buf, false)
    } catch (e) {
      if (e instanceof AccessViolation) fail(ERROR_INVALID_PARAMETER, `input buffer ${p}+${n} is not readable`)
      throw e
    }
    return buf
  }
}
