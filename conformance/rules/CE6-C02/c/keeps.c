/* CE6-C02 in C, kept: the sensor client asks the bus through its stream interface (DeviceIoControl), which the device
 * manager carries across processes. */
#include <windows.h>

#define IOCTL_BUS_ADD 2

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

static BOOL BusAdd(DWORD a, DWORD b, DWORD *pSum) {
  HANDLE hBus = CreateFileW(TEXT("BUS1:"), GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  DWORD args[2];
  BOOL fOk;
  if (hBus == INVALID_HANDLE_VALUE) return FALSE;
  args[0] = a;
  args[1] = b;
  fOk = DeviceIoControl(hBus, IOCTL_BUS_ADD, args, sizeof args, pSum, sizeof *pSum, NULL, NULL);
  CloseHandle(hBus);
  return fOk;
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  DWORD sum;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pdwActualOut;
  if (pBufOut == NULL || dwLenOut < sizeof(DWORD) || !BusAdd(2, 3, &sum)) return FALSE;
  *(DWORD *)pBufOut = sum;
  return TRUE;
}
