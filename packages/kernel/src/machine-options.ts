// createMachine's options, their defaults, and validation that names the option at fault.
import { isDriverModule, type DriverModule } from './devmgr/driver.js'
import { UsageError, machineError } from './errors/exceptions.js'
import type { HardwareSlot } from './hardware/device.js'
import type { FaultPlan } from './api/fault-injection.js'
import type { OalHandler } from './privileged/oal.js'
import type { SchedulePolicy } from './process/scheduler.js'
import type { RegObjectValue } from './registry/registry.js'

/** One registry input: `.reg` text, `.reg` text with its file name (for error messages), or an object form. */
export type RegistrySource = string | { file: string; text: string } | Record<string, Record<string, RegObjectValue>>

export interface MachineOptions {
  /** Registry contents loaded over the built-in defaults (see registry/default-registry.ts). */
  registry?: RegistrySource | readonly RegistrySource[]
  /** Start from the built-in default registry (HKLM\Drivers, ProcGroup_0003, …). Default true. */
  defaultRegistry?: boolean
  /** The driver DLLs this machine can load, by their `dll` name. */
  drivers?: readonly DriverModule[] | Readonly<Record<string, DriverModule>>
  /** Simulated devices at physical addresses. */
  hardware?: readonly HardwareSlot[]
  /** Seed for every choice the machine makes (which ready thread runs). Default 1. */
  seed?: number
  /** Explicit choices among equally ranked ready threads, before the seed takes over. */
  schedule?: SchedulePolicy
  /** Kernel calls and memory accesses one thread may make without blocking before it is a hang. Default 1 000 000. */
  stepBudget?: number
  /** Virtual milliseconds a test's call may stay blocked before it is a hang. Default 30 000. */
  hangTimeout?: number
  /** Thread activations (a thread getting the CPU) without virtual time moving before the machine is livelocked.
   *  Default 100 000. */
  maxActivations?: number
  /** Trace ring size in events (the trace keeps the last N). Default 65 536. */
  traceCapacity?: number
  oal?: {
    /** OEM IOCTLs served by KernelIoControl, in addition to the built-in ones. */
    ioctls?: Readonly<Record<number, OalHandler>>
    /** IOCTLs user-mode callers may send (the oalioctl allow-list). Default: the five of fact sheet §8. */
    userAllowList?: readonly number[]
  }
  /**
   * How ReadFile/WriteFile buffers are checked for user-mode callers: 'intended' (ReadFile's buffer must be
   * writable, WriteFile's readable; SPEC "Decisions", the default) or 'ce6-source' (the swapped descriptors of the
   * CE6 source, fact sheet §4).
   */
  readWriteDescriptors?: 'intended' | 'ce6-source'
  /**
   * How the reflector maps a caller's input buffers into a udevice: 'read-only' (CE 6.0 R2, the default) or
   * 'read-write' (before R2; fact sheet §10.2).
   */
  udeviceInputBuffers?: 'read-only' | 'read-write'
  /** The process group whose udevice hosts CeCallUserProc helper DLLs. Default 3. */
  userProcGroup?: number
  /**
   * Who may activate a device key from user mode (docs/decisions.md, "Keys a user-mode driver activates"):
   * 'protected-keys' (the default) treats a udevice as an untrusted caller of ActivateDeviceEx, so it activates only
   * keys under HKLM\Drivers or HKLM\Services, which it cannot write; 'trusted' is CE6's default image, where
   * udevice.exe is a trusted process and may activate a key it wrote itself anywhere else.
   */
  udeviceActivation?: 'protected-keys' | 'trusted'
  /**
   * The most a process other than the kernel may have committed at once, in bytes (issue 14 hole 6): a commit
   * beyond it fails with ERROR_NOT_ENOUGH_MEMORY, so one udevice or application cannot starve the kernel of RAM.
   * Default 64 MiB (a quarter of the simulated 255 MiB); 0 turns the limit off.
   */
  processCommitLimit?: number
  /** Fault injection from boot: which driver API call fails (api/fault-injection.ts; or machine.injectFaults()). */
  faults?: FaultPlan
  /**
   * Capture the JavaScript stack of each access violation raised into driver code (default true): the source lines
   * a report shows when the exception escapes the driver. Capturing costs more than the rest of a faulting access, so
   * the property search turns it off and runs its final counterexample again with it on; the trace is the same.
   */
  jsStacks?: boolean
}

