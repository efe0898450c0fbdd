/* meter.dll: averages a caller's batch of meter readings, written the way a CE6 driver guards caller memory:
 * `__try { ... } __except (GetExceptionCode() == EXCEPTION_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER
 * : EXCEPTION_CONTINUE_SEARCH)` — only a bad caller pointer is the driver's to handle; anything else (a batch of
 * zero readings divides by zero) goes on to the next handler out. Used by the kernel's tests of CeTryCallEx. */
#include <windows.h>
#include <cedk_seh.h>

#define IOCTL_METER_AVERAGE CTL_CODE(0x8005, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_METER_AVERAGE_GUARDED CTL_CODE(0x8005, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_METER_AVERAGE_RETRY CTL_CODE(0x8005, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_METER_LAST_FILTERED CTL_CODE(0x8005, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct {
  const DWORD *pReadings; /* embedded pointer, used in the caller's context (kernel mode) */
  DWORD count;
} BATCH;

typedef struct {
  const BATCH *batch;
  DWORD average;
} AVERAGE_JOB;

static DWORD g_lastFiltered; /* the last exception code a filter saw */

static DWORD AverageBody(void *p) {
  AVERAGE_JOB *job = (AVERAGE_JOB *)p;
  DWORD total = 0;
  for (DWORD i = 0; i < job->batch->count; i++) total += job->batch->pReadings[i];
  job->average = total / job->batch->count;
  return job->average;
}

static LONG OnlyBadPointers(DWORD code, void *ctx) {
  (void)ctx;
  g_lastFiltered = code;
  return code == EXCEPTION_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

/* A filter ported from a desktop driver that "fixes up" and retries: not something cedk can do. */
static LONG RetryAfterFixup(DWORD code, void *ctx) {
  (void)code;
  (void)ctx;
  return EXCEPTION_CONTINUE_EXECUTION;
}

static BOOL Average(const BATCH *batch, PBYTE pBufOut, PCEDK_EXCEPTION_FILTER filter) {
  AVERAGE_JOB job;
  DWORD result;
  job.batch = batch;
  job.average = 0;
  if (CeTryCallEx(AverageBody, &job, filter, NULL, &result) != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  *(DWORD *)pBufOut = result;
  return TRUE;
}

typedef struct {
  const BATCH *batch;
  PBYTE out;
} GUARDED_JOB;

static DWORD GuardedBody(void *p) {
  GUARDED_JOB *g = (GUARDED_JOB *)p;
  return Average(g->batch, g->out, OnlyBadPointers);
}

CEDK_EXPORT(MTR_Init) DWORD MTR_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(MTR_Deinit) BOOL MTR_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(MTR_Open) DWORD MTR_Open(DWORD hDeviceContext, DWORD dwAccess, DWORD dwShareMode) { (void)dwAccess; (void)dwShareMode; return hDeviceContext; }
CEDK_EXPORT(MTR_Close) BOOL MTR_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(MTR_IOControl)
BOOL MTR_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext;
  if (pBufOut == NULL || dwLenOut < sizeof(DWORD)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  if (pdwActualOut != NULL) *pdwActualOut = sizeof(DWORD);
  if (dwCode == IOCTL_METER_LAST_FILTERED) {
    *(DWORD *)pBufOut = g_lastFiltered;
    return TRUE;
  }
  if (pBufIn == NULL || dwLenIn < sizeof(BATCH)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  switch (dwCode) {
  case IOCTL_METER_AVERAGE:
    return Average((const BATCH *)pBufIn, pBufOut, OnlyBadPointers);
  case IOCTL_METER_AVERAGE_RETRY:
    return Average((const BATCH *)pBufIn, pBufOut, RetryAfterFixup);
  case IOCTL_METER_AVERAGE_GUARDED: {
    /* The whole request under an outer __try/__except(EXCEPTION_EXECUTE_HANDLER): whatever the inner filter
     * passes on ends here, and the caller gets the exception code instead of the average. */
    GUARDED_JOB g;
    DWORD ok = FALSE, code;
    g.batch = (const BATCH *)pBufIn;
    g.out = pBufOut;
    code = CeTryCall(GuardedBody, &g, &ok);
    if (code != 0) *(DWORD *)pBufOut = code;
    return TRUE;
  }
  }
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}
