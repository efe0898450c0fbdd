/* serial.dll's IOCTLs and their buffers: shared by the driver and the applications that open COM1:. The codes are
 * this example's own (function numbers 0x800+ of FILE_DEVICE_SERIAL_PORT, the customer range), the same as the
 * TypeScript driver's (examples/serial/src/ioctls.ts), not CE's pegdser.h values. Every buffer is flat. */
#ifndef SERIAL_IOCTL_H
#define SERIAL_IOCTL_H

#ifndef FILE_DEVICE_SERIAL_PORT
#define FILE_DEVICE_SERIAL_PORT 0x0000001B
#endif
#define SERIAL_CTL_CODE(fn) CTL_CODE(FILE_DEVICE_SERIAL_PORT, 0x800 + (fn), METHOD_BUFFERED, FILE_ANY_ACCESS)

/* In: DWORD baud rate. */
#define IOCTL_SERIAL_SET_BAUD_RATE SERIAL_CTL_CODE(1)
/* Out: DWORD baud rate. */
#define IOCTL_SERIAL_GET_BAUD_RATE SERIAL_CTL_CODE(2)
/* In: SERIAL_LINE_CONTROL. */
#define IOCTL_SERIAL_SET_LINE_CONTROL SERIAL_CTL_CODE(3)
/* Out: SERIAL_LINE_CONTROL. */
#define IOCTL_SERIAL_GET_LINE_CONTROL SERIAL_CTL_CODE(4)
/* In: COMMTIMEOUTS. */
#define IOCTL_SERIAL_SET_TIMEOUTS SERIAL_CTL_CODE(5)
/* Out: COMMTIMEOUTS. */
#define IOCTL_SERIAL_GET_TIMEOUTS SERIAL_CTL_CODE(6)
/* Out: SERIAL_DEV_STATUS; reading it clears Errors. */
#define IOCTL_SERIAL_GET_COMMSTATUS SERIAL_CTL_CODE(7)
/* In: DWORD PURGE_* flags. */
#define IOCTL_SERIAL_PURGE SERIAL_CTL_CODE(8)

typedef struct _SERIAL_LINE_CONTROL {
  BYTE StopBits; /* ONESTOPBIT or TWOSTOPBITS */
  BYTE Parity; /* NOPARITY, ODDPARITY, EVENPARITY */
  BYTE WordLength; /* 5 to 8 */
} SERIAL_LINE_CONTROL;

typedef struct _SERIAL_DEV_STATUS {
  DWORD Errors; /* CE_* bits since the last GET_COMMSTATUS */
  DWORD cbInQue;
  DWORD cbOutQue;
} SERIAL_DEV_STATUS;

/* winbase.h's comm definitions, where the SDK headers in use do not have them. */
#ifndef MAXDWORD
#define MAXDWORD 0xFFFFFFFFUL
#endif
#ifndef NOPARITY
#define NOPARITY 0
#define ODDPARITY 1
#define EVENPARITY 2
#define ONESTOPBIT 0
#define TWOSTOPBITS 2
#endif
#ifndef CE_RXOVER
#define CE_RXOVER 0x0001
#define CE_OVERRUN 0x0002
#define CE_RXPARITY 0x0004
#define CE_FRAME 0x0008
#define CE_BREAK 0x0010
#endif
#ifndef PURGE_TXABORT
#define PURGE_TXABORT 0x0001
#define PURGE_RXABORT 0x0002
#define PURGE_TXCLEAR 0x0004
#define PURGE_RXCLEAR 0x0008
#endif
#ifndef _COMMTIMEOUTS_DEFINED
#define _COMMTIMEOUTS_DEFINED
typedef struct _COMMTIMEOUTS {
  DWORD ReadIntervalTimeout;
  DWORD ReadTotalTimeoutMultiplier;
  DWORD ReadTotalTimeoutConstant;
  DWORD WriteTotalTimeoutMultiplier;
  DWORD WriteTotalTimeoutConstant;
} COMMTIMEOUTS, *LPCOMMTIMEOUTS;
#endif

#endif
