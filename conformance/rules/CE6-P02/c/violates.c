/* CE6-P02 in C (violates): binds a SysIntr it computed itself (SYSINTR_FIRMWARE + the IRQ it expects), not the one
 * its key gives; without the interrupt it polls. */
#include <windows.h>
#include <pkfuncs.h>

#define EXPECTED_IRQ 4

static DWORD g_dwSysIntr;
static HANDLE g_hIntrEvent;
static BOOL g_fBound;

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)pContext;
  (void)lpvBusContext;
  g_dwSysIntr = SYSINTR_FIRMWARE + EXPECTED_IRQ;
  g_hIntrEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
  g_fBound = InterruptInitialize(g_dwSysIntr, g_hIntrEvent, NULL, 0);
  return 1;
}

CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) {
  (void)hDeviceContext;
  if (g_fBound) InterruptDisable(g_dwSysIntr);
  CloseHandle(g_hIntrEvent);
  return TRUE;
}

CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  return TRUE;
}
