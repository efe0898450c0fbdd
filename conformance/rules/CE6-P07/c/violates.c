/* CE6-P07 in C (violates): decodes the record in place, as its CE5 version did: makes the input page writable
 * first, then copies it out. */
#include <windows.h>

#define RECORD_KEY 0x5A

static BOOL DecodeInPlace(PBYTE p, DWORD cb) {
  DWORD i, dwOld;
  if (!VirtualProtect(p, cb, PAGE_READWRITE, &dwOld)) return FALSE;
  for (i = 0; i < cb; i++) p[i] ^= RECORD_KEY;
  return TRUE;
}

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)dwCode; (void)pdwActualOut;
  if (pBufIn == NULL || pBufOut == NULL || dwLenOut < dwLenIn) return FALSE;
  if (!DecodeInPlace(pBufIn, dwLenIn)) return FALSE;
  memcpy(pBufOut, pBufIn, dwLenIn);
  return TRUE;
}
