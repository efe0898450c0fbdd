/* legacy.dll: a capture driver written the CE5 way (the C original of examples/legacy-ce5), kept as it was. On CE6
 * every one of these is wrong:
 * - GET_INFO "maps" the embedded pointer of its input with MapCallerPtr (a no-op in CE6);
 * - READ_ASYNC completes on a worker thread inside a SetProcPermissions/SetKMode bracket (no-ops in CE6: the
 *   worker sees whichever process ran last);
 * - an unknown request shows a MessageBox (refused in the kernel);
 * - Init asks the OAL for a SysIntr at run time and calls InterruptInitialize itself, which a user-mode driver
 *   cannot do. */
#include <windows.h>
#include <pkfuncs.h>
#include <ceddk.h>
#include "../legacy_ioctl.h"

typedef struct _LEG_DEVICE {
  DWORD dwSysIntr;
  HANDLE hIntrEvent;
  HANDLE hIst;
  DWORD dwInterrupts;
  BOOL fStopping;
} LEG_DEVICE, *PLEG_DEVICE;

/* A READ_ASYNC in flight: where the worker writes, and the permissions of the caller it writes for. */
typedef struct _LEG_READ {
  PBYTE pOut;
  DWORD cbOut;
  DWORD dwCallerPerms;
} LEG_READ, *PLEG_READ;

static DWORD WINAPI LegacyIST(LPVOID pvParam) {
  PLEG_DEVICE pDev = (PLEG_DEVICE)pvParam;
  for (;;) {
    WaitForSingleObject(pDev->hIntrEvent, INFINITE);
    if (pDev->fStopping) return 0;
    pDev->dwInterrupts++;
    InterruptDone(pDev->dwSysIntr);
  }
}

static DWORD RequestSysIntr(DWORD dwIrq) {
  DWORD dwSysIntr = SYSINTR_UNDEFINED;
  if (!KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, &dwIrq, sizeof(dwIrq), &dwSysIntr, sizeof(dwSysIntr), NULL))
    return SYSINTR_NOP;
  return dwSysIntr;
}

CEDK_EXPORT(LEG_Init) DWORD LEG_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  HKEY hKey;
  DDKISRINFO isr;
  DWORD dwErr, dwSysIntr;
  PLEG_DEVICE pDev;
  (void)lpvBusContext;

  hKey = OpenDeviceKey(pContext);
  if (hKey == NULL) return 0;
  isr.cbSize = sizeof(isr);
  dwErr = DDKReg_GetIsrInfo(hKey, &isr);
  RegCloseKey(hKey);
  if (dwErr != ERROR_SUCCESS) return 0;

  dwSysIntr = RequestSysIntr(isr.dwIrq);
  if (dwSysIntr == SYSINTR_NOP) return 0;

  pDev = (PLEG_DEVICE)LocalAlloc(LPTR, sizeof(LEG_DEVICE));
  if (pDev == NULL) return 0;
  pDev->dwSysIntr = dwSysIntr;
  pDev->hIntrEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
  if (!InterruptInitialize(dwSysIntr, pDev->hIntrEvent, NULL, 0)) {
    CloseHandle(pDev->hIntrEvent);
    LocalFree(pDev);
    return 0;
  }
  pDev->hIst = CreateThread(NULL, 0, LegacyIST, pDev, 0, NULL);
  return (DWORD)pDev;
}

CEDK_EXPORT(LEG_Deinit) BOOL LEG_Deinit(DWORD hDeviceContext) {
  PLEG_DEVICE pDev = (PLEG_DEVICE)hDeviceContext;
  if (pDev == NULL) return FALSE;
  pDev->fStopping = TRUE;
  SetEvent(pDev->hIntrEvent);
  WaitForSingleObject(pDev->hIst, 1000);
  InterruptDisable(pDev->dwSysIntr);
  CloseHandle(pDev->hIst);
  CloseHandle(pDev->hIntrEvent);
  LocalFree(pDev);
  return TRUE;
}

CEDK_EXPORT(LEG_Open) DWORD LEG_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) {
  (void)AccessCode;
  (void)ShareMode;
  return hDeviceContext;
}

CEDK_EXPORT(LEG_Close) BOOL LEG_Close(DWORD hOpenContext) {
  (void)hOpenContext;
  return TRUE;
}

/* "legacy.dll sysintr=N interrupts=N" and its NUL, as 8-bit text, cut to cbText. */
static void FormatInfo(PLEG_DEVICE pDev, char *pText, DWORD cbText) {
  WCHAR szInfo[64];
  DWORD i;
  int cch = wsprintf(szInfo, TEXT("legacy.dll sysintr=%u interrupts=%u"), pDev->dwSysIntr, pDev->dwInterrupts);
  for (i = 0; i < cbText && i <= (DWORD)cch; i++) pText[i] = (char)szInfo[i];
}

static DWORD WINAPI CaptureThread(LPVOID pvParam) {
  PLEG_READ pRead = (PLEG_READ)pvParam;
  DWORD dwOldPerms;
  BOOL fOldMode;
  Sleep(CAPTURE_DELAY_MS);
  /* Take on the caller's permissions to reach its buffer, as CE5 required. */
  dwOldPerms = SetProcPermissions(pRead->dwCallerPerms);
  fOldMode = SetKMode(TRUE);
  memset(pRead->pOut, 0x5A, pRead->cbOut);
  SetKMode(fOldMode);
  SetProcPermissions(dwOldPerms);
  LocalFree(pRead);
  return 0;
}

CEDK_EXPORT(LEG_IOControl)
BOOL LEG_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut,
                   PDWORD pdwActualOut) {
  PLEG_DEVICE pDev = (PLEG_DEVICE)hOpenContext;
  WCHAR szMsg[64];
  (void)pdwActualOut;
  if (pDev == NULL) return FALSE;

  if (dwCode == IOCTL_LEG_GET_INFO) {
    LEG_BUFFER_REQUEST *pReq = (LEG_BUFFER_REQUEST *)pBufIn;
    DWORD cbText;
    char *pText;
    if (dwLenIn < sizeof(LEG_BUFFER_REQUEST)) return FALSE;
    cbText = pReq->cbBuffer;
    pText = (char *)MapCallerPtr(pReq->pBuffer, cbText);
    FormatInfo(pDev, pText, cbText);
    return TRUE;
  }

  if (dwCode == IOCTL_LEG_READ_ASYNC) {
    PLEG_READ pRead = (PLEG_READ)LocalAlloc(LPTR, sizeof(LEG_READ));
    HANDLE hWorker;
    if (pRead == NULL) return FALSE;
    pRead->pOut = pBufOut;
    pRead->cbOut = dwLenOut;
    pRead->dwCallerPerms = GetCurrentPermissions();
    hWorker = CreateThread(NULL, 0, CaptureThread, pRead, 0, NULL);
    CloseHandle(hWorker);
    return TRUE;
  }

  wsprintf(szMsg, TEXT("legacy.dll: unknown request 0x%x"), dwCode);
  MessageBox(NULL, szMsg, TEXT("Legacy driver"), MB_OK);
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}
