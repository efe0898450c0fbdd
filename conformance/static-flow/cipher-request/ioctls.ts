// xorcrypt.dll's IOCTLs. SET_KEY: in 16 key bytes. APPLY: in data, out the same length of transformed data.
export const IOCTL_CRYPT_SET_KEY = 0x80008000
export const IOCTL_CRYPT_APPLY = 0x80008004
export const KEY_BYTES = 16
