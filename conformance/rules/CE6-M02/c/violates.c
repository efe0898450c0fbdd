/* CE6-M02 in C: a diagnostics driver whose "peek" request reads the DWORD at an address the caller names, as its
 * CE5 version did for a board bring-up tool; nothing checks that the caller may read there. */
#include <windows.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

typedef struct {
  const DWORD *pAddress; /* where to read */
} PEEK_REQUEST;

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  const PEEK_REQUEST *req = (const PEEK_REQUEST *)pBufIn;
  (void)hOpenContext; (void)dwCode; (void)pdwActualOut;
  if (pBufIn == NULL || dwLenIn < sizeof *req || pBufOut == NULL || dwLenOut < sizeof(DWORD)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  *(DWORD *)pBufOut = *req->pAddress;
  return TRUE;
}
