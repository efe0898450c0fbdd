/* CE6-U01 kept in C: a failed request is shown to the user by the driver's companion user-mode DLL, called with
 * CeCallUserProc (which runs it in a udevice when the driver is in the kernel). */
#include <windows.h>
#include <pkfuncs.h>

static const WCHAR szUiDll[] = TEXT("tstui.dll");
static const WCHAR szShowError[] = TEXT("ShowError");

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

typedef struct {
  DWORD dwError;    /* what went wrong, for the message */
  DWORD dwReturned;
} UI_REQUEST;

static void ShowError(DWORD dwError) {
  UI_REQUEST *req = (UI_REQUEST *)LocalAlloc(LMEM_FIXED, sizeof *req);
  if (req == NULL) return;
  req->dwError = dwError;
  CeCallUserProc(szUiDll, szShowError, &req->dwError, sizeof req->dwError, &req->dwError, sizeof req->dwError, &req->dwReturned);
  LocalFree(req);
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  ShowError(ERROR_GEN_FAILURE);
  SetLastError(ERROR_GEN_FAILURE);
  return FALSE;
}
