/* CE6-R01 in C: a rate meter that hands each request to a worker thread; the worker divides by the interval
 * the caller gave without checking it, and guards its work as a CE6 thread does with __try/__except. */
#include <windows.h>
#include <cedk_seh.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define TICKS_PER_PERIOD 1000

typedef struct {
  DWORD dwInterval; /* copied from the request: the worker runs after the call returned */
  DWORD dwRate;
} METER_JOB;

static METER_JOB g_job;

static DWORD ComputeRate(void *pJob) {
  METER_JOB *job = (METER_JOB *)pJob;
  job->dwRate = TICKS_PER_PERIOD / job->dwInterval;
  return job->dwRate;
}

static DWORD MeterThread(LPVOID pParam) {
  DWORD dwRate = 0;
  if (CeTryCall(ComputeRate, pParam, &dwRate) != 0) return 1; /* a bad request: drop it */
  return 0;
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  HANDLE hWorker;
  (void)hOpenContext; (void)dwCode; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  if (pBufIn == NULL || dwLenIn < sizeof(DWORD)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  g_job.dwInterval = *(DWORD *)pBufIn;
  hWorker = CreateThread(NULL, 0, MeterThread, &g_job, 0, NULL);
  if (hWorker == NULL) return FALSE;
  CloseHandle(hWorker);
  return TRUE;
}
