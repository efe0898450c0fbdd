// ledseq.dll's IOCTLs. PROGRAM: in { DWORD nSteps; DWORD pStep[nSteps] }, each pStep the caller's
// LED_STEP { DWORD rgb; DWORD ms }. CURRENT: out { DWORD rgb; DWORD ms } of step `index` (in DWORD).
export const IOCTL_LED_PROGRAM = 0x80003000
export const IOCTL_LED_STEP = 0x80003004
export const MAX_STEPS = 8
