// Exceptions the simulated machine raises. AccessViolation is what a driver's `__try` would catch; the others stop
// a driver (hang), the whole machine (bugcheck), or report a mistake in how a test uses the kernel.
import { mapCFrames } from '../cdriver/c-lines.js'
import { hex } from '../memory/layout.js'

/**
 * A simulated access violation (EXCEPTION_ACCESS_VIOLATION). Driver code may catch it, as with __try/__except.
 * `jsStack` false makes one without a JavaScript stack (MachineOptions.jsStacks): V8 reads Error.stackTraceLimit
 * only while the error is constructed, so it is lowered for the `super` call alone.
 */
export class AccessViolation extends Error {
  constructor(
    readonly address: number,
    readonly write: boolean,
    readonly reason: string,
    jsStack = true,
  ) {
    const limit = Error.stackTraceLimit
    if (!jsStack) Error.stackTraceLimit = 0
    super(`access violation: ${write ? 'write to' : 'read from'} ${hex(address)} (${reason})`)
    Error.stackTraceLimit = limit
    this.name = 'AccessViolation'
  }
}

/** Where a driver was when something went wrong: the simulated call chain plus the JS stack of the driver code. */
export interface DriverStack {
  /** e.g. ["serial.dll!COM_IOControl", "DeviceIoControl(COM1:) from app.exe"] — innermost first. */
  frames: string[]
  /** The JavaScript stack at the failure, trimmed to the driver's own source lines where possible. */
  js: string
}

let brand: <T extends MachineError>(e: T) => T
let branded: (e: unknown) => boolean

/**
 * The machine's own errors (hang, bugcheck, usage error, process gone) pass through a driver's entry points; a
 * driver's exception does not. They are told apart by a private brand that only the kernel sets, through
 * machineError() (issue 14 hole 5): an error a driver makes — `Object.assign(new Error(), { name: 'UsageError' })`, or
 * `new UsageError()` with the class the package exports — has no brand and is the driver's exception.
 */
export abstract class MachineError extends Error {
  #branded = false

  static {
    brand = (e) => {
      e.#branded = true
      return e
    }
    branded = (e) => typeof e === 'object' && e !== null && #branded in e && e.#branded
  }
}

/** Mark `e` as the machine's: kernel code wraps every machine error it throws in this. */
export function machineError<T extends MachineError>(e: T): T {
  return brand(e)
}

/** True for an error the machine raised (branded), whatever its name says. */
export function isMachineError(e: unknown): boolean {
  return branded(e)
}

/** A driver that never yields back: it used up its step budget or its virtual-time budget. */
export class HangError extends MachineError {
  constructor(
    readonly driver: string,
    readonly entry: string,
    readonly stack_: DriverStack,
    readonly why: string,
  ) {
    super(`hang in ${driver}!${entry}: ${why}\n  ${stack_.frames.join('\n  ')}`)
    this.name = 'HangError'
  }
}

/** An exception on a kernel-mode driver's own thread stops the machine (SPEC "Decisions"). */
export class Bugcheck extends MachineError {
  constructor(
    readonly driver: string,
    readonly entry: string,
    override readonly cause: unknown,
    readonly stack_: DriverStack,
  ) {
    super(
      `bugcheck: unhandled exception on a thread of ${driver} (${entry}): ${cause instanceof Error ? cause.message : String(cause)}\n  ${stack_.frames.join('\n  ')}`,
    )
    this.name = 'Bugcheck'
  }
}

/** A test used the machine wrongly (bad argument, unknown driver, …): the message names the argument at fault. */
export class UsageError extends MachineError {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/**
 * The process the thread was running in is gone (its udevice died, SPEC "Decisions"): the thread's code there does
 * not go on. Thrown into a thread blocked inside the dead process, and at its next kernel call if the driver caught
 * it; the reflector turns it into ERROR_DEVICE_REMOVED for the caller. A machine error: entry points do not catch it.
 */
export class ProcessGone extends MachineError {
  constructor(readonly processName: string) {
    super(`${processName} has exited: the code running in it cannot go on`)
    this.name = 'ProcessGone'
  }
}

/** Stack capture for reports: keep the frames that are not the simulator's own; a C driver's frames name its C
 *  source lines (cdriver/c-lines.ts). */
export function captureJsStack(from: unknown = new Error()): string {
  const raw = from instanceof Error && from.stack ? from.stack : String(from)
  const lines = mapCFrames(raw).split('\n').slice(1)
  const mine = lines.filter((l) => !/packages[\\/]kernel[\\/]src|node:internal|node_modules/.test(l))
  return (mine.length ? mine : lines).slice(0, 12).join('\n')
}
