/* CE6-A07 in C: a frame grabber that arms a read with the caller's output buffer (made asynchronous) and
 * completes it on the next frame-ready call; the read belongs to the open handle that armed it, and Close
 * (which also runs when the caller exits) cancels it. */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }

#define IOCTL_ARM_READ 1    /* the output buffer receives the next frame */
#define IOCTL_FRAME_READY 2 /* the frame has arrived: complete the armed read */
#define FRAME_FILL 0x01

typedef struct {
  BOOL fPending;
  DWORD hOpen;   /* the open context that armed it */
  PVOID pCaller; /* the output buffer as the caller gave it */
  PVOID pAsync;  /* its asynchronous buffer */
  DWORD cb;
} PENDING_READ;

static PENDING_READ g_read;
static DWORD g_dwOpens;

CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) {
  (void)hDeviceContext; (void)AccessCode; (void)ShareMode;
  return ++g_dwOpens;
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)pBufIn; (void)dwLenIn; (void)pdwActualOut;
  if (dwCode == IOCTL_ARM_READ) {
    if (SUCCEEDED(CeAllocAsynchronousBuffer(&g_read.pAsync, pBufOut, dwLenOut, ARG_O_PTR))) {
      g_read.hOpen = hOpenContext;
      g_read.pCaller = pBufOut;
      g_read.cb = dwLenOut;
      g_read.fPending = TRUE;
    }
  } else if (g_read.fPending) {
    memset(g_read.pAsync, FRAME_FILL, g_read.cb);
    CeFreeAsynchronousBuffer(g_read.pAsync, g_read.pCaller, g_read.cb, ARG_O_PTR);
    g_read.fPending = FALSE;
  }
  return TRUE;
}

CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) {
  if (g_read.fPending && g_read.hOpen == hOpenContext) {
    CeFreeAsynchronousBuffer(g_read.pAsync, g_read.pCaller, g_read.cb, ARG_O_PTR);
    g_read.fPending = FALSE;
  }
  return TRUE;
}
