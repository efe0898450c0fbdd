/* CE6-R03 in C: a status driver whose Init creates the event it signals when the status changes; Deinit forgets
 * it. */
#include <windows.h>

typedef struct {
  HANDLE hChanged; /* auto-reset: set when the status changes */
  DWORD dwStatus;
} STATUS_DEVICE;

static STATUS_DEVICE g_dev;

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)pContext; (void)lpvBusContext;
  g_dev.hChanged = CreateEventW(NULL, FALSE, FALSE, NULL);
  return g_dev.hChanged != NULL ? (DWORD)&g_dev : 0;
}

CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) {
  STATUS_DEVICE *dev = (STATUS_DEVICE *)hDeviceContext;
  dev->dwStatus = 0;
  return TRUE;
}

CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)AccessCode; (void)ShareMode; return hDeviceContext; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  STATUS_DEVICE *dev = (STATUS_DEVICE *)hOpenContext;
  (void)dwCode; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  if (pBufIn == NULL || dwLenIn < sizeof(DWORD)) return FALSE;
  if (dev->dwStatus != *(DWORD *)pBufIn) {
    dev->dwStatus = *(DWORD *)pBufIn;
    SetEvent(dev->hChanged);
  }
  return TRUE;
}
