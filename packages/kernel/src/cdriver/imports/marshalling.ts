// The marshalling API beyond coredll-core's open/close/alloc/free: CeFlushAsynchronousBuffer, which marshal.hpp's
// MarshalledBuffer_t::Flush and AsynchronousBuffer_t::Flush call to write an asynchronous copy back early.
import type { Ptr } from '../../memory/pointers.js'
import type { BinderTable } from './binder.js'

export const coredllMarshalling: BinderTable = {
  CeFlushAsynchronousBuffer: (ctx, h) => (dest, srcSync, srcUnmarshalled, cb, desc) =>
    ctx.CeFlushAsynchronousBuffer(dest >>> 0, h.sim(srcSync) as Ptr, srcUnmarshalled >>> 0, cb >>> 0, desc >>> 0) | 0,
}
