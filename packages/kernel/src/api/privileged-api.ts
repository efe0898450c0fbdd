// Interrupt APIs and KernelIoControl for drivers (fact sheet §8). A kernel-mode driver may call them directly; the
// user-mode path through the reflector's checks comes with the reflector.
import { fail } from '../errors/api-error.js'
import { ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import type { Ptr } from '../memory/pointers.js'
import { KEvent } from '../process/sync.js'
import { SyncApi } from './sync-api.js'

export abstract class PrivilegedApi extends SyncApi {
  /**
   * InterruptInitialize(idInt, hEvent, pvData, cbData): bind a SYSINTR to an event; the event is set each time the
   * interrupt fires, and the interrupt stays masked until InterruptDone. FALSE with ERROR_INVALID_PARAMETER for an
   * unknown SYSINTR, one already initialized, or a handle that is not an event.
   */
  InterruptInitialize(sysIntr: number, hEvent: number, pvData: Ptr | number = 0, cbData = 0): boolean {
    return this.call('InterruptInitialize', [sysIntr, hEvent, cbData], false, () => {
      const ic = this.m.interrupts
      if (!ic.isValidSysIntr(sysIntr)) fail(ERROR_INVALID_PARAMETER, `SYSINTR ${sysIntr} has no interrupt source`)
      if (ic.isBound(sysIntr)) fail(ERROR_INVALID_PARAMETER, `SYSINTR ${sysIntr} is already initialized`)
      const ev = this.mod.process.handles.get(hEvent)
      if (!(ev instanceof KEvent)) fail(ERROR_INVALID_PARAMETER, `${hEvent} is not an event handle`)
      void pvData
      ic.bind(sysIntr, ev, this.mod.tag)
      return true
    })
  }

  /** InterruptDone(idInt): the IST finished; unmask (a line still asserted fires again). */
  InterruptDone(sysIntr: number): void {
    this.call('InterruptDone', [sysIntr], undefined, () => this.m.interrupts.done(sysIntr))
  }

  /** InterruptDisable(idInt): unbind the SYSINTR from its event. */
  InterruptDisable(sysIntr: number): void {
    this.call('InterruptDisable', [sysIntr], undefined, () => this.m.interrupts.release(sysIntr))
  }

  InterruptMask(sysIntr: number, disable: boolean): void {
    this.call('InterruptMask', [sysIntr, disable ? 1 : 0], undefined, () => this.m.interrupts.mask(sysIntr, disable))
  }

  /** KernelIoControl(dwIoControlCode, lpInBuf, nInBufSize, lpOutBuf, nOutBufSize, lpBytesReturned). */
  KernelIoControl(code: number, pIn: Ptr | number, nIn: number, pOut: Ptr | number, nOut: number, pRet: Ptr | number = 0): boolean {
    return this.callKernel('KernelIoControl', [code, pIn, nIn], false, (t) => this.m.oal.KernelIoControl(t, code, pIn, nIn, pOut, nOut, pRet)) as boolean
  }
}
