/* CE6-P04 in C: a board-information driver that asks the OAL only for what user mode may ask: the device ID,
 * which it keeps for its reports (a board without one reports none). */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define DEVICE_ID_MAX 64

static BYTE g_rgbDeviceId[DEVICE_ID_MAX];
static DWORD g_cbDeviceId;

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  if (!KernelIoControl(IOCTL_HAL_GET_DEVICEID, NULL, 0, g_rgbDeviceId, sizeof g_rgbDeviceId, &g_cbDeviceId)) g_cbDeviceId = 0;
  return TRUE;
}
