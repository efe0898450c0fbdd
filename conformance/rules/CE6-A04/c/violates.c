/* CE6-A04 in C: a conversion driver that fills the caller's output through an asynchronous buffer and tells
 * the application through a named event that the result is there; it signals first and writes the result back
 * when it releases the request. */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define RESULT_FILL 0x07

static const WCHAR szDoneEvent[] = TEXT("a04-done");

typedef struct {
  PVOID pCaller; /* the output buffer as the caller gave it */
  PVOID pAsync;  /* its asynchronous buffer */
  DWORD cb;
  HANDLE hDone;  /* the application waits on it */
} CONVERT_REQUEST;

static void CompleteRequest(CONVERT_REQUEST *r) {
  SetEvent(r->hDone);
  CeFreeAsynchronousBuffer(r->pAsync, r->pCaller, r->cb, ARG_O_PTR);
  CloseHandle(r->hDone);
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  CONVERT_REQUEST req = { 0 };
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pdwActualOut;
  req.pCaller = pBufOut;
  req.cb = dwLenOut;
  if (FAILED(CeAllocAsynchronousBuffer(&req.pAsync, pBufOut, dwLenOut, ARG_O_PTR))) return FALSE;
  req.hDone = CreateEventW(NULL, TRUE, FALSE, szDoneEvent);
  memset(req.pAsync, RESULT_FILL, req.cb);
  CompleteRequest(&req);
  return TRUE;
}
