/* CE6-A02 in C: a sample reader that fills the caller's output through an asynchronous buffer (the samples may
 * come from the acquisition thread) and frees it only when the fill fails. */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define SAMPLE_FILL 0x01

/* The device's latest block of samples; this board reports a constant level between acquisitions. */
static BOOL FillSamples(PBYTE pDest, DWORD cb) {
  if (cb == 0) return FALSE;
  memset(pDest, SAMPLE_FILL, cb);
  return TRUE;
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  PVOID pAsync = NULL;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn;
  if (FAILED(CeAllocAsynchronousBuffer(&pAsync, pBufOut, dwLenOut, ARG_O_PTR))) return FALSE;
  if (!FillSamples((PBYTE)pAsync, dwLenOut)) {
    CeFreeAsynchronousBuffer(pAsync, pBufOut, dwLenOut, ARG_O_PTR);
    SetLastError(ERROR_NO_DATA);
    return FALSE;
  }
  if (pdwActualOut != NULL) *pdwActualOut = dwLenOut;
  return TRUE;
}
