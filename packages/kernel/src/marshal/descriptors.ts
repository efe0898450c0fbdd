// Argument descriptors as the marshalling helpers read them (fact sheet §4, §5.1 GetBufferSize) and the HRESULT
// failures the helpers return instead of setting a last error.
import {
  ARG_I_ASTR,
  ARG_I_PDW,
  ARG_I_PTR,
  ARG_I_WSTR,
  ARG_IO_PDW,
  ARG_IO_PI64,
  ARG_IO_PTR,
  ARG_O_BIT,
  ARG_O_PDW,
  ARG_O_PI64,
  ARG_O_PTR,
  MARSHAL_FORCE_ALIAS,
} from '../devmgr/args.js'
import { E_INVALIDARG } from '../errors/win32.js'

/** MARSHAL_CICO_SIZE = 2 * MAX_PATH: kernel-mode async buffers up to this size are copied in and out. */
export const MARSHAL_CICO_SIZE = 520

/** A helper's failure: its HRESULT travels up to the API boundary, where it becomes the return value. */
export class HrError extends Error {
  constructor(
    readonly hr: number,
    detail: string,
  ) {
    super(detail)
    this.name = 'HrError'
  }
}

export function hrFail(hr: number, detail: string): never {
  throw new HrError(hr, detail)
}

const VALID = [ARG_I_PTR, ARG_I_WSTR, ARG_I_ASTR, ARG_I_PDW, ARG_O_PTR, ARG_O_PDW, ARG_O_PI64, ARG_IO_PTR, ARG_IO_PDW, ARG_IO_PI64]
/** The pointer descriptors (all below 16) as bits: a shift and a mask instead of a Set lookup on every helper call. */
const VALID_BITS = VALID.reduce((bits, d) => bits | (1 << d), 0)

/** The descriptor without MARSHAL_FORCE_ALIAS; anything but a pointer descriptor (ARG_DW included) is E_INVALIDARG. */
export function descriptorType(desc: number): number {
  const d = (desc & ~MARSHAL_FORCE_ALIAS) >>> 0
  if (d >= 16 || ((VALID_BITS >>> d) & 1) === 0) hrFail(E_INVALIDARG, `descriptor 0x${(desc >>> 0).toString(16)} is not a pointer descriptor`)
  return d
}

export const hasOut = (desc: number): boolean => (desc & ARG_O_BIT) !== 0
export const forceAlias = (desc: number): boolean => (desc & MARSHAL_FORCE_ALIAS) !== 0
export const isString = (type: number): boolean => type === ARG_I_WSTR || type === ARG_I_ASTR

/**
 * GetBufferSize: *_PDW must be 4 bytes, *_PI64 8, *_PTR any non-zero size; a string of size 0 is measured
 * (`measure` returns the size with its NUL, or null when the string cannot be read). 0 is E_INVALIDARG.
 */
export function bufferSize(type: number, cb: number, measure: () => number | null): number | null {
  const n = cb >>> 0
  switch (type) {
    case ARG_I_PDW:
    case ARG_O_PDW:
    case ARG_IO_PDW:
      if (n !== 4) hrFail(E_INVALIDARG, `a *_PDW buffer is 4 bytes, not ${n}`)
      return n
    case ARG_O_PI64:
    case ARG_IO_PI64:
      if (n !== 8) hrFail(E_INVALIDARG, `a *_PI64 buffer is 8 bytes, not ${n}`)
      return n
    case ARG_I_WSTR:
    case ARG_I_ASTR:
      return n !== 0 ? n : measure()
    default:
      if (n === 0) hrFail(E_INVALIDARG, 'size 0')
      return n
  }
}
