// keypad.dll's IOCTLs. WAIT_KEY: out DWORD scan code of the next key. INJECT: in DWORD scan code (what the keypad
// controller's interrupt would deliver; the test bench injects it).
export const IOCTL_KEY_WAIT = 0x80005000
export const IOCTL_KEY_INJECT = 0x80005004
