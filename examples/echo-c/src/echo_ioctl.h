/* echo.dll's IOCTLs: shared by the driver and the applications that use ECH1:. */
#ifndef ECHO_IOCTL_H
#define ECHO_IOCTL_H

#define FILE_DEVICE_ECHO 0x8001UL

/* Out: ECHO_STATS. */
#define IOCTL_ECHO_GET_STATS CTL_CODE(FILE_DEVICE_ECHO, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* In: ECHO_XFORM; the bytes at pData are XORed with Key in place. */
#define IOCTL_ECHO_XOR_BUFFER CTL_CODE(FILE_DEVICE_ECHO, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Out: the queued bytes, not consumed. */
#define IOCTL_ECHO_PEEK CTL_CODE(FILE_DEVICE_ECHO, 0x803, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* No buffers: drop everything queued. */
#define IOCTL_ECHO_PURGE CTL_CODE(FILE_DEVICE_ECHO, 0x804, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _ECHO_STATS {
  DWORD BytesWritten;
  DWORD BytesRead;
  DWORD Queued;
  DWORD OpenCount;
} ECHO_STATS;

typedef struct _ECHO_XFORM {
  PBYTE pData; /* embedded pointer into the caller's memory */
  DWORD cbData;
  BYTE Key;
} ECHO_XFORM;

#endif
