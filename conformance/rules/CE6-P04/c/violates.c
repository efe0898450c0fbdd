/* CE6-P04 in C (violates): requests a SysIntr from the OAL at run time (not on the user-mode allow-list). */
#include <windows.h>
#include <pkfuncs.h>

#define DEVICE_IRQ 3

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  DWORD request[3] = {0xFFFFFFFFUL, 0, DEVICE_IRQ};
  DWORD dwSysIntr = SYSINTR_UNDEFINED;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  return KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, request, sizeof(request), &dwSysIntr, sizeof(dwSysIntr), NULL);
}
