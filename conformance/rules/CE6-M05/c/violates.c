/* CE6-M05 in C: Checks the length in the caller's buffer, then reads it there again to use it. */
#include <windows.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

/* The request: a byte count, then the bytes. */
typedef struct _COPY_REQUEST {
  DWORD cbData;
  BYTE Data[1];
} COPY_REQUEST;

static const WCHAR szCopying[] = u"TST: copying caller data\r\n";

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  COPY_REQUEST *pReq = (COPY_REQUEST *)pBufIn;
  (void)hOpenContext; (void)dwCode; (void)dwLenIn; (void)pdwActualOut;
  if (pReq->cbData > dwLenOut) return FALSE;
  OutputDebugStringW(szCopying);
  memcpy(pBufOut, pReq->Data, pReq->cbData);
  return TRUE;
}
