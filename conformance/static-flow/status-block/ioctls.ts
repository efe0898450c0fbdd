// gpsctl.dll's IOCTL. QUERY: in GPS_QUERY { DWORD pStatus } — pStatus the caller's GPS_STATUS { DWORD fix;
// DWORD satellites; DWORD hdop }, which the driver fills.
export const IOCTL_GPS_QUERY = 0x80009000
export const STATUS_BYTES = 12
