// accelbat.dll's IOCTL. READ_BATCH: in BATCH_REQUEST { DWORD pSamples; DWORD count } — pSamples is the caller's
// array of `count` DWORD samples for the driver to fill.
export const IOCTL_ACCEL_READ_BATCH = 0x80004000
export const MAX_BATCH = 32
