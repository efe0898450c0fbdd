// Sends its peer a structure { pointer, length } to the DWORD in its own memory; the peer opens the pointer with
// CeOpenCallerBuffer, which a user-mode peer cannot do for a kernel address.
import { ARG_I_PTR, offset } from '@cedk/kernel'
import { IOCTL_READ, peerDriver } from './peer.js'

export default peerDriver(
  'u04.dll',
  async (ctx, peer, value) => {
    const data = ctx.LocalAlloc(0, 16)
    ctx.mem.writeU32(data, value)
    ctx.mem.writeU32(offset(data, 4), data)
    ctx.mem.writeU32(offset(data, 8), 4)
    const ok = await ctx.DeviceIoControl(peer, IOCTL_READ, offset(data, 4), 8, offset(data, 12), 4, 0)
    const got = ok ? ctx.mem.readU32(offset(data, 12)) : null
    ctx.LocalFree(data)
    return got
  },
  (ctx, pIn, nIn) => {
    if (nIn < 8) return null
    const src = ctx.mem.readU32(pIn)
    const len = ctx.mem.readU32(offset(pIn, 4))
    const r = ctx.CeOpenCallerBuffer(src, len, ARG_I_PTR, false)
    if (!r.ptr) return null
    const v = ctx.mem.readU32(r.ptr)
    ctx.CeCloseCallerBuffer(r.ptr, src, len, ARG_I_PTR)
    return v
  },
)
