// fwflash.dll's IOCTL. VERIFY: in FW_IMAGE { DWORD pImage; DWORD length } — the caller's firmware image, which
// starts with a header { DWORD magic; DWORD length; DWORD checksum }. Out: DWORD 1 when the image is intact.
export const IOCTL_FW_VERIFY = 0x8000a000
export const FW_MAGIC = 0x46574d47
export const MAX_IMAGE = 4096
