// Sends its peer the DWORD itself in the in buffer (the flattened form).
import { offset } from '@cedk/kernel'
import { IOCTL_READ, peerDriver } from './peer.js'

export default peerDriver(
  'u04.dll',
  async (ctx, peer, value) => {
    const data = ctx.LocalAlloc(0, 8)
    ctx.mem.writeU32(data, value)
    const ok = await ctx.DeviceIoControl(peer, IOCTL_READ, data, 4, offset(data, 4), 4, 0)
    const got = ok ? ctx.mem.readU32(offset(data, 4)) : null
    ctx.LocalFree(data)
    return got
  },
  (ctx, pIn, nIn) => (nIn < 4 ? null : ctx.mem.readU32(pIn)),
)
