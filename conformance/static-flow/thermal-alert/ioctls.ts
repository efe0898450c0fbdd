// thermal.dll's IOCTL. REPORT: in DWORD temperature in tenths of a degree (what the sensor's alarm delivers).
export const IOCTL_THERMAL_REPORT = 0x8000d000
export const ALERT_TENTHS = 850
