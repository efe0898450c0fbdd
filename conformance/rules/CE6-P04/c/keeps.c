/* CE6-P04 in C (keeps): asks only for what user mode may ask (IOCTL_HAL_GET_DEVICEID). */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  PBYTE pId = (PBYTE)LocalAlloc(LMEM_FIXED, 64);
  DWORD cbReturned = 0;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  if (pId == NULL) return FALSE;
  KernelIoControl(IOCTL_HAL_GET_DEVICEID, NULL, 0, pId, 64, &cbReturned);
  LocalFree(pId);
  return TRUE;
}
