/* CE6-P07 in C (keeps): decodes the record into the output buffer: the input stays as the caller sent it. */
#include <windows.h>

#define RECORD_KEY 0x5A

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  DWORD i;
  (void)hOpenContext; (void)dwCode; (void)pdwActualOut;
  if (pBufIn == NULL || pBufOut == NULL || dwLenOut < dwLenIn) return FALSE;
  for (i = 0; i < dwLenIn; i++) pBufOut[i] = pBufIn[i] ^ RECORD_KEY;
  return TRUE;
}
