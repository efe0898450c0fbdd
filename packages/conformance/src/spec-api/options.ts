// What a spec file tells the framework about its driver: the registry text of the driver key, the modes to run,
// the simulated hardware, extra DLLs, the IOCTLs the generated suite exercises, and the seed.
import type { DriverModule, HardwareSlot } from '@cedk/kernel'
import type { Mode } from '../mode.js'

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

export interface ConformanceOptions extends DriverOptions {
  /** IOCTLs exercised with valid buffers and with bad first-level pointers. */
  ioctls?: readonly IoctlSpec[]
}
