// The attacks CE6 (and the machine) already stopped before issue 14, each as a user-mode driver that tries it:
// VirtualCopy of kernel addresses, Read/WriteProcessMemory of the kernel, CeOpenCallerBuffer of a kernel address,
// widening its registry window, ranges that wrap, CreateStaticMapping twice, GIISR ports outside its window, stale
// pointers, another process's function table. Each reports 1 in its output DWORD when it got what it was after.
import {
  ARG_I_PTR,
  AccessViolation,
  GIISR_INFO_SIZE,
  HKEY_LOCAL_MACHINE,
  IOCTL_GIISR_INFO,
  MEM_RELEASE,
  MEM_RESERVE,
  PAGE_READWRITE,
  encodeGiisrInfo,
  type DriverContext,
  type ParamPtr,
} from '@cedk/kernel'
import { KEY, corpusDriver, type Scenario } from '../../harness.js'
import { IRQ, REGS_BASE, RESOURCES, SYSINTR, registers } from '../../registers.js'
import { ask, asking, type Attack } from './attack.js'
import { HELPER_KEY, helperAddresses, ringHelper } from './kernel-helper.js'

const withHelper = { modules: [ringHelper], helpers: () => [HELPER_KEY] }
const withWindow = { values: RESOURCES, hardware: registers }
const report = (ctx: DriverContext, pOut: ParamPtr, got: boolean): boolean => (ctx.mem.writeU32(pOut, got ? 1 : 0), true)

function attack(what: string, dll: string, rules: readonly string[], body: (ctx: DriverContext, pIn: ParamPtr, code: number) => boolean | Promise<boolean>, extra = {}, codes = [1]): Attack {
  const outcomes: number[] = []
  const driver = corpusDriver(dll, (ctx) => ({
    IOControl: async (_h: number, code: number, pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => report(ctx, pOut, await body(ctx, pIn, code)),
  }))
  return { what, driver, scenario: asking(outcomes, codes, extra), rules, outcomes }
}

export const virtualCopyKernel = attack('VirtualCopy of a kernel address into its own range', 'vcopy.dll', ['CE6-P05'], async (ctx) => {
  const { status } = await helperAddresses(ctx)
  const dest = ctx.VirtualAlloc(0, 0x1000, MEM_RESERVE, PAGE_READWRITE)
  const ok = ctx.VirtualCopy(dest, status & ~0xfff, 0x1000, PAGE_READWRITE)
  ctx.VirtualFree(dest, 0, MEM_RELEASE)
  return ok
}, withHelper)

export const readKernelMemory = attack('ReadProcessMemory of the kernel', 'rpm.dll', ['CE6-P07'], async (ctx) => {
  const { status } = await helperAddresses(ctx)
  const buf = ctx.LocalAlloc(0, 16)
  const ok = ctx.ReadProcessMemory(1, status, buf, 16)
  ctx.LocalFree(buf)
  return ok
}, withHelper)

export const openKernelAddress: Attack = {
  ...attack('CeOpenCallerBuffer of a kernel address', 'openk.dll', [], async (ctx) => {
    const { status } = await helperAddresses(ctx)
    return ctx.CeOpenCallerBuffer(status, 16, ARG_I_PTR, false).ptr !== 0
  }, withHelper),
  // Stopped (E_ACCESSDENIED), and rightly not a violation: an application may put a kernel address in a request, and
  // a user-mode driver refusing it is CE6 doing its job (issue 12 item 1: CE6-U04 needs a kernel-mode sender). The
  // verifier cannot tell an address the driver found for itself from one its caller sent (values carry no origin).
  unflagged: 'refused with E_ACCESSDENIED, as for a kernel address an application sends: no rule is broken',
}

export const widenWindow = attack('widens MemLen in its own device key', 'widen.dll', ['CE6-P06'], (ctx) => {
  const { hKey } = ctx.RegOpenKeyEx(HKEY_LOCAL_MACHINE, KEY)
  const err = ctx.RegSetValueEx(hKey, 'MemLen', { type: 4, data: 0x100000 })
  ctx.RegCloseKey(hKey)
  return err === 0
}, withWindow)

export const wrappingRange = attack('MmMapIoSpace of a range that wraps past 4 GiB', 'wrap.dll', ['CE6-P01'], (ctx) => ctx.MmMapIoSpace(REGS_BASE, 0xfffff000, false) !== 0, withWindow)

export const staticTwice = attack('CreateStaticMapping of its window twice', 'static.dll', ['CE6-P01'], (ctx) => {
  const first = ctx.CreateStaticMapping(REGS_BASE >>> 8, 0x100)
  return first !== 0 && ctx.CreateStaticMapping(REGS_BASE >>> 8, 0x100) !== 0
}, withWindow)

export const giisrPort = attack("GIISR port outside the window's static mapping", 'giisr.dll', ['CE6-P03'], (ctx) => {
  const isr = ctx.LoadIntChainHandler('giisr.dll', 'ISRHandler', IRQ)
  if (!isr) return false
  const info = ctx.LocalAlloc(0, GIISR_INFO_SIZE)
  ctx.mem.write(info, encodeGiisrInfo({ SysIntr: SYSINTR, CheckPort: true, PortIsIO: false, UseMaskReg: false, PortAddr: 0x80001000, PortSize: 4, Mask: 1, MaskAddr: 0 }))
  const ok = ctx.KernelLibIoControl(isr, IOCTL_GIISR_INFO, info, GIISR_INFO_SIZE, 0, 0)
  ctx.LocalFree(info)
  ctx.FreeIntChainHandler(isr)
  return ok
}, withWindow)

export const stalePointer = (() => {
  let saved = 0
  const a = attack('reads a caller buffer it kept, in a later call without buffers', 'stale.dll', ['CE6-M01', 'CE6-R02', 'CE6-A01'], (ctx, pIn, code) => {
    if (code === 1) return (saved = pIn), false
    try {
      return ctx.mem.readU32(ctx.unsafePtr(saved)) !== 0
    } catch (e) {
      if (!(e instanceof AccessViolation)) throw e
      return false
    }
  })
  const scenario: Scenario = {
    modes: ['udevice'],
    async run({ app, h }) {
      await ask(app, h, a.outcomes, 1, [1, 2, 3, 4])
      await ask(app, h, a.outcomes, 2)
    },
  }
  return { ...a, scenario }
})()

export const foreignTable = attack("calls a kernel driver's function table", 'table.dll', ['CE6-C02'], async (ctx) => {
  const { table } = await helperAddresses(ctx)
  try {
    return ctx.callFunctionTable(table, 'level') === 3
  } catch {
    return false
  }
}, withHelper)
