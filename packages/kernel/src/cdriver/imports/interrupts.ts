// Interrupts, installable ISRs and the OAL's KernelIoControl for C drivers, bound to the kernel's PrivilegedApi:
// a kernel-mode driver reaches the kernel, a udevice's requests go through the reflector's privilege gate, exactly
// as for a TypeScript driver. C pointers to the driver's own globals or stack are relocated into its image.
import type { Ptr } from '../../memory/pointers.js'
import type { BinderTable } from './binder.js'
import { wideArg } from './c-strings.js'

export const coredllInterrupts: BinderTable = {
  InterruptInitialize: (ctx, h) => (idInt, hEvent, pvData, cbData) =>
    ctx.InterruptInitialize(idInt >>> 0, hEvent >>> 0, h.sim(pvData) as Ptr, cbData >>> 0) ? 1 : 0,
  InterruptDone: (ctx) => (idInt) => ctx.InterruptDone(idInt >>> 0),
  InterruptDisable: (ctx) => (idInt) => ctx.InterruptDisable(idInt >>> 0),
  InterruptMask: (ctx) => (idInt, fDisable) => ctx.InterruptMask(idInt >>> 0, fDisable !== 0),
  LoadIntChainHandler: (ctx, h) => (pDll, pEntry, irq) => ctx.LoadIntChainHandler(wideArg(ctx, h, pDll), wideArg(ctx, h, pEntry), irq & 0xff),
  FreeIntChainHandler: (ctx) => (hInstance) => (ctx.FreeIntChainHandler(hInstance >>> 0) ? 1 : 0),
  KernelLibIoControl: (ctx, h) => (hLib, code, pIn, nIn, pOut, nOut, pRet) =>
    ctx.KernelLibIoControl(hLib >>> 0, code >>> 0, h.sim(pIn), nIn >>> 0, h.sim(pOut), nOut >>> 0, h.sim(pRet)) ? 1 : 0,
  KernelIoControl: (ctx, h) => (code, pIn, nIn, pOut, nOut, pRet) =>
    ctx.KernelIoControl(code >>> 0, h.sim(pIn), nIn >>> 0, h.sim(pOut), nOut >>> 0, h.sim(pRet)) ? 1 : 0,
}
