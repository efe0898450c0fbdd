// Parsing of the BATCH_REQUEST the accelerometer drivers share.
import { offset, type DriverContext, type ParamPtr } from '@cedk/kernel'
import { MAX_BATCH } from './ioctls.js'

export interface BatchRequest {
  pSamples: number
  count: number
}

/** The request in the caller's input buffer, or undefined when it is too short or asks for too much. */
export function parseBatchRequest(ctx: DriverContext, pIn: ParamPtr, nIn: number): BatchRequest | undefined {
  if (nIn < 8) return undefined
  const req = { pSamples: ctx.mem.readU32(pIn), count: ctx.mem.readU32(offset(pIn, 4)) }
  return req.count > 0 && req.count <= MAX_BATCH ? req : undefined
}
