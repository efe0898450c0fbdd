/* CE6-A06 in C: a frame grabber that keeps the last frame in its own memory, so a read completes during the
 * call that gave the output buffer; the frame-ready notification only refreshes the frame. */
#include <windows.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define IOCTL_READ_FRAME 1  /* the output buffer receives the current frame */
#define IOCTL_FRAME_READY 2 /* a new frame has arrived */
#define FRAME_FILL 0x01

static DWORD g_dwFrames;

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)pBufIn; (void)dwLenIn; (void)pdwActualOut;
  if (dwCode == IOCTL_READ_FRAME) {
    memset(pBufOut, FRAME_FILL, dwLenOut);
    return TRUE;
  }
  g_dwFrames++; /* IOCTL_FRAME_READY */
  return TRUE;
}
