/* CE6-A06 in C: a frame grabber ported from CE5. A read is armed with the caller's output buffer, made
 * asynchronous, and completed by a later call when the frame arrives; from a udevice that buffer is gone by then. */
#include <windows.h>
#include <pkfuncs.h>
#include <cedk_seh.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define IOCTL_ARM_READ 1    /* the output buffer receives the next frame */
#define IOCTL_FRAME_READY 2 /* the frame has arrived: complete the armed read */
#define FRAME_FILL 0x01

typedef struct {
  PVOID pCaller; /* the output buffer as the caller gave it */
  PVOID pAsync;  /* its asynchronous buffer */
  DWORD cb;
} PENDING_READ;

static PENDING_READ g_read;

static DWORD DeliverFrame(void *pContext) {
  PENDING_READ *r = (PENDING_READ *)pContext;
  memset(r->pAsync, FRAME_FILL, r->cb);
  return r->cb;
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  DWORD dwDelivered = 0;
  (void)hOpenContext; (void)pBufIn; (void)dwLenIn; (void)pdwActualOut;
  if (dwCode == IOCTL_ARM_READ) {
    g_read.pCaller = pBufOut;
    g_read.cb = dwLenOut;
    return SUCCEEDED(CeAllocAsynchronousBuffer(&g_read.pAsync, pBufOut, dwLenOut, ARG_O_PTR));
  }
  /* IOCTL_FRAME_READY: a fault here only loses the frame. */
  CeTryCall(DeliverFrame, &g_read, &dwDelivered);
  CeFreeAsynchronousBuffer(g_read.pAsync, g_read.pCaller, g_read.cb, ARG_O_PTR);
  return TRUE;
}
