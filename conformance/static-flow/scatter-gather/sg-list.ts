// The scatter-gather list of a request, read out of the caller's input buffer.
import { offset, type DriverContext, type ParamPtr } from '@cedk/kernel'
import { MAX_SEGMENT, MAX_SEGMENTS } from './ioctls.js'

export interface Segment {
  data: number
  length: number
}

export function readSegments(ctx: DriverContext, pIn: ParamPtr, nIn: number): Segment[] | undefined {
  if (nIn < 4) return undefined
  const n = ctx.mem.readU32(pIn)
  if (n === 0 || n > MAX_SEGMENTS || nIn < 4 + 8 * n) return undefined
  const segments: Segment[] = []
  for (let i = 0; i < n; i++) {
    const at = offset(pIn, 4 + 8 * i)
    const seg = { data: ctx.mem.readU32(at), length: ctx.mem.readU32(offset(at, 4)) }
    if (seg.length > MAX_SEGMENT) return undefined
    segments.push(seg)
  }
  return segments
}
