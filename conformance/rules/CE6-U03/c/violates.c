/* CE6-U03 in C: a kernel driver that has its user-mode helper DLL scale a calibration value. The request record
 * it passes through CeCallUserProc points at the value, kept in the same block. */
#include <windows.h>
#include <pkfuncs.h>

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

static const WCHAR szHelperDll[] = TEXT("tsthelp.dll");
static const WCHAR szHelperProc[] = TEXT("Deref");

#define CALIBRATION 99

typedef struct {
  DWORD *pValue;   /* the helper reads the value here */
  DWORD dwValue;
  DWORD dwResult;  /* the helper's answer */
  DWORD dwReturned;
} SCALE_REQUEST;

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  SCALE_REQUEST *req;
  BOOL fOk;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  req = (SCALE_REQUEST *)LocalAlloc(LMEM_FIXED, sizeof *req);
  if (req == NULL) return FALSE;
  req->dwValue = CALIBRATION;
  req->pValue = &req->dwValue;
  fOk = CeCallUserProc(szHelperDll, szHelperProc, &req->pValue, sizeof req->pValue, &req->dwResult, sizeof req->dwResult, &req->dwReturned);
  LocalFree(req);
  return fOk;
}
