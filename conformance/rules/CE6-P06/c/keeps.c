/* CE6-P06 in C (keeps): keeps run-time state under HKLM\Software\Vendor. */
#include <windows.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  HKEY hKey = NULL;
  DWORD dwCount = 1, dwDisposition, dwErr;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  dwErr = RegCreateKeyEx(HKEY_LOCAL_MACHINE, TEXT("Software\\Vendor"), 0, NULL, REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS,
                         NULL, &hKey, &dwDisposition);
  if (dwErr != ERROR_SUCCESS) return FALSE;
  dwErr = RegSetValueEx(hKey, TEXT("Count"), 0, REG_DWORD, (const BYTE *)&dwCount, sizeof(dwCount));
  RegCloseKey(hKey);
  return dwErr == ERROR_SUCCESS;
}
