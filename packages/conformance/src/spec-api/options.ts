// What a spec file tells the framework about its driver: the registry text of the driver key, the modes to run,
// the simulated hardware, extra DLLs, the IOCTLs the generated suite exercises, and the seed.
import type { DriverModule, HardwareSlot } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import type { IoctlDesc } from '../properties/describe/ioctl.js'
import type { DriverModel } from '../properties/run/model.js'
import type { HardwareEvent } from '../stimulus/hardware-event.js'

/** One IOCTL for the generated suite: its code and the sizes of valid buffers (a richer language comes later). */
export interface IoctlSpec {
  name: string
  code: number
  /** Bytes of lpInBuf in the valid-buffer scenario (0: no input buffer). */
  inSize: number
  /** Bytes of lpOutBuf in the valid-buffer scenario (0: no output buffer). */
  outSize: number
  /** Contents of the input buffer (zeros when omitted). */
  input?: Uint8Array | readonly number[]
  /**
   * Buffers the driver accepts as NULL ("use the default", "no output wanted"): the bad-pointer scenario then does
   * not expect NULL there to fail (a kernel address or unmapped memory still must).
   */
  optional?: OptionalBuffers
}

/** Which first-level buffers of an IOCTL may be NULL. */
export interface OptionalBuffers {
  in?: boolean
  out?: boolean
}

export interface DriverOptions {
  /** The `.reg` text of the driver key. It decides windows, SysIntr and group; the framework switches only the mode. */
  registry: string | { file: string; text: string }
  /** Registry path of the driver key when the text has several keys naming the driver's DLL. */
  key?: string
  /** The modes to run; both by default. */
  modes?: readonly Mode[]
  /** Simulated devices, made fresh for every machine (a device keeps state). */
  hardware?: () => readonly HardwareSlot[]
  /** Other DLLs the machine can load (a bus driver's clients, a CeCallUserProc helper, …). */
  drivers?: readonly DriverModule[]
  /** Seed of every machine; by default the run's (CEDK_SEED, or the reporter's `seed`), else 1. */
  seed?: number
}

/**
 * Fault injection in the generated suite: 'systematic' re-runs every scenario once per fallible call site of the
 * driver (an allocation, an object, a mapping, a marshalling helper) with that call failing; `{ seed }` re-runs each
 * scenario `runs` times (default 8) with each fallible call failing at `rate` (default 0.2).
 */
export type FaultInjection = 'systematic' | { seed: number; rate?: number; runs?: number }

export interface ConformanceOptions extends DriverOptions {
  /** Make the driver's API calls fail in extra runs of the scenarios; it must fail cleanly (robustness family). */
  faultInjection?: FaultInjection
  /** IOCTLs exercised with valid buffers and with bad first-level pointers; descriptions also get the property suites. */
  ioctls?: readonly (IoctlSpec | IoctlDesc)[]
  /** A model of the driver for the property suites (docs/properties.md). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model?: DriverModel<any, any>
  /** Runs per property (default short; CEDK_RUNS deepens it). */
  numRuns?: number
  /**
   * Hardware events (a UART receiving bytes, an IRQ raised, a DMA completing) that the scenario and property suites
   * interleave with the calls, so the driver's interrupt paths run (docs/properties.md, "Hardware stimulus").
   */
  events?: readonly HardwareEvent[]
  /**
   * Infer the layout of each plain IOCTL (`{ name, code, inSize, outSize }`) by probing the driver, and run the property
   * suites on what was inferred (default true; `false`, or CEDK_INFER=0, turns it off). docs/inference.md.
   */
  infer?: boolean
}
