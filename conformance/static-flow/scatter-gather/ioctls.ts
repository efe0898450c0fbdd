// sgcopy.dll's IOCTL. GATHER: in SG_LIST { DWORD nSegments; SG_SEGMENT seg[n] } with SG_SEGMENT { DWORD pData;
// DWORD length } in the caller's memory; out: the segments' bytes back to back.
export const IOCTL_SG_GATHER = 0x8000e000
export const MAX_SEGMENTS = 4
export const MAX_SEGMENT = 64
