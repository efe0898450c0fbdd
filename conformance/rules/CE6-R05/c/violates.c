/* CE6-R05 in C: a logger whose worker thread, started in Init, flushes the log each time a request signals new
 * work. Deinit closes the handles but never tells the worker to stop. */
#include <windows.h>

typedef struct {
  HANDLE hWork;   /* auto-reset: a request queued new log data */
  HANDLE hWorker;
  DWORD dwFlushes;
} LOG_DEVICE;

static LOG_DEVICE g_log;

static DWORD FlushThread(LPVOID pParam) {
  LOG_DEVICE *log = (LOG_DEVICE *)pParam;
  for (;;) {
    WaitForSingleObject(log->hWork, INFINITE);
    log->dwFlushes++;
  }
}

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)pContext; (void)lpvBusContext;
  g_log.hWork = CreateEventW(NULL, FALSE, FALSE, NULL);
  if (g_log.hWork == NULL) return 0;
  g_log.hWorker = CreateThread(NULL, 0, FlushThread, &g_log, 0, NULL);
  return (DWORD)&g_log;
}

CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) {
  LOG_DEVICE *log = (LOG_DEVICE *)hDeviceContext;
  CloseHandle(log->hWorker);
  CloseHandle(log->hWork);
  return TRUE;
}

CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)AccessCode; (void)ShareMode; return hDeviceContext; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  LOG_DEVICE *log = (LOG_DEVICE *)hOpenContext;
  (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  return SetEvent(log->hWork);
}