export interface ResolvedOptions {
  registry: readonly RegistrySource[]
  defaultRegistry: boolean
  drivers: ReadonlyMap<string, DriverModule>
  hardware: readonly HardwareSlot[]
  seed: number
  schedule: SchedulePolicy | undefined
  stepBudget: number
  hangTimeout: number
  maxActivations: number
  traceCapacity: number
  oalIoctls: ReadonlyMap<number, OalHandler>
  userAllowList: readonly number[] | undefined
  readWriteDescriptors: 'intended' | 'ce6-source'
  udeviceInputBuffers: 'read-only' | 'read-write'
  userProcGroup: number
  udeviceActivation: 'protected-keys' | 'trusted'
  processCommitLimit: number
  faults: FaultPlan | undefined
  jsStacks: boolean
}

export function resolveOptions(o: MachineOptions = {}): ResolvedOptions {
  if (typeof o !== 'object' || o === null) throw machineError(new UsageError(`createMachine(options): options must be an object, got ${String(o)}`))
  return {
    registry: o.registry === undefined ? [] : Array.isArray(o.registry) ? o.registry : [o.registry as RegistrySource],
    defaultRegistry: o.defaultRegistry ?? true,
    drivers: driverMap(o.drivers),
    hardware: hardwareList(o.hardware),
    seed: integer('seed', o.seed ?? 1, 0, 0xffffffff),
    schedule: schedule(o.schedule),
    stepBudget: integer('stepBudget', o.stepBudget ?? 1_000_000, 1, Number.MAX_SAFE_INTEGER),
    hangTimeout: positive('hangTimeout', o.hangTimeout ?? 30_000),
    maxActivations: integer('maxActivations', o.maxActivations ?? 100_000, 1, Number.MAX_SAFE_INTEGER),
    traceCapacity: integer('traceCapacity', o.traceCapacity ?? 1 << 16, 16, 1 << 26),
    oalIoctls: oalMap(o.oal?.ioctls),
    userAllowList: o.oal?.userAllowList?.map((c, i) => integer(`oal.userAllowList[${i}]`, c, 0, 0xffffffff)),
    readWriteDescriptors: oneOf('readWriteDescriptors', o.readWriteDescriptors ?? 'intended', ['intended', 'ce6-source'] as const),
    userProcGroup: integer('userProcGroup', o.userProcGroup ?? 3, 1, 0xfff),
    udeviceActivation: oneOf('udeviceActivation', o.udeviceActivation ?? 'protected-keys', ['protected-keys', 'trusted'] as const),
    processCommitLimit: integer('processCommitLimit', o.processCommitLimit ?? 64 * 1024 * 1024, 0, 0x100000000),
    udeviceInputBuffers: oneOf('udeviceInputBuffers', o.udeviceInputBuffers ?? 'read-only', ['read-only', 'read-write'] as const),
    faults: o.faults === undefined ? undefined : faultPlan(o.faults),
    jsStacks: flag('jsStacks', o.jsStacks ?? true),
  }
}

