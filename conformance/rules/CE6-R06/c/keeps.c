/* CE6-R06 in C: a modem driver whose requests wait for the line to be ready. The event is set by the carrier
 * detection of the full driver, which this board does not have; the wait is bounded and a request fails with
 * ERROR_TIMEOUT when the line stays down. */
#include <windows.h>

#define LINE_READY_TIMEOUT_MS 100

typedef struct {
  HANDLE hLineReady; /* manual-reset: the line is up */
} MODEM_DEVICE;

static MODEM_DEVICE g_modem;

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)pContext; (void)lpvBusContext;
  g_modem.hLineReady = CreateEventW(NULL, TRUE, FALSE, NULL);
  return g_modem.hLineReady != NULL ? (DWORD)&g_modem : 0;
}

CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) {
  MODEM_DEVICE *modem = (MODEM_DEVICE *)hDeviceContext;
  return CloseHandle(modem->hLineReady);
}

CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)AccessCode; (void)ShareMode; return hDeviceContext; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  MODEM_DEVICE *modem = (MODEM_DEVICE *)hOpenContext;
  (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  if (WaitForSingleObject(modem->hLineReady, LINE_READY_TIMEOUT_MS) == WAIT_OBJECT_0) return TRUE;
  SetLastError(ERROR_TIMEOUT);
  return FALSE;
}
