/* CE6-A05 in C: Reads its pointer parameter directly: the kernel has already checked it. */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)dwCode; (void)dwLenIn; (void)dwLenOut; (void)pdwActualOut;
  *(DWORD *)pBufOut = *(DWORD *)pBufIn;
  return TRUE;
}
