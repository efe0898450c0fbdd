// Fact sheet §6, behaviour 17: marshal.hpp's MarshalledBuffer_t, DuplicatedBuffer_t and AsynchronousBuffer_t.
import { describe, expect, test } from 'vitest'
import {
  ARG_I_PTR,
  ARG_IO_PTR,
  ARG_O_PTR,
  AsynchronousBuffer,
  DuplicatedBuffer,
  E_ACCESSDENIED,
  ERROR_ALREADY_EXISTS,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_SUPPORTED,
  HRESULT_FROM_WIN32,
  MarshalledBuffer,
  S_OK,
  marshalLedger,
} from '../../src/index.js'
import { embedded, ioctlWith, kernelRig, text } from './rig.js'

const ALREADY = HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)
const INVALID = HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)

describe('behaviour 17: the marshal.hpp wrappers', () => {
  test('MarshalledBuffer: ForceDuplicate defaults to TRUE; a second Marshal is ERROR_ALREADY_EXISTS; Unmarshal writes back', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(16)
    r.app.write(buf, 'mb..')
    const out: unknown[] = []
    await ioctlWith(
      r,
      (ctx, a) => {
        const mb = new MarshalledBuffer(ctx)
        const src = embedded(ctx, a)
        out.push(mb.ptr(), mb.size(), mb.marshal(src, 4, ARG_IO_PTR), mb.ptr() !== src, mb.size(), mb.marshal(src, 4, ARG_IO_PTR))
        out.push(marshalLedger(r.mod).find('CeOpenCallerBuffer', mb.ptr())?.kind, text(ctx.mem.read(mb.ptr() as never, 4)))
        ctx.mem.write(mb.ptr() as never, new TextEncoder().encode('MB!!'))
        out.push(mb.flush(), mb.unmarshal(), mb.unmarshal(), mb.ptr())
        return true
      },
      buf,
    )
    expect(out).toEqual([0, 0, S_OK, true, 4, ALREADY, 'duplicate', 'mb..', INVALID, S_OK, ALREADY, 0])
    expect(text(r.app.read(buf, 4))).toBe('MB!!')
  })

  test('MarshalledBuffer: a const (readonly) buffer refuses an O descriptor with E_ACCESSDENIED; asynchronous marshal gives the async pointer', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(16)
    const out: unknown[] = []
    await ioctlWith(
      r,
      (ctx, a) => {
        const src = embedded(ctx, a)
        const ro = new MarshalledBuffer(ctx, { readonly: true })
        out.push(ro.marshal(src, 4, ARG_O_PTR), ro.marshal(src, 4, ARG_I_PTR), ro.unmarshal())
        const as = new MarshalledBuffer(ctx)
        out.push(as.marshal(src, 4, ARG_O_PTR, false, true), marshalLedger(r.mod).find('CeAllocAsynchronousBuffer', as.ptr())?.kind, as.flush(), as.unmarshal())
        return true
      },
      buf,
    )
    expect(out).toEqual([E_ACCESSDENIED, S_OK, S_OK, S_OK, 'cico', S_OK, S_OK])
    expect(marshalLedger(r.mod).live()).toEqual([])
  })

  test('DuplicatedBuffer: Allocate twice, Free when not allocated, Flush (ERROR_NOT_SUPPORTED) and const + O', async () => {
    const r = await kernelRig()
    const out: unknown[] = []
    r.body((ctx, a) => {
      const d = new DuplicatedBuffer(ctx)
      out.push(d.free(), d.flush(), d.allocate(a.pOut, 4, ARG_IO_PTR), d.allocate(a.pOut, 4, ARG_IO_PTR), d.flush(), d.size())
      ctx.mem.write(d.ptr() as never, new TextEncoder().encode('dup.'))
      out.push(d.free(), d.free())
      out.push(new DuplicatedBuffer(ctx, { readonly: true }).allocate(a.pOut, 4, ARG_O_PTR))
      return true
    })
    const o = r.app.alloc(16)
    expect((await r.app.DeviceIoControl(r.h, 1, 0, 0, o, 4)).ok).toBe(true)
    expect(out).toEqual([ALREADY, INVALID, S_OK, ALREADY, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), 4, S_OK, ALREADY, E_ACCESSDENIED])
    expect(text(r.app.read(o, 4))).toBe('dup.')
  })

  test('AsynchronousBuffer: allocate during the call, flush and free later', async () => {
    const r = await kernelRig()
    let ab: AsynchronousBuffer | null = null
    const out: unknown[] = []
    r.body((ctx, a) => {
      if (a.code === 1) {
        ab = new AsynchronousBuffer(ctx)
        out.push(ab.allocate(a.pOut, 8, ARG_O_PTR))
      } else {
        ctx.mem.write(ab!.ptr() as never, new TextEncoder().encode('async...'))
        out.push(ab!.flush(), ab!.free(), ab!.flush())
      }
      return true
    })
    const o = r.app.alloc(16)
    await r.app.DeviceIoControl(r.h, 1, 0, 0, o, 8)
    await r.app.DeviceIoControl(r.h, 2, 0, 0, 0, 0)
    expect(out).toEqual([S_OK, S_OK, S_OK, INVALID])
    expect(text(r.app.read(o, 8))).toBe('async...')
  })
})
