// What both twins share: the driver runs as two instances, one in the kernel and one in udevice, each key naming the
// other in its "Peer" value. On IOCTL_FORWARD an instance has its peer read a DWORD of its own memory for it;
// `serve` is how the peer receives that request (IOCTL_READ). The twins differ in the request's form.
import type { DriverContext, ParamPtr, StreamEntries } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export const IOCTL_FORWARD = 1
export const IOCTL_READ = 2
export const VALUE = 0xfeedf00d

type Forward = (ctx: DriverContext, peer: number, value: number) => Promise<number | null>
type Serve = (ctx: DriverContext, pIn: ParamPtr, nIn: number) => number | null

/** The peer device name from the key's "Peer" value ("PER1:" or "TST1:"). */
function peerName(ctx: DriverContext, active: string | number): string {
  const key = ctx.OpenDeviceKey(active)
  const v = key ? ctx.RegQueryValueEx(key, 'Peer').value : undefined
  if (key) ctx.RegCloseKey(key)
  return v?.type === 1 ? v.data : ''
}

export function peerDriver(dll: string, forward: Forward, serve: Serve) {
  return corpusDriver(dll, (ctx): Partial<StreamEntries> => {
    let peer = ''
    return {
      Init: (active) => ((peer = peerName(ctx, active)), 1),
      IOControl: async (_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) => {
        if (nOut < 4) return false
        let got: number | null = null
        if (code === IOCTL_READ) got = serve(ctx, pIn, nIn)
        else if (code === IOCTL_FORWARD && peer) {
          const h = await ctx.CreateFile(peer, 0xc0000000)
          got = await forward(ctx, h, VALUE)
          await ctx.CloseHandle(h)
        }
        if (got === null) return false
        ctx.mem.writeU32(pOut, got)
        return true
      },
    }
  })
}