/** A fault plan (api/fault-injection.ts), checked: { nth } | { api, nth? } | { seed, rate }, each with an optional driver. */
export function faultPlan(p: FaultPlan, who = 'createMachine: faults'): FaultPlan {
  const bad = (what: string): never => {
    throw machineError(new UsageError(`${who}${what}`))
  }
  if (typeof p !== 'object' || p === null) bad(' must be { nth } | { api, nth? } | { seed, rate }')
  if (p.driver !== undefined && typeof p.driver !== 'string') bad('.driver must be a DLL name')
  const whole = (name: string, v: unknown, lo: number, hi: number): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) bad(`.${name} must be an integer from ${lo} to ${hi}, got ${JSON.stringify(v)}`)
  }
  if ('api' in p) {
    if (typeof p.api !== 'string' || !p.api) bad('.api must be an API name such as "LocalAlloc"')
    if (p.nth !== undefined) whole('nth', p.nth, 1, Number.MAX_SAFE_INTEGER)
  } else if ('seed' in p) {
    whole('seed', p.seed, 0, 0xffffffff)
    if (typeof p.rate !== 'number' || !(p.rate >= 0 && p.rate <= 1)) bad(`.rate must be a probability from 0 to 1, got ${JSON.stringify(p.rate)}`)
  } else whole('nth', (p as { nth?: unknown }).nth, 0, Number.MAX_SAFE_INTEGER)
  return p
}

function driverMap(d: MachineOptions['drivers']): Map<string, DriverModule> {
  const map = new Map<string, DriverModule>()
  if (d === undefined) return map
  const list: [string, unknown][] = Array.isArray(d) ? d.map((m, i) => [`drivers[${i}]`, m]) : Object.entries(d).map(([k, m]) => [`drivers.${k}`, m])
  for (const [where, m] of list) {
    if (!isDriverModule(m)) throw machineError(new UsageError(`createMachine: ${where} is not a driver made with defineDriver()`))
    const key = m.dll.toLowerCase()
    if (map.has(key)) throw machineError(new UsageError(`createMachine: ${where}: two drivers are named "${m.dll}"`))
    map.set(key, m)
  }
  return map
}

function hardwareList(h: MachineOptions['hardware']): readonly HardwareSlot[] {
  if (h === undefined) return []
  if (!Array.isArray(h)) throw machineError(new UsageError('createMachine: hardware must be an array of { base, device, irq? }'))
  h.forEach((s: HardwareSlot, i) => {
    if (typeof s?.device?.read !== 'function' || typeof s.device.write !== 'function') {
      throw machineError(new UsageError(`createMachine: hardware[${i}].device is not a device (it needs read(offset, width) and write(offset, width, value))`))
    }
    integer(`hardware[${i}].base`, s.base, 0, 0xffffffff)
    if (s.irq !== undefined) integer(`hardware[${i}].irq`, s.irq, 0, 63)
  })
  return h
}

function oalMap(m: Readonly<Record<number, OalHandler>> | undefined): Map<number, OalHandler> {
  const map = new Map<number, OalHandler>()
  for (const [k, fn] of Object.entries(m ?? {})) {
    if (typeof fn !== 'function') throw machineError(new UsageError(`createMachine: oal.ioctls[${k}] must be a function`))
    map.set(Number(k) >>> 0, fn)
  }
  return map
}

function schedule(s: SchedulePolicy | undefined): SchedulePolicy | undefined {
  if (s === undefined || typeof s === 'function') return s
  if (!Array.isArray(s)) throw machineError(new UsageError('createMachine: schedule must be an array of indices or a function'))
  s.forEach((x, i) => integer(`schedule[${i}]`, x, 0, Number.MAX_SAFE_INTEGER))
  return s
}

function integer(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw machineError(new UsageError(`createMachine: ${name} must be an integer from ${lo} to ${hi}, got ${JSON.stringify(v)}`))
  }
  return v
}

function flag(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw machineError(new UsageError(`createMachine: ${name} must be true or false, got ${JSON.stringify(v)}`))
  return v
}

function positive(name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw machineError(new UsageError(`createMachine: ${name} must be a positive number, got ${JSON.stringify(v)}`))
  return v
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw machineError(new UsageError(`createMachine: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(v)}`))
  return v as T
}
