// pattgen.dll's IOCTLs. SET: PATTERN_DESC { DWORD width; DWORD height; DWORD pPalette; DWORD nColours } — the
// palette is an array of DWORD colours in the caller's memory. PIXEL: in { DWORD x; DWORD y }, out DWORD colour.
export const IOCTL_PATTERN_SET = 0x80002000
export const IOCTL_PATTERN_PIXEL = 0x80002004
export const MAX_COLOURS = 16
