// Property (behaviour 13): whatever the data and whatever the caller writes after the open, a duplicated buffer
// shows the data as it was at the open; a direct buffer and an async alias show the caller's later writes.
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { ARG_I_PTR, MARSHAL_FORCE_ALIAS, S_OK, type Ptr } from '../../src/index.js'
import { embedded, kernelRig } from './rig.js'

const RUNS = Number(process.env.CEDK_RUNS ?? 20)

type How = 'duplicate' | 'direct' | 'alias' | 'user-duplicate'

async function seenAfterRewrite(how: How, before: Uint8Array, after: Uint8Array): Promise<Uint8Array> {
  const r = await kernelRig({ userMode: how === 'user-duplicate' })
  const n = before.length
  const buf = r.app.alloc(n)
  r.app.write(buf, before)
  let seen: Uint8Array = new Uint8Array(0)
  r.body(async (ctx, a) => {
    const src = embedded(ctx, a)
    const o = ctx.CeOpenCallerBuffer(src, n, ARG_I_PTR, how === 'duplicate')
    let p: Ptr = o.ptr
    const as = how === 'alias' ? ctx.CeAllocAsynchronousBuffer(o.ptr, n, ARG_I_PTR | MARSHAL_FORCE_ALIAS) : null
    if (as) p = as.ptr
    await ctx.Sleep(1)
    seen = ctx.mem.read(p, n)
    if (as) ctx.CeFreeAsynchronousBuffer(as.ptr, o.ptr, n, ARG_I_PTR | MARSHAL_FORCE_ALIAS)
    return ctx.CeCloseCallerBuffer(o.ptr, src, n, ARG_I_PTR) === S_OK
  })
  const pIn = r.app.alloc(4)
  r.app.writeU32(pIn, buf)
  const call = r.app.DeviceIoControl(r.h, 1, pIn, 4, 0, 0)
  r.app.write(buf, after)
  expect((await call).ok).toBe(true)
  return seen
}

test('property, behaviour 13: duplicated buffers hide caller writes made after the open; direct and aliased ones do not', async () => {
  const pair = fc.integer({ min: 1, max: 2048 }).chain((n) => fc.tuple(fc.uint8Array({ minLength: n, maxLength: n }), fc.uint8Array({ minLength: n, maxLength: n })))
  await fc.assert(
    fc.asyncProperty(fc.constantFrom<How>('duplicate', 'direct', 'alias', 'user-duplicate'), pair, async (how, [before, after]) => {
      const seen = await seenAfterRewrite(how, before, after)
      expect(Array.from(seen)).toEqual(Array.from(how === 'duplicate' || how === 'user-duplicate' ? before : after))
    }),
    { seed: 42, numRuns: RUNS },
  )
})
