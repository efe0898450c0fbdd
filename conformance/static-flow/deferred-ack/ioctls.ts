// modemctl.dll's IOCTL. RESET: out DWORD status after the modem's reset sequence (settle time included).
export const IOCTL_MODEM_RESET = 0x80007000
export const RESET_SETTLE_MS = 3
