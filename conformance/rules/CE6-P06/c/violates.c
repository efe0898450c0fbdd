/* CE6-P06 in C (violates): writes run-time state into its own (protected) device key. */
#include <windows.h>
#include <devload.h>

static HKEY g_hDeviceKey;

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)lpvBusContext;
  g_hDeviceKey = OpenDeviceKey(pContext);
  return g_hDeviceKey != NULL ? 1 : 0;
}

CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return RegCloseKey(g_hDeviceKey) == ERROR_SUCCESS; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  DWORD dwCount = 1;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  return RegSetValueEx(g_hDeviceKey, TEXT("Count"), 0, REG_DWORD, (const BYTE *)&dwCount, sizeof(dwCount)) == ERROR_SUCCESS;
}
