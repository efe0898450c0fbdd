// blkdma.dll's IOCTLs. START: in DMA_XFER { DWORD pBuffer; DWORD length } — the caller's buffer, which the engine
// fills in the background. WAIT: blocks until every transfer of the handle has completed.
export const IOCTL_DMA_START = 0x8000b000
export const IOCTL_DMA_WAIT = 0x8000b004
export const MAX_XFER = 512
