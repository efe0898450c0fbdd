/* CE6-P02 in C (keeps): reads its SysIntr from its key with DDKReg_GetIsrInfo; without the interrupt it polls. */
#include <windows.h>
#include <pkfuncs.h>
#include <ceddk.h>

static DWORD g_dwSysIntr;
static HANDLE g_hIntrEvent;
static BOOL g_fBound;

static DWORD SysIntrFromKey(LPCTSTR pActiveKey) {
  DDKISRINFO isr;
  DWORD dwErr;
  HKEY hKey = OpenDeviceKey(pActiveKey);
  if (hKey == NULL) return SYSINTR_NOP;
  isr.cbSize = sizeof(isr);
  dwErr = DDKReg_GetIsrInfo(hKey, &isr);
  RegCloseKey(hKey);
  return dwErr == ERROR_SUCCESS ? isr.dwSysintr : SYSINTR_NOP;
}

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)lpvBusContext;
  g_dwSysIntr = SysIntrFromKey(pContext);
  g_hIntrEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
  g_fBound = g_dwSysIntr != SYSINTR_NOP && InterruptInitialize(g_dwSysIntr, g_hIntrEvent, NULL, 0);
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
