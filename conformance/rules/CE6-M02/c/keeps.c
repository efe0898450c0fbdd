/* CE6-M02 in C (keeps): CeOpenCallerBuffer access-checks the pointer and refuses the kernel address:
 * ERROR_INVALID_PARAMETER. */
#include <windows.h>
#include <pkfuncs.h>

typedef struct _PEEK_REQUEST {
  const DWORD *pValue;
} PEEK_REQUEST;

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  const PEEK_REQUEST *pReq = (const PEEK_REQUEST *)pBufIn;
  PVOID pSrc = (PVOID)pReq->pValue;
  PVOID pValue = NULL;
  (void)hOpenContext; (void)dwCode; (void)dwLenIn; (void)dwLenOut; (void)pdwActualOut;
  if (FAILED(CeOpenCallerBuffer(&pValue, pSrc, sizeof(DWORD), ARG_I_PTR, FALSE))) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  *(DWORD *)pBufOut = *(const DWORD *)pValue;
  CeCloseCallerBuffer(pValue, pSrc, sizeof(DWORD), ARG_I_PTR);
  return TRUE;
}
