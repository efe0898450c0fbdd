// MarshalledBuffer_t of marshal.hpp (fact sheet §6; behaviour 17): CeOpenCallerBuffer/CeCloseCallerBuffer, and
// optionally CeAllocAsynchronousBuffer/CeFreeAsynchronousBuffer, around one embedded pointer. Only for embedded
// pointers the kernel has not already checked or marshalled. C++'s `const` overloads are the `readonly` option.
// There are no destructors in TypeScript: call unmarshal() (the C++ destructor's work) yourself.
import type { MarshalApi } from '../api/marshal-api.js'
import { E_ACCESSDENIED, ERROR_ALREADY_EXISTS, ERROR_INVALID_PARAMETER, FAILED, HRESULT_FROM_WIN32, S_OK } from '../errors/win32.js'
import type { AsyncPtr, MarshalledPtr } from '../memory/pointers.js'
import { hasOut } from './descriptors.js'

export interface BufferOptions {
  /** The buffer is `const` (PCVOID): a descriptor with ARG_O_BIT is refused with E_ACCESSDENIED. */
  readonly?: boolean
}

interface Marshalled {
  src: number
  cb: number
  desc: number
  sync: MarshalledPtr
  async: AsyncPtr | 0
}

export class MarshalledBuffer {
  private cur: Marshalled | null = null
  private readonly readonly: boolean

  constructor(
    private readonly ctx: MarshalApi,
    opts: BufferOptions = {},
  ) {
    this.readonly = opts.readonly ?? false
  }

  /** Marshal(p, cb, desc, ForceDuplicate = TRUE, Asynchronous = FALSE). */
  marshal(p: number, cb: number, desc: number, forceDuplicate = true, asynchronous = false): number {
    if (this.cur) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)
    if (this.readonly && hasOut(desc)) return E_ACCESSDENIED
    const { hr, ptr } = this.ctx.CeOpenCallerBuffer(p, cb, desc, forceDuplicate)
    if (FAILED(hr)) return hr
    this.cur = { src: p >>> 0, cb, desc, sync: ptr, async: 0 }
    if (!asynchronous) return S_OK
    const a = this.ctx.CeAllocAsynchronousBuffer(ptr, cb, desc)
    if (FAILED(a.hr)) {
      this.unmarshal()
      return a.hr
    }
    this.cur.async = a.ptr
    return S_OK
  }

  /** Free the async buffer (if any), then close the caller buffer; the first failure is returned. */
  unmarshal(): number {
    const c = this.cur
    if (!c) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)
    this.cur = null
    const freed = c.async ? this.ctx.CeFreeAsynchronousBuffer(c.async, c.sync, c.cb, c.desc) : S_OK
    const closed = this.ctx.CeCloseCallerBuffer(c.sync, c.src, c.cb, c.desc)
    return FAILED(freed) ? freed : closed
  }

  /** CeFlushAsynchronousBuffer; ERROR_INVALID_PARAMETER when not marshalled asynchronously. */
  flush(): number {
    const c = this.cur
    if (!c || !c.async) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)
    return this.ctx.CeFlushAsynchronousBuffer(c.async, c.sync, c.src, c.cb, c.desc)
  }

  /** The async pointer if there is one, else the synchronous one; 0 when not marshalled. */
  ptr(): MarshalledPtr | AsyncPtr | 0 {
    return this.cur ? this.cur.async || this.cur.sync : 0
  }

  /** The size given to marshal(), 0 when not marshalled. */
  size(): number {
    return this.cur ? this.cur.cb : 0
  }
}
