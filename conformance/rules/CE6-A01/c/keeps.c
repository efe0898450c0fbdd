/* CE6-A01 in C: copies the value during the call that gave it. */
#include <windows.h>
#include <cedk_seh.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define IOCTL_SET_VALUE 1 /* the input holds the DWORD to use */
#define IOCTL_APPLY 2     /* no buffers: use the value now */

static DWORD g_dwValue;

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  if (dwCode == IOCTL_SET_VALUE) {
    g_dwValue = *(DWORD *)pBufIn;
    return TRUE;
  }
  return g_dwValue != 0; /* nothing to apply without a value */
}
