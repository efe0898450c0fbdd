/* CE6-A07 in C: a frame grabber that arms a read with the caller's output buffer (made asynchronous) and
 * completes it on the next frame-ready call, whoever makes it; a pending read is dropped at Deinit. */
#include <windows.h>
#include <pkfuncs.h>
#include <cedk_seh.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define IOCTL_ARM_READ 1    /* the output buffer receives the next frame */
#define IOCTL_FRAME_READY 2 /* the frame has arrived: complete the armed read */
#define FRAME_FILL 0x01

typedef struct {
  BOOL fPending;
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

static void FinishRead(BOOL fDeliver) {
  DWORD dwDelivered = 0;
  if (!g_read.fPending) return;
  if (fDeliver) CeTryCall(DeliverFrame, &g_read, &dwDelivered); /* a fault only loses the frame */
  CeFreeAsynchronousBuffer(g_read.pAsync, g_read.pCaller, g_read.cb, ARG_O_PTR);
  g_read.fPending = FALSE;
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)pBufIn; (void)dwLenIn; (void)pdwActualOut;
  if (dwCode == IOCTL_ARM_READ) {
    if (SUCCEEDED(CeAllocAsynchronousBuffer(&g_read.pAsync, pBufOut, dwLenOut, ARG_O_PTR))) {
      g_read.pCaller = pBufOut;
      g_read.cb = dwLenOut;
      g_read.fPending = TRUE;
    }
  } else {
    FinishRead(TRUE);
  }
  return TRUE;
}

CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) {
  (void)hDeviceContext;
  FinishRead(FALSE);
  return TRUE;
}
