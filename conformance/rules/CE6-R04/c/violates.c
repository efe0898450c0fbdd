/* CE6-R04 in C: a counter driver whose device context comes from LocalAlloc in Init; Deinit only clears it. */
#include <windows.h>

typedef struct {
  DWORD dwRequests;
  DWORD dwLastValue;
  BYTE reserved[56]; /* per-channel state of the full board */
} COUNTER_DEVICE;

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)pContext; (void)lpvBusContext;
  return (DWORD)LocalAlloc(LMEM_FIXED, sizeof(COUNTER_DEVICE));
}

CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) {
  COUNTER_DEVICE *dev = (COUNTER_DEVICE *)hDeviceContext;
  dev->dwRequests = 0;
  return TRUE;
}

CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)AccessCode; (void)ShareMode; return hDeviceContext; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  COUNTER_DEVICE *dev = (COUNTER_DEVICE *)hOpenContext;
  (void)dwCode; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  if (pBufIn == NULL || dwLenIn < sizeof(DWORD)) return FALSE;
  dev->dwRequests++;
  dev->dwLastValue = *(DWORD *)pBufIn;
  return TRUE;
}
