// checksum.dll's IOCTLs and records, in the description language.
import { buffer, ioctl, ptr, struct, u32 } from '@cedk/conformance'

export const IOCTL_CKS_DIGEST = 0x00226010
export const IOCTL_CKS_GET_STATS = 0x00226014
export const MAX_DATA = 512
export const DIGEST_BYTES = 16
export const CKS_DIGEST_REQUEST_SIZE = 16

export const CKS_DIGEST_REQUEST = struct('CKS_DIGEST_REQUEST', {
  pData: ptr(buffer(MAX_DATA), { dir: 'in', len: 'cbData' }),
  cbData: u32({ min: 1, max: MAX_DATA }),
  pDigest: ptr(buffer(DIGEST_BYTES), { dir: 'out', len: 'cbDigest' }),
  cbDigest: u32({ oneOf: [DIGEST_BYTES] }),
})
export const CKS_STATS = struct('CKS_STATS', { dwRequests: u32(), dwBytes: u32() })

export const checksumIoctls = [
  ioctl('DIGEST', IOCTL_CKS_DIGEST, { in: CKS_DIGEST_REQUEST }),
  ioctl('GET_STATS', IOCTL_CKS_GET_STATS, { out: CKS_STATS }),
] as const
