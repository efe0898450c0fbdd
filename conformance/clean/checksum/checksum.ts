// clean: a checksum engine that digests a caller's data buffer into a caller's digest block; exercises: embedded in and out pointers in one request, ARG_I_PTR and ARG_O_PTR opened side by side, CeOpenCallerBuffer without ForceDuplicate, both modes
//
// CKS1: a data-integrity helper (the kind a flash file system or an update agent calls): DIGEST reads cbData bytes
// through the request's pData (ARG_I_PTR) and writes a 16-byte digest — CRC-32, Adler-32, Fletcher-32 and the byte
// count — through its pDigest (ARG_O_PTR). Each embedded pointer is opened with its own descriptor and closed on
// every path. The request record is read into locals once, before either buffer is opened, so an application that
// aims pDigest back into its own request record (an in/out overlap it chose) only overwrites what it sent.
import { AccessViolation, ARG_I_PTR, ARG_O_PTR, ERROR_INVALID_PARAMETER, FAILED, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'
import { CKS_DIGEST_REQUEST_SIZE, DIGEST_BYTES, IOCTL_CKS_DIGEST, IOCTL_CKS_GET_STATS, MAX_DATA } from './checksum-ioctls.js'
import { digest } from './digests.js'

interface DigestRequest {
  pData: number
  cbData: number
  pDigest: number
  cbDigest: number
}

interface Stats {
  requests: number
  bytes: number
}

function readRequest(ctx: DriverContext, pIn: ParamPtr): DigestRequest {
  return {
    pData: ctx.mem.readU32(pIn),
    cbData: ctx.mem.readU32(offset(pIn, 4)),
    pDigest: ctx.mem.readU32(offset(pIn, 8)),
    cbDigest: ctx.mem.readU32(offset(pIn, 12)),
  }
}

/** The caller's data, read once through a marshalled ARG_I_PTR buffer; null when the pointer cannot be opened. */
function fetchData(ctx: DriverContext, req: DigestRequest): Uint8Array | null {
  const opened = ctx.CeOpenCallerBuffer(req.pData, req.cbData, ARG_I_PTR, false)
  if (FAILED(opened.hr)) return null
  try {
    return ctx.mem.read(opened.ptr, req.cbData)
  } finally {
    ctx.CeCloseCallerBuffer(opened.ptr, req.pData, req.cbData, ARG_I_PTR)
  }
}

/** Write the digest through a marshalled ARG_O_PTR buffer. */
function storeDigest(ctx: DriverContext, req: DigestRequest, value: Uint8Array): boolean {
  const opened = ctx.CeOpenCallerBuffer(req.pDigest, req.cbDigest, ARG_O_PTR, false)
  if (FAILED(opened.hr)) return false
  try {
    ctx.mem.write(opened.ptr, value)
  } finally {
    ctx.CeCloseCallerBuffer(opened.ptr, req.pDigest, req.cbDigest, ARG_O_PTR)
  }
  return true
}

export default defineDriver('checksum.dll', (ctx) => {
  const stats: Stats = { requests: 0, bytes: 0 }
  const fail = (): false => (ctx.SetLastError(ERROR_INVALID_PARAMETER), false)

  function digestRequest(pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < CKS_DIGEST_REQUEST_SIZE) return fail()
    const req = readRequest(ctx, pIn)
    if (req.cbData === 0 || req.cbData > MAX_DATA || req.cbDigest !== DIGEST_BYTES) return fail()
    const data = fetchData(ctx, req)
    if (data === null) return fail()
    if (!storeDigest(ctx, req, digest(data))) return fail()
    stats.requests++
    stats.bytes += data.length
    return true
  }

  function getStats(pOut: ParamPtr, nOut: number): boolean {
    if (!pOut || nOut < 8) return fail()
    ctx.mem.writeU32(pOut, stats.requests)
    ctx.mem.writeU32(offset(pOut, 4), stats.bytes >>> 0)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_hOpen, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      try {
        if (code === IOCTL_CKS_DIGEST) return digestRequest(pIn, nIn)
        if (code === IOCTL_CKS_GET_STATS) return getStats(pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail()
        throw e
      }
      return fail()
    },
  }
})
