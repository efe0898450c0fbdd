// micin.dll's IOCTLs. START: in CAPTURE { DWORD pRing; DWORD length } — the caller's ring buffer the microphone
// fills. STOP: ends the capture and hands the ring back.
export const IOCTL_CAPTURE_START = 0x8000c000
export const IOCTL_CAPTURE_STOP = 0x8000c004
export const MAX_RING = 256
