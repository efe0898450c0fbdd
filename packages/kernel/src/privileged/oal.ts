// KernelIoControl and the simulated OAL (fact sheet §8). Kernel-mode callers reach OEMIoControl directly; user-mode
// callers go through the oalioctl allow-list (five IOCTLs by default, widened by a machine option) and get
// ERROR_NOT_SUPPORTED for anything else. An OEM can add IOCTLs with `oal.ioctls`.
import { SIG_KERNEL_IO_CONTROL, firstInvalidArg } from '../devmgr/args.js'
import { CTL_CODE, FILE_DEVICE_HAL, METHOD_BUFFERED, FILE_ANY_ACCESS } from '../devmgr/ioctl.js'
import { AccessViolation } from '../errors/exceptions.js'
import { ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, ERROR_NOT_SUPPORTED, win32ErrorName } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import { Rng } from '../process/rng.js'
import type { Thread } from '../process/thread.js'
import { hex } from '../memory/layout.js'
import { tracePrivileged, type PrivilegedDetail } from './privileged-trace.js'

const hal = (fn: number): number => CTL_CODE(FILE_DEVICE_HAL, fn, METHOD_BUFFERED, FILE_ANY_ACCESS)
export const IOCTL_HAL_GET_DEVICE_INFO = hal(1)
export const IOCTL_HAL_GET_UUID = hal(13)
export const IOCTL_HAL_GET_DEVICEID = hal(21)
export const IOCTL_PROCESSOR_INFORMATION = hal(25)
export const IOCTL_HAL_REQUEST_SYSINTR = hal(38)
export const IOCTL_HAL_RELEASE_SYSINTR = hal(54)
export const IOCTL_HAL_GET_CACHE_INFO = hal(66)

export const SPI_GETPLATFORMTYPE = 257
export const SPI_GETOEMINFO = 258

/** oalioctl's default allow-list for user mode (fact sheet §8). */
export const DEFAULT_USER_ALLOW_LIST: readonly number[] = [
  IOCTL_HAL_GET_CACHE_INFO,
  IOCTL_HAL_GET_DEVICE_INFO,
  IOCTL_HAL_GET_DEVICEID,
  IOCTL_HAL_GET_UUID,
  IOCTL_PROCESSOR_INFORMATION,
]

export interface OalRequest {
  code: number
  /** A copy of the caller's input buffer. */
  input: Uint8Array
  /** Size of the caller's output buffer. */
  outSize: number
  fromUserMode: boolean
}

/** What an OAL IOCTL handler answers: output bytes (copied to the caller), or a Win32 error. */
export type OalResult = { output: Uint8Array } | { error: number }
export type OalHandler = (req: OalRequest) => OalResult

export class Oal {
  private readonly handlers = new Map<number, OalHandler>()
  readonly userAllowList: ReadonlySet<number>

  constructor(private readonly m: Machine) {
    for (const [code, h] of builtIns(m)) this.handlers.set(code, h)
    for (const [code, h] of m.options.oalIoctls) this.handlers.set(code, h)
    this.userAllowList = new Set(m.options.userAllowList ?? DEFAULT_USER_ALLOW_LIST)
  }

  /** KernelIoControl on thread `t` (after enterKernel). */
  KernelIoControl(t: Thread, code: number, pIn: number, nIn: number, pOut: number, nOut: number, pRet: number): boolean {
    const caller = t.frame.prev ?? t.frame
    const user = !caller.kernelMode
    code >>>= 0
    const detail = (reason: string): PrivilegedDetail => ({ reason, driver: caller.driver, path: 'kernel', user })
    const refuse = (err: number, reason = ''): boolean => {
      tracePrivileged(this.m, 'KernelIoControl', false, code, err, detail(reason || win32ErrorName(err)))
      t.lastError = err
      return false
    }
    if (user && firstInvalidArg(SIG_KERNEL_IO_CONTROL, [code, pIn, nIn, pOut, nOut, pRet]) >= 0) return refuse(ERROR_INVALID_PARAMETER, 'a pointer fails the user-mode argument check')
    if (user && !this.userAllowList.has(code)) return refuse(ERROR_NOT_SUPPORTED, `${hex(code)} is not on the oalioctl allow-list for user mode`)
    const handler = this.handlers.get(code)
    if (!handler) return refuse(ERROR_NOT_SUPPORTED, `the OAL has no IOCTL ${hex(code)}`)
    try {
      const input = new Uint8Array(nIn >>> 0)
      if (pIn) this.m.kernelCopy(pIn, input, false)
      const r = handler({ code, input, outSize: nOut >>> 0, fromUserMode: user })
      if ('error' in r) return refuse(r.error)
      if (r.output.length > nOut >>> 0) return refuse(ERROR_INSUFFICIENT_BUFFER)
      if (r.output.length) {
        if (!pOut) return refuse(ERROR_INVALID_PARAMETER)
        this.m.kernelCopy(pOut, r.output, true)
      }
      if (pRet) this.m.kernelCopy(pRet, u32(r.output.length), true)
    } catch (e) {
      if (e instanceof AccessViolation) return refuse(ERROR_INVALID_PARAMETER)
      throw e
    }
    tracePrivileged(this.m, 'KernelIoControl', true, code, 0, detail(user ? 'on the user-mode allow-list' : 'kernel mode'))
    return true
  }
}

