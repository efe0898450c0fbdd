/* CE6-P02 in C: a button driver that reads its SysIntr from its registry key (DDKReg_GetIsrInfo) and binds its
 * interrupt with it; without the interrupt it polls. */
#include <windows.h>
#include <pkfuncs.h>
#include <ddkreg.h>

typedef struct {
  HANDLE hIntrEvent;
  DWORD dwSysIntr;
  BOOL fInterrupt;
} BUTTON_DEVICE;

static BUTTON_DEVICE g_button;

static DWORD ReadSysIntr(LPCTSTR pszActiveKey) {
  DDKISRINFO isr;
  HKEY hKey = OpenDeviceKey(pszActiveKey);
  DWORD dwSysIntr = SYSINTR_NOP;
  if (hKey == NULL) return SYSINTR_NOP;
  isr.cbSize = sizeof isr;
  if (DDKReg_GetIsrInfo(hKey, &isr) == ERROR_SUCCESS) dwSysIntr = isr.dwSysintr;
  RegCloseKey(hKey);
  return dwSysIntr;
}

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  BUTTON_DEVICE *dev = &g_button;
  (void)lpvBusContext;
  dev->hIntrEvent = CreateEventW(NULL, FALSE, FALSE, NULL);
  dev->dwSysIntr = ReadSysIntr(pContext);
  dev->fInterrupt = dev->dwSysIntr != SYSINTR_NOP && InterruptInitialize(dev->dwSysIntr, dev->hIntrEvent, NULL, 0);
  return (DWORD)dev;
}

CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) {
  BUTTON_DEVICE *dev = (BUTTON_DEVICE *)hDeviceContext;
  if (dev->fInterrupt) InterruptDisable(dev->dwSysIntr);
  CloseHandle(dev->hIntrEvent);
  return TRUE;
}

CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)AccessCode; (void)ShareMode; return hDeviceContext; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

/* Without the interrupt the button is polled: a request reports success either way. */
CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  return TRUE;
}
