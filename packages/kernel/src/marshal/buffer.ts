// Buffer_t<Traits> of marshal.hpp (fact sheet §6; behaviour 17) and its two instances: DuplicatedBuffer_t
// (CeAllocDuplicateBuffer, for API arguments the kernel already checked and marshalled) and AsynchronousBuffer_t
// (CeAllocAsynchronousBuffer — kernel mode only, says marshal.hpp). Call free() yourself (the C++ destructor's work).
import type { MarshalApi } from '../api/marshal-api.js'
import { E_ACCESSDENIED, ERROR_ALREADY_EXISTS, ERROR_INVALID_PARAMETER, ERROR_NOT_SUPPORTED, FAILED, HRESULT_FROM_WIN32, S_OK } from '../errors/win32.js'
import type { AsyncPtr, MarshalledPtr, Ptr } from '../memory/pointers.js'
import { hasOut } from './descriptors.js'
import type { BufferOptions } from './marshalled-buffer.js'

interface Allocated<P> {
  src: Ptr
  cb: number
  desc: number
  dest: P
}

abstract class Buffer<P extends MarshalledPtr | AsyncPtr> {
  private cur: Allocated<P> | null = null
  private readonly readonly: boolean

  constructor(
    protected readonly ctx: MarshalApi,
    opts: BufferOptions = {},
  ) {
    this.readonly = opts.readonly ?? false
  }

  protected abstract alloc(src: Ptr, cb: number, desc: number): { hr: number; ptr: P }
  protected abstract release(b: Allocated<P>): number
  protected abstract flushBuffer(b: Allocated<P>): number

  allocate(src: Ptr, cb: number, desc: number): number {
    if (this.cur) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)
    if (this.readonly && hasOut(desc)) return E_ACCESSDENIED
    const { hr, ptr } = this.alloc(src, cb, desc)
    if (FAILED(hr)) return hr
    this.cur = { src, cb, desc, dest: ptr }
    return S_OK
  }

  free(): number {
    const c = this.cur
    if (!c) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)
    this.cur = null
    return this.release(c)
  }

  flush(): number {
    return this.cur ? this.flushBuffer(this.cur) : HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)
  }

  ptr(): P | 0 {
    return this.cur ? this.cur.dest : 0
  }

  size(): number {
    return this.cur ? this.cur.cb : 0
  }
}

export class DuplicatedBuffer extends Buffer<MarshalledPtr> {
  protected alloc(src: Ptr, cb: number, desc: number): { hr: number; ptr: MarshalledPtr } {
    return this.ctx.CeAllocDuplicateBuffer(src, cb, desc)
  }

  protected release(b: Allocated<MarshalledPtr>): number {
    return this.ctx.CeFreeDuplicateBuffer(b.dest, b.src, b.cb, b.desc)
  }

  protected flushBuffer(): number {
    return HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)
  }
}

export class AsynchronousBuffer extends Buffer<AsyncPtr> {
  protected alloc(src: Ptr, cb: number, desc: number): { hr: number; ptr: AsyncPtr } {
    return this.ctx.CeAllocAsynchronousBuffer(src, cb, desc)
  }

  protected release(b: Allocated<AsyncPtr>): number {
    return this.ctx.CeFreeAsynchronousBuffer(b.dest, b.src, b.cb, b.desc)
  }

  protected flushBuffer(b: Allocated<AsyncPtr>): number {
    return this.ctx.CeFlushAsynchronousBuffer(b.dest, b.src, 0, b.cb, b.desc)
  }
}