function builtIns(m: Machine): [number, OalHandler][] {
  const dword = (req: OalRequest, i = 0): number | undefined =>
    req.input.length >= 4 * (i + 1) ? new DataView(req.input.buffer).getUint32(4 * i, true) : undefined
  return [
    [
      IOCTL_HAL_GET_DEVICE_INFO,
      (req) => {
        const spi = dword(req)
        if (spi === SPI_GETPLATFORMTYPE) return { output: wstr('CEDK') }
        if (spi === SPI_GETOEMINFO) return { output: wstr('cedk simulated CE 6.0 machine') }
        return { error: ERROR_INVALID_PARAMETER }
      },
    ],
    [IOCTL_HAL_GET_UUID, () => ({ output: deviceUuid(m.options.seed) })],
    [
      IOCTL_HAL_GET_DEVICEID,
      () => {
        // DEVICE_ID { dwSize, dwPresetIDOffset, dwPresetIDBytes, dwPlatformIDOffset, dwPlatformIDBytes } + the IDs.
        const preset = new TextEncoder().encode('CEDK')
        const platform = deviceUuid(m.options.seed).subarray(0, 8)
        const out = new Uint8Array(20 + preset.length + platform.length)
        const v = new DataView(out.buffer)
        v.setUint32(0, out.length, true)
        v.setUint32(4, 20, true)
        v.setUint32(8, preset.length, true)
        v.setUint32(12, 20 + preset.length, true)
        v.setUint32(16, platform.length, true)
        out.set(preset, 20)
        out.set(platform, 20 + preset.length)
        return { output: out }
      },
    ],
    [IOCTL_PROCESSOR_INFORMATION, () => ({ output: processorInfo() })],
    [
      IOCTL_HAL_GET_CACHE_INFO,
      (req) => {
        // The caller must pass exactly sizeof(CacheInfo) (14 DWORDs), as the stock oalioctl checks.
        if (req.outSize !== 56) return { error: ERROR_INVALID_PARAMETER }
        return { output: dwords([1, 32768, 32, 4, 32768, 32, 4, 0, 0, 0, 0, 0, 0, 0]) }
      },
    ],
    [
      IOCTL_HAL_REQUEST_SYSINTR,
      (req) => {
        // Either a single IRQ, or { 0xFFFFFFFF, flags, irq, ... } as CE6 BSPs send it.
        const first = dword(req)
        const irq = first === 0xffffffff ? dword(req, 2) : first
        const sysIntr = irq === undefined ? 0 : m.interrupts.sysIntrOf(irq)
        return sysIntr ? { output: u32(sysIntr) } : { error: ERROR_INVALID_PARAMETER }
      },
    ],
    [IOCTL_HAL_RELEASE_SYSINTR, (req) => (dword(req) === undefined ? { error: ERROR_INVALID_PARAMETER } : { output: new Uint8Array(0) })],
  ]
}

function u32(v: number): Uint8Array {
  return dwords([v])
}

function dwords(vs: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 * vs.length)
  const view = new DataView(out.buffer)
  vs.forEach((v, i) => view.setUint32(4 * i, v >>> 0, true))
  return out
}

function wstr(s: string, chars = s.length + 1): Uint8Array {
  const out = new Uint8Array(2 * chars)
  for (let i = 0; i < Math.min(s.length, chars - 1); i++) out[2 * i] = s.charCodeAt(i) & 0xff
  return out
}

/** A UUID derived from the machine's seed: stable for a seed, different across seeds. */
function deviceUuid(seed: number): Uint8Array {
  const rng = new Rng(seed ^ 0x55554944)
  return dwords([rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()])
}

/** PROCESSOR_INFO: wVersion, szProcessCore[40], wCoreRevision, szProcessorName[40], wProcessorRevision,
 *  szCatalogNumber[100], szVendor[100], dwInstructionSet, dwClockSpeed (574 bytes). */
function processorInfo(): Uint8Array {
  const out = new Uint8Array(574)
  const v = new DataView(out.buffer)
  v.setUint16(0, 1, true)
  out.set(wstr('ARM', 40), 2)
  v.setUint16(82, 1, true)
  out.set(wstr('cedk virtual CPU', 40), 84)
  out.set(wstr('cedk', 100), 366)
  v.setUint32(570, 400_000_000, true)
  return out
}
