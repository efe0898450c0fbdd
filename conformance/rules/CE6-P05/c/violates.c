/* CE6-P05 in C: Locks its buffer's pages (kernel-mode only). */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  LPVOID pBuffer;
  BOOL fOk;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  pBuffer = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE);
  fOk = LockPages(pBuffer, 4096, NULL, 0);
  VirtualFree(pBuffer, 0, MEM_RELEASE);
  return fOk;
}
