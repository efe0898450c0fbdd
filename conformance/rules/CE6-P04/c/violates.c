/* CE6-P04 in C: a timer driver that asks the OAL at run time for a SysIntr for its IRQ, as its CE5 version did
 * on every board. */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define TIMER_IRQ 5
#define OAL_INTR_TRANSLATE 0x0008 /* the OAL's flag: IRQ to SysIntr, one that already exists */

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  DWORD rgdwIrq[3] = { (DWORD)-1, OAL_INTR_TRANSLATE, TIMER_IRQ };
  DWORD dwSysIntr = SYSINTR_UNDEFINED;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  return KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, rgdwIrq, sizeof rgdwIrq, &dwSysIntr, sizeof dwSysIntr, NULL);
}
