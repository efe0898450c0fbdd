// legacy.dll's IOCTLs after the port. GET_INFO and READ_ASYNC both take { DWORD pBuffer; DWORD cbBuffer }: an
// embedded pointer to the caller's buffer. READ_ASYNC changed: a user-mode driver cannot write caller memory after
// the call returned (CE6-A06), so the call now waits for the worker, which fills an embedded buffer the driver opened.
export const IOCTL_LEG_GET_INFO = 0x00220004
export const IOCTL_LEG_READ_ASYNC = 0x00220008
export const REQUEST_SIZE = 8
export const CAPTURE_DELAY_MS = 5
