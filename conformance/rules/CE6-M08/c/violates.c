/* CE6-M08 in C: Answers GET_VERSION with a 16-byte VERSION_INFO after checking only that the out buffer holds a DWORD. */
#include <windows.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

typedef struct _VERSION_INFO {
  DWORD dwVersion; /* 0x00060000: 6.0 */
  DWORD dwBuild;
  DWORD cbSize;
  DWORD dwFlags;
} VERSION_INFO;

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  VERSION_INFO *pInfo = (VERSION_INFO *)pBufOut;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pdwActualOut;
  if (pBufOut == NULL || dwLenOut < sizeof(DWORD)) {
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return FALSE;
  }
  pInfo->dwVersion = 0x00060000;
  pInfo->dwBuild = 1;
  pInfo->cbSize = sizeof(VERSION_INFO);
  pInfo->dwFlags = 0;
  return TRUE;
}
