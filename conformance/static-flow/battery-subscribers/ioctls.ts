// fuelgauge.dll's IOCTLs. SUBSCRIBE: out DWORD, where the caller wants the charge level reported. UPDATE: in DWORD,
// the gauge's new reading (the bench's stand-in for the gauge interrupt). LEVEL: out DWORD, the current level.
export const IOCTL_GAUGE_SUBSCRIBE = 0x8000f000
export const IOCTL_GAUGE_UPDATE = 0x8000f004
export const IOCTL_GAUGE_LEVEL = 0x8000f008
