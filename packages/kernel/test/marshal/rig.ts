// Test rigs for the marshalling helpers: a kernel-mode driver whose IOControl runs the test's body, and a way to run
// code as a module's entry point in any process (a hand-built udevice) for the user-mode half.
import {
  Ev,
  createMachine,
  offset,
  type CallResult,
  type UserPtr,
  type CallerProcess,
  type DriverContext,
  type Machine,
  type MachineOptions,
  type Awaitable,
  type BOOL,
  type ParamPtr,
} from '../../src/index.js'
import type { ModuleInstance } from '../../src/devmgr/module.js'
import type { Process } from '../../src/process/process.js'
import { NO_PARAMS } from '../../src/process/thread.js'
import { driverKey, recorder, type Recorder } from '../helpers/recorder.js'

export interface IoctlArgs {
  code: number
  pIn: ParamPtr
  nIn: number
  pOut: ParamPtr
  nOut: number
}

export type Body = (ctx: DriverContext, a: IoctlArgs) => Awaitable<BOOL>

export interface KernelRig {
  m: Machine
  drv: Recorder
  app: CallerProcess
  h: number
  /** The driver's module instance (in nk.exe, or in the udevice). */
  mod: ModuleInstance
  /** Replace what IOControl does. */
  body: (b: Body) => void
}

export const DLL = 'mar.dll'

/**
 * A driver "MAR1:" whose IOControl runs the current body (which may be async), opened by app.exe; kernel mode, or
 * with `userMode` loaded in a udevice through the reflector (registry Flags = DEVFLAGS_LOAD_AS_USERPROC).
 */
export async function kernelRig(opts: MachineOptions & { userMode?: boolean } = {}): Promise<KernelRig> {
  let body: Body = () => true
  const drv = recorder(DLL, (ctx) => ({
    IOControl: (_h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) => body(ctx, { code, pIn, nIn, pOut, nOut }),
  }))
  const m = createMachine({ drivers: [drv.driver], registry: driverKey('Mar', { Dll: DLL, Prefix: 'MAR', Index: 1, ...(opts.userMode ? { Flags: 0x10 } : {}) }), ...opts })
  const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Mar')
  if (!act.ok) throw new Error(`activation failed: ${act.error}`)
  const app = m.createProcess('app.exe')
  const h = (await app.CreateFile('MAR1:')).handle
  const mod = m.devmgr.byHandle(act.handle)!.module!
  return { m, drv, app, h, mod, body: (b) => (body = b) }
}

export function processOf(m: Machine, p: CallerProcess): Process {
  return m.processes.get(p.id)!
}

/** The module instance of DLL in `host` (loaded there if needed). */
export async function moduleIn(m: Machine, host: Process): Promise<ModuleInstance> {
  return (await m.harnessOp('load', (t) => m.devmgr.loadModule(t, DLL, host))).value
}

/**
 * Run `fn` on a device-manager thread as if it were an entry point of `mod` serving `caller` (null: the driver's
 * own thread), following the reflector's frame conventions: a kernel-mode module sees the caller's VM, a
 * udevice module its own.
 */
export async function asEntry<T>(m: Machine, mod: ModuleInstance, caller: Process | null, fn: (ctx: DriverContext) => T): Promise<T> {
  const { value } = await m.harnessOp('entry', (t) => {
    const prev = t.frame
    const kernel = mod.process.kind === 'kernel'
    t.frame = {
      prev,
      label: `${mod.dll}!Test`,
      process: mod.process,
      vm: kernel ? (caller && caller.kind !== 'kernel' ? caller : prev.vm) : mod.process,
      kernelMode: kernel,
      caller,
      owner: mod.tag,
      driver: mod.dll,
      entry: 'Test',
      params: NO_PARAMS,
      openContext: 0,
    }
    m.sched.frameChanged(t)
    try {
      return fn(mod.ctx)
    } finally {
      t.frame = prev
      m.sched.frameChanged(t)
    }
  })
  return value
}

/** A machine with the driver loaded in a hand-made udevice process, and a caller app.exe. */
export async function udeviceRig(opts: MachineOptions = {}) {
  const drv = recorder(DLL)
  const m = createMachine({ drivers: [drv.driver], ...opts })
  const host = m.newProcess('udevice.exe', 'udevice', false)
  const mod = await moduleIn(m, host)
  const app = m.createProcess('app.exe')
  return { m, drv, host, mod, app, appProc: processOf(m, app) }
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b)

/** An input buffer of app holding the embedded pointers `ptrs` (DWORDs). */
export function embed(app: CallerProcess, ...ptrs: number[]): UserPtr {
  const p = app.alloc(4 * Math.max(ptrs.length, 1))
  ptrs.forEach((v, i) => app.writeU32(p + 4 * i, v))
  return p
}

/**
 * Run `body` once as the driver's IOControl for an IOCTL whose input holds `ptrs`; resolves the call's result.
 * An exception in the body (a failed expect) fails the test with that exception.
 */
export async function ioctlWith(r: KernelRig, body: Body, ...ptrs: number[]): Promise<CallResult> {
  r.body(body)
  const pIn = embed(r.app, ...ptrs)
  const from = r.m.trace.count
  const res = await r.app.DeviceIoControl(r.h, 1, pIn, 4 * ptrs.length, 0, 0)
  const ex = r.m.trace.events().findLast((e) => e.kind === Ev.DriverException && e.seq >= from)
  if (ex) throw new Error(`the driver threw: ${JSON.stringify(ex.detail)}`)
  return res
}

/** The embedded pointer at index `i` of the IOCTL's input. */
export const embedded = (ctx: DriverContext, a: IoctlArgs, i = 0): number => ctx.mem.readU32(offset(a.pIn, 4 * i))
