/* CE6-C01 in C: a job driver that tells the application its job is done by calling the completion routine the
 * application registered, as its CE5 version called a function pointer it was given. */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define JOB_DONE 1

typedef struct {
  DWORD dwCompletion; /* the application's registered completion routine */
} JOB_REQUEST;

static BOOL RunJob(const JOB_REQUEST *pReq) {
  /* The work itself is immediate on this device; report it. */
  return CeDriverPerformCallback(pReq->dwCompletion, JOB_DONE) != 0;
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)dwCode; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  if (pBufIn == NULL || dwLenIn < sizeof(JOB_REQUEST)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  return RunJob((const JOB_REQUEST *)pBufIn);
}
