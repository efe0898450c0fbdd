/* legacy.dll's IOCTLs, shared by the CE5 driver and its port. GET_INFO's input is LEG_BUFFER_REQUEST, an embedded
 * pointer to the caller's text buffer. READ_ASYNC: the CE5 driver returns at once and fills the output buffer later
 * from a worker thread; the port takes a LEG_BUFFER_REQUEST too and waits for its worker. */
#ifndef LEGACY_IOCTL_H
#define LEGACY_IOCTL_H
#include <windows.h>

#define FILE_DEVICE_LEGACY FILE_DEVICE_UNKNOWN
#define IOCTL_LEG_GET_INFO CTL_CODE(FILE_DEVICE_LEGACY, 1, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_LEG_READ_ASYNC CTL_CODE(FILE_DEVICE_LEGACY, 2, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _LEG_BUFFER_REQUEST {
  PBYTE pBuffer;
  DWORD cbBuffer;
} LEG_BUFFER_REQUEST;

/* How long the worker takes before it writes the capture (ms). */
#define CAPTURE_DELAY_MS 5
#endif
