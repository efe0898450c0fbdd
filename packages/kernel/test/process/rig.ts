// Shared set-up for the process/ tests: one machine with one scripted kernel-mode driver ("tst.dll", TST1:) whose
// IOControl runs whatever handler a test registered for the IOCTL code, and a caller process with the device open.
// Handlers run on the calling thread inside IOControl, so they may use every kernel API of `ctx`.
import { expect } from 'vitest'
import {
  createMachine,
  defineDriver,
  type Awaitable,
  type BOOL,
  type CallerProcess,
  type DriverContext,
  type Machine,
  type MachineOptions,
  type ParamPtr,
  type StreamEntries,
} from '../../src/index.js'

export const DLL = 'tst.dll'
export const KEY = 'Drivers\\BuiltIn\\Tst'
export const REG = String.raw`[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Tst]
"Dll"="tst.dll"
"Prefix"="TST"
"Index"=dword:1
`

export interface IoArgs {
  pIn: ParamPtr
  nIn: number
  pOut: ParamPtr
  nOut: number
  pActual: ParamPtr
}

export type Handler = (ctx: DriverContext, io: IoArgs) => Awaitable<BOOL>

export interface Rig {
  m: Machine
  /** The driver's context (valid once Init ran; only usable from code that runs on a simulated thread). */
  ctx: DriverContext
  /** The first caller process and its handle to TST1:. */
  app: CallerProcess
  h: number
  /** Entry-point calls other than IOControl, in order ("Open", "PreClose", "Close", …). */
  log: string[]
  /** Register the IOControl behaviour for an IOCTL code. */
  on(code: number, fn: Handler): void
  /** A new process with TST1: open. */
  proc(name: string): Promise<{ p: CallerProcess; h: number }>
}

/**
 * Boot a machine with tst.dll active and app.exe holding TST1: open. `entries` may add or replace entry points
 * (IOControl always dispatches to the registered handlers unless replaced).
 */
export async function rig(opts: MachineOptions = {}, entries: (ctx: DriverContext, log: string[]) => Partial<StreamEntries> = () => ({})): Promise<Rig> {
  const handlers = new Map<number, Handler>()
  const log: string[] = []
  let context: DriverContext | null = null
  const drv = defineDriver(DLL, (ctx) => {
    context = ctx
    return {
      Init: () => 0x100,
      PreDeinit: () => true,
      Deinit: () => true,
      Open: () => (log.push('Open'), 0x200),
      PreClose: () => (log.push('PreClose'), true),
      Close: () => (log.push('Close'), true),
      IOControl: (_h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr) => {
        const fn = handlers.get(code)
        return fn ? fn(ctx, { pIn, nIn, pOut, nOut, pActual }) : true
      },
      ...entries(ctx, log),
    }
  })
  const m = createMachine({ drivers: [drv], registry: REG, ...opts })
  const act = await m.ActivateDeviceEx(KEY)
  expect(act.error).toBe('ERROR_SUCCESS')
  const proc = async (name: string) => {
    const p = m.createProcess(name)
    const f = await p.CreateFile('TST1:')
    expect(f.ok).toBe(true)
    return { p, h: f.handle }
  }
  const { p: app, h } = await proc('app.exe')
  log.length = 0
  return {
    m,
    ctx: context!,
    app,
    h,
    log,
    on: (code, fn) => void handlers.set(code, fn),
    proc,
  }
}

/** A macrotask turn of the real event loop. */
export const turn = (): Promise<void> => new Promise((r) => setImmediate(r))

/** Whether a promise has settled by the next macrotask (without waiting for it otherwise). */
export async function settledSoon(p: Promise<unknown>): Promise<boolean> {
  let done = false
  p.then(
    () => (done = true),
    () => (done = true),
  )
  await turn()
  return done
}

/** The trace as text, one line per event. */
export const traceText = (m: Machine): string => m.trace.events().map((e) => m.trace.format(e)).join('\n')

/** The event kinds of the trace, in order. */
export const traceTypes = (m: Machine): string[] => m.trace.events().map((e) => e.type)
