/* CE6-A03 in C: a block filter whose input holds a pointer to a 16-byte block it transforms in place. It opens
 * the block, makes an asynchronous buffer of it for its worker, and releases them in reverse order. */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

#define BLOCK_SIZE 16

typedef struct {
  PVOID pCaller; /* the embedded pointer as the caller gave it */
  PVOID pOpened; /* CeOpenCallerBuffer's pointer */
  PVOID pAsync;  /* CeAllocAsynchronousBuffer's pointer, for the worker */
} BLOCK_REQUEST;

static void Invert(PBYTE p, DWORD cb) {
  for (DWORD i = 0; i < cb; i++) p[i] = (BYTE)~p[i];
}

/* The asynchronous buffer is made from the opened one: free it before closing its source. */
static void ReleaseRequest(BLOCK_REQUEST *r) {
  if (r->pAsync != NULL) CeFreeAsynchronousBuffer(r->pAsync, r->pOpened, BLOCK_SIZE, ARG_IO_PTR);
  CeCloseCallerBuffer(r->pOpened, r->pCaller, BLOCK_SIZE, ARG_IO_PTR);
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  BLOCK_REQUEST req = { 0 };
  (void)hOpenContext; (void)dwCode; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  if (pBufIn == NULL || dwLenIn < sizeof(PVOID)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  req.pCaller = *(PVOID *)pBufIn;
  if (FAILED(CeOpenCallerBuffer(&req.pOpened, req.pCaller, BLOCK_SIZE, ARG_IO_PTR, FALSE))) return FALSE;
  if (FAILED(CeAllocAsynchronousBuffer(&req.pAsync, req.pOpened, BLOCK_SIZE, ARG_IO_PTR))) req.pAsync = NULL;
  if (req.pAsync != NULL) Invert((PBYTE)req.pAsync, BLOCK_SIZE);
  ReleaseRequest(&req);
  return TRUE;
}
