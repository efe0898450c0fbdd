/* CE6-P01 in C (violates): Maps a register at a hard-coded address past the end of the window its key declares. */
#include <windows.h>
#include <ceddk.h>

#define DEVICE_REGS_PA 0x90000000UL
#define STATUS_OFFSET 0x200

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  PHYSICAL_ADDRESS pa;
  volatile ULONG *pStatus;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  pa.QuadPart = DEVICE_REGS_PA + STATUS_OFFSET;
  pStatus = (volatile ULONG *)MmMapIoSpace(pa, sizeof(ULONG), FALSE);
  if (pStatus == NULL) return FALSE;
  (void)READ_REGISTER_ULONG(pStatus);
  MmUnmapIoSpace((PVOID)pStatus, sizeof(ULONG));
  return TRUE;
}
