// How a driver is written: `defineDriver(dll, load)`. `load` runs once in every process that loads the DLL (the
// kernel, or a udevice) and returns its exports; its local variables are the DLL's globals for that process. The
// stream entry points keep their CE6 signatures (fact sheet §9.6); pointer parameters arrive as ParamPtr, pointers
// the kernel checked for this call only.
import type { DriverContext } from '../api/context.js'
import type { ParamPtr } from '../memory/pointers.js'

export type Awaitable<T> = T | Promise<T>

/** BOOL as drivers return it: true/false, or a C-style nonzero number. */
export type BOOL = boolean | number

export interface StreamEntries {
  /** Returns the device context (0 = failure). pContext is the Active key path, or the `Context` DWORD if set. */
  Init?(pContext: string | number, lpvBusContext: number): Awaitable<number>
  PreDeinit?(hDeviceContext: number): Awaitable<BOOL>
  Deinit?(hDeviceContext: number): Awaitable<BOOL>
  /** Returns the open context (0 = failure; the driver's last error, or ERROR_OPEN_FAILED, reaches the caller). */
  Open?(hDeviceContext: number, AccessCode: number, ShareMode: number): Awaitable<number>
  PreClose?(hOpenContext: number): Awaitable<BOOL>
  Close?(hOpenContext: number): Awaitable<BOOL>
  /** Returns the bytes read, or -1 (0xFFFFFFFF) on error. */
  Read?(hOpenContext: number, pBuffer: ParamPtr, Count: number): Awaitable<number>
  Write?(hOpenContext: number, pBuffer: ParamPtr, Count: number): Awaitable<number>
  Seek?(hOpenContext: number, Amount: number, Type: number): Awaitable<number>
  IOControl?(
    hOpenContext: number,
    dwCode: number,
    pBufIn: ParamPtr,
    dwLenIn: number,
    pBufOut: ParamPtr,
    dwLenOut: number,
    pdwActualOut: ParamPtr,
  ): Awaitable<BOOL>
  PowerUp?(hDeviceContext: number): void
  PowerDown?(hDeviceContext: number): void
}

export type EntryName = keyof StreamEntries

export const ENTRY_NAMES: readonly EntryName[] = [
  'Init',
  'PreDeinit',
  'Deinit',
  'Open',
  'PreClose',
  'Close',
  'Read',
  'Write',
  'Seek',
  'IOControl',
  'PowerUp',
  'PowerDown',
]

/**
 * What `load` returns: the stream entries by their bare names, and/or decorated CE names (`COM_Init`). The device
 * manager looks entries up as CE does (`<Prefix>_<Name>` unless DEVFLAGS_NAKEDENTRIES or no prefix), and falls
 * back to the bare name, so a TypeScript driver can simply return `{ Init, Open, ... }` (docs/decisions.md).
 */
export type DriverExports = StreamEntries & { readonly [decorated: string]: unknown }

export interface DriverModule {
  readonly kind: 'cedk.driver'
  /** The DLL name the registry's `Dll` value refers to, e.g. "serial.dll" (case-insensitive). */
  readonly dll: string
  readonly load: (ctx: DriverContext) => DriverExports
  /**
   * Where `defineDriver` was called ("/abs/path/driver.ts:12"), read from the call stack; absent when the stack
   * does not show it. Not used by the machine: reports use it to tell apart two drivers with one DLL name.
   */
  readonly source?: string
}

export function defineDriver(dll: string, load: (ctx: DriverContext) => DriverExports): DriverModule {
  return defineDriverAt(dll, load, callerSite())
}

/** defineDriver with its definition site given: defineCDriver passes the site of its own caller. */
export function defineDriverAt(dll: string, load: (ctx: DriverContext) => DriverExports, source: string | undefined): DriverModule {
  if (typeof dll !== 'string' || !/^[^\\/:*?"<>|]+$/.test(dll)) {
    throw new TypeError(`defineDriver(dll, load): dll must be a file name such as "serial.dll", got ${JSON.stringify(dll)}`)
  }
  if (typeof load !== 'function') throw new TypeError(`defineDriver("${dll}", load): load must be a function returning the entry points`)
  return Object.freeze({ kind: 'cedk.driver', dll, load, ...(source && { source }) })
}

/**
 * The first stack frame outside this file and the modules `also` names (their import.meta.url): "at /path/x.ts:12:30"
 * or "at f (file:///path/x.ts:12:30)" → "/path/x.ts:12".
 */
export function callerSite(...also: string[]): string | undefined {
  const frames = (new Error().stack ?? '').split('\n').slice(1)
  const skip = new Set([import.meta.url, ...also].map((u) => u.replace(/^file:\/\//, '')))
  for (const f of frames) {
    const m = /\(?(?:file:\/\/)?([^()\s]+):(\d+):\d+\)?\s*$/.exec(f)
    if (m && !skip.has(m[1]!) && !m[1]!.startsWith('node:')) return `${m[1]}:${m[2]}`
  }
  return undefined
}

export function isDriverModule(x: unknown): x is DriverModule {
  return typeof x === 'object' && x !== null && (x as DriverModule).kind === 'cedk.driver'
}
