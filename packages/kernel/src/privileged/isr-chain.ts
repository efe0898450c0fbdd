// Installable ISRs (fact sheet §8): LoadIntChainHandler hooks an ISR DLL onto an IRQ's chain, KernelLibIoControl
// configures the instance, FreeIntChainHandler unhooks it. The only ISR DLL this machine knows is the generic
// installable ISR, giisr.dll with entry ISRHandler, configured by IOCTL_GIISR_INFO ([GIISR_H]). The model records
// what is installed and how it is configured; it does not run ISR logic (interrupts are still delivered to the
// SYSINTR by the controller, see docs/decisions.md).
import { fail } from '../errors/api-error.js'
import { ERROR_FILE_NOT_FOUND, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY, ERROR_NOT_SUPPORTED } from '../errors/win32.js'

/** giisr.h: USER_IOCTL(X) = IOCTL_KLIB_USER + X, IOCTL_KLIB_USER = 256. */
export const IOCTL_KLIB_USER = 256
export const IOCTL_GIISR_INFO = IOCTL_KLIB_USER + 0
export const IOCTL_GIISR_PORTVALUE = IOCTL_KLIB_USER + 1
export const MAX_GIISR_INSTANCES = 32
export const GIISR_DLL = 'giisr.dll'
export const GIISR_ENTRY = 'ISRHandler'

/** GIISR_INFO { DWORD SysIntr; BOOL CheckPort; BOOL PortIsIO; BOOL UseMaskReg; DWORD PortAddr; DWORD PortSize;
 *  DWORD Mask; DWORD MaskAddr; }: eight DWORDs, 32 bytes, little-endian. */
export interface GIISR_INFO {
  SysIntr: number
  CheckPort: boolean
  PortIsIO: boolean
  UseMaskReg: boolean
  PortAddr: number
  PortSize: number
  Mask: number
  MaskAddr: number
}
export const GIISR_INFO_SIZE = 32

const FIELDS = ['SysIntr', 'CheckPort', 'PortIsIO', 'UseMaskReg', 'PortAddr', 'PortSize', 'Mask', 'MaskAddr'] as const

export function encodeGiisrInfo(info: GIISR_INFO): Uint8Array {
  const out = new Uint8Array(GIISR_INFO_SIZE)
  const v = new DataView(out.buffer)
  FIELDS.forEach((f, i) => v.setUint32(4 * i, Number(info[f]) >>> 0, true))
  return out
}

export function decodeGiisrInfo(bytes: Uint8Array): GIISR_INFO {
  const v = new DataView(bytes.buffer, bytes.byteOffset, GIISR_INFO_SIZE)
  const d = (i: number): number => v.getUint32(4 * i, true)
  return { SysIntr: d(0), CheckPort: d(1) !== 0, PortIsIO: d(2) !== 0, UseMaskReg: d(3) !== 0, PortAddr: d(4), PortSize: d(5), Mask: d(6), MaskAddr: d(7) }
}

export interface InstalledIsr {
  readonly handle: number
  readonly dll: string
  readonly entry: string
  readonly irq: number
  /** Owner tag of the module that loaded it (0 for a reflector acting for a user-mode driver's key). */
  readonly owner: number
  /** The last IOCTL_GIISR_INFO it received. */
  info: GIISR_INFO | null
}

export class IntChainHandlers {
  private readonly installed = new Map<number, InstalledIsr>()
  private nextHandle = 0x1000

  /** LoadIntChainHandler(lpszFileName, lpszFunctionName, bIRQ): the instance handle; throws an ApiError. */
  load(dll: string, entry: string, irq: number, owner: number): InstalledIsr {
    if (dll.toLowerCase() !== GIISR_DLL) fail(ERROR_FILE_NOT_FOUND, `${dll} is not an installable ISR this machine has (only ${GIISR_DLL})`)
    if (entry.toLowerCase() !== GIISR_ENTRY.toLowerCase()) fail(ERROR_INVALID_PARAMETER, `${dll} exports no ${entry}`)
    if (!Number.isInteger(irq) || irq < 0 || irq > 0xff) fail(ERROR_INVALID_PARAMETER, `IRQ ${irq} is not a BYTE`)
    if (this.installed.size >= MAX_GIISR_INSTANCES) fail(ERROR_NOT_ENOUGH_MEMORY, `${dll} has ${MAX_GIISR_INSTANCES} instances already`)
    const isr: InstalledIsr = { handle: this.nextHandle++, dll, entry, irq, owner, info: null }
    this.installed.set(isr.handle, isr)
    return isr
  }

  /** FreeIntChainHandler(hInstance). */
  free(handle: number): void {
    if (!this.installed.delete(handle >>> 0)) fail(ERROR_INVALID_HANDLE, `${handle} is not an installed ISR`)
  }

  /** KernelLibIoControl(hLib, code, in, nIn, …) for an installed ISR: IOCTL_GIISR_INFO stores the configuration. */
  ioControl(handle: number, code: number, input: Uint8Array): void {
    const isr = this.installed.get(handle >>> 0)
    if (!isr) fail(ERROR_INVALID_HANDLE, `${handle} is not an installed ISR`)
    if (code >>> 0 !== IOCTL_GIISR_INFO) fail(ERROR_NOT_SUPPORTED, `the ISR model only takes IOCTL_GIISR_INFO`)
    if (input.length < GIISR_INFO_SIZE) fail(ERROR_INVALID_PARAMETER, `GIISR_INFO needs ${GIISR_INFO_SIZE} bytes, got ${input.length}`)
    isr.info = decodeGiisrInfo(input)
  }

  get(handle: number): InstalledIsr | undefined {
    return this.installed.get(handle >>> 0)
  }

  list(): InstalledIsr[] {
    return [...this.installed.values()]
  }
}
