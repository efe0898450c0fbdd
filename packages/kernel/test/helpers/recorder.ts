// A test driver that records every entry-point call, with hooks to change any entry. Each test builds its own.
import {
  createMachine,
  defineDriver,
  type DriverContext,
  type DriverExports,
  type EntryName,
  type MachineOptions,
  type ParamPtr,
  type StreamEntries,
} from '../../src/index.js'

export interface Recorder {
  driver: ReturnType<typeof defineDriver>
  /** "Init(Drivers\Active\01, 0)", "Open(256, 0xc0000000, 0)", … in call order. */
  log: string[]
  /** The driver's context, once loaded (for tests that call kernel APIs as the driver). */
  ctx: () => DriverContext
}

type Overrides = (ctx: DriverContext, log: string[]) => Partial<StreamEntries> & Record<string, unknown>

const hex = (n: number): string => '0x' + (n >>> 0).toString(16)

/** A driver named `dll` with every stream entry; `overrides` replace entries, `omit` removes them. */
export function recorder(dll: string, overrides: Overrides = () => ({}), omit: readonly EntryName[] = []): Recorder {
  const log: string[] = []
  let context: DriverContext | null = null
  const driver = defineDriver(dll, (ctx) => {
    context = ctx
    const base: Required<StreamEntries> = {
      Init: (c, p) => (log.push(`Init(${String(c)}, ${p})`), 0x100),
      PreDeinit: (h) => (log.push(`PreDeinit(${hex(h)})`), true),
      Deinit: (h) => (log.push(`Deinit(${hex(h)})`), true),
      Open: (h, a, s) => (log.push(`Open(${hex(h)}, ${hex(a)}, ${s})`), 0x200),
      PreClose: (h) => (log.push(`PreClose(${hex(h)})`), true),
      Close: (h) => (log.push(`Close(${hex(h)})`), true),
      Read: (h, _p: ParamPtr, n) => (log.push(`Read(${hex(h)}, ${n})`), n),
      Write: (h, _p: ParamPtr, n) => (log.push(`Write(${hex(h)}, ${n})`), n),
      Seek: (h, a, t) => (log.push(`Seek(${hex(h)}, ${a}, ${t})`), a),
      IOControl: (h, code, _i, nIn, _o, nOut) => (log.push(`IOControl(${hex(h)}, ${hex(code)}, ${nIn}, ${nOut})`), true),
      PowerUp: (h) => void log.push(`PowerUp(${hex(h)})`),
      PowerDown: (h) => void log.push(`PowerDown(${hex(h)})`),
    }
    const e: Record<string, unknown> = { ...base, ...overrides(ctx, log) }
    for (const k of omit) delete e[k]
    return e as DriverExports
  })
  return {
    driver,
    log,
    ctx: () => {
      if (!context) throw new Error(`${dll} is not loaded`)
      return context
    },
  }
}

/** A registry key for a driver, in .reg text. */
export function driverKey(name: string, values: Record<string, string | number>): string {
  const lines = Object.entries(values).map(([k, v]) => (typeof v === 'number' ? `"${k}"=dword:${(v >>> 0).toString(16)}` : `"${k}"="${v}"`))
  return `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\${name}]\n${lines.join('\n')}\n`
}

export function machineWith(drivers: readonly Recorder[], registry: string, opts: MachineOptions = {}) {
  return createMachine({ drivers: drivers.map((d) => d.driver), registry, ...opts })
}

export const u32 = (v: number): Uint8Array => new Uint8Array(new Uint32Array([v >>> 0]).buffer)
