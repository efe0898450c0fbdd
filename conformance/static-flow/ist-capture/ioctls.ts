// adcap.dll's IOCTLs. ARM: out DWORD, the next conversion result. CONVERT: start a conversion (the bench's stand-in
// for the converter's end-of-conversion interrupt). LAST: out DWORD, the last result.
export const IOCTL_ADC_ARM = 0x80006000
export const IOCTL_ADC_CONVERT = 0x80006004
export const IOCTL_ADC_LAST = 0x80006008
