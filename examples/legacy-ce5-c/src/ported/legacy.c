/* legacy.dll ported to CE6, in C (the CE5 original is ../ce5/legacy.c; the TypeScript port is
 * examples/legacy-ce5-ported):
 * - GET_INFO opens the embedded pointer with CeOpenCallerBuffer and closes it on every path;
 * - READ_ASYNC takes { pBuffer, cbBuffer } too: it opens the embedded buffer and makes an asynchronous buffer of it
 *   for the worker thread, which fills and frees it; the call waits for the worker and then closes the caller
 *   buffer, which writes the capture back. A user-mode driver cannot write caller memory after the call returned
 *   (CE6-A06), so the exchange is synchronous for the caller and only the worker is asynchronous — which still
 *   needs the asynchronous buffer in kernel mode (CE6-A01);
 * - no UI: an unknown request fails with ERROR_INVALID_PARAMETER and the application shows what it wants;
 * - the SysIntr comes from the registry (DDKReg_GetIsrInfo), so the reflector serves InterruptInitialize and the
 *   driver runs in udevice;
 * - the request buffer is read under CeTryCall (__try/__except): the kernel checks a caller's buffers for range
 *   only, so an unmapped page faults, and the fault becomes ERROR_INVALID_PARAMETER. */
#include <windows.h>
#include <pkfuncs.h>
#include <ceddk.h>
#include <cedk_seh.h>
#include "../legacy_ioctl.h"

/* How long READ_ASYNC waits for its worker (ms); the capture takes CAPTURE_DELAY_MS. */
#define CAPTURE_TIMEOUT_MS 1000

typedef struct _LEG_DEVICE {
  DWORD dwSysIntr;
  HANDLE hIntrEvent;
  HANDLE hIst;
  DWORD dwInterrupts;
  BOOL fStopping;
} LEG_DEVICE, *PLEG_DEVICE;

/* A READ_ASYNC in flight: the opened caller buffer, the worker's asynchronous copy, the event it signals. */
typedef struct _LEG_CAPTURE {
  PVOID pBuffer;
  PVOID pAsync;
  DWORD cb;
  HANDLE hDone;
} LEG_CAPTURE, *PLEG_CAPTURE;

static DWORD WINAPI LegacyIST(LPVOID pvParam) {
  PLEG_DEVICE pDev = (PLEG_DEVICE)pvParam;
  for (;;) {
    WaitForSingleObject(pDev->hIntrEvent, INFINITE);
    if (pDev->fStopping) return 0;
    pDev->dwInterrupts++;
    InterruptDone(pDev->dwSysIntr);
  }
}

CEDK_EXPORT(LEG_Init) DWORD LEG_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  HKEY hKey;
  DDKISRINFO isr;
  DWORD dwErr;
  PLEG_DEVICE pDev;
  (void)lpvBusContext;

  hKey = OpenDeviceKey(pContext);
  if (hKey == NULL) return 0;
  isr.cbSize = sizeof(isr);
  dwErr = DDKReg_GetIsrInfo(hKey, &isr);
  RegCloseKey(hKey);
  if (dwErr != ERROR_SUCCESS || isr.dwSysintr == SYSINTR_NOP) return 0;

  pDev = (PLEG_DEVICE)LocalAlloc(LPTR, sizeof(LEG_DEVICE));
  if (pDev == NULL) return 0;
  pDev->dwSysIntr = isr.dwSysintr;
  pDev->hIntrEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
  if (!InterruptInitialize(pDev->dwSysIntr, pDev->hIntrEvent, NULL, 0)) {
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

static BOOL Fail(void) {
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}

/* The body of the __try: copy the caller's request. */
static DWORD CopyRequest(void *pvArgs) {
  void **args = (void **)pvArgs;
  memcpy(args[1], args[0], sizeof(LEG_BUFFER_REQUEST));
  return TRUE;
}

static BOOL ReadRequest(PBYTE pBufIn, LEG_BUFFER_REQUEST *pReq) {
  void *args[2];
  args[0] = pBufIn;
  args[1] = pReq;
  return CeTryCall(CopyRequest, args, NULL) == 0;
}

/* "legacy.dll sysintr=N interrupts=N" and its NUL, as 8-bit text, cut to cbText. */
static void FormatInfo(PLEG_DEVICE pDev, char *pText, DWORD cbText) {
  WCHAR szInfo[64];
  DWORD i;
  int cch = wsprintf(szInfo, TEXT("legacy.dll sysintr=%u interrupts=%u"), pDev->dwSysIntr, pDev->dwInterrupts);
  for (i = 0; i < cbText && i <= (DWORD)cch; i++) pText[i] = (char)szInfo[i];
}

static BOOL GetInfo(PLEG_DEVICE pDev, const LEG_BUFFER_REQUEST *pReq) {
  PVOID pText = NULL;
  if (FAILED(CeOpenCallerBuffer(&pText, pReq->pBuffer, pReq->cbBuffer, ARG_O_PTR, TRUE))) return Fail();
  FormatInfo(pDev, (char *)pText, pReq->cbBuffer);
  CeCloseCallerBuffer(pText, pReq->pBuffer, pReq->cbBuffer, ARG_O_PTR);
  return TRUE;
}

/* The worker: write the capture through the asynchronous buffer, free it (writing it back), signal the call. */
static DWORD WINAPI CaptureThread(LPVOID pvParam) {
  PLEG_CAPTURE pCapture = (PLEG_CAPTURE)pvParam;
  Sleep(CAPTURE_DELAY_MS);
  memset(pCapture->pAsync, 0x5A, pCapture->cb);
  CeFreeAsynchronousBuffer(pCapture->pAsync, pCapture->pBuffer, pCapture->cb, ARG_O_PTR);
  SetEvent(pCapture->hDone);
  return 0;
}

static BOOL ReadAsync(const LEG_BUFFER_REQUEST *pReq) {
  LEG_CAPTURE capture;
  HANDLE hWorker;
  BOOL fFinished;
  capture.cb = pReq->cbBuffer;
  capture.pBuffer = NULL;
  capture.pAsync = NULL;
  if (FAILED(CeOpenCallerBuffer(&capture.pBuffer, pReq->pBuffer, capture.cb, ARG_O_PTR, TRUE))) return Fail();
  if (FAILED(CeAllocAsynchronousBuffer(&capture.pAsync, capture.pBuffer, capture.cb, ARG_O_PTR))) {
    CeCloseCallerBuffer(capture.pBuffer, pReq->pBuffer, capture.cb, ARG_O_PTR);
    return Fail();
  }
  capture.hDone = CreateEvent(NULL, FALSE, FALSE, NULL);
  hWorker = CreateThread(NULL, 0, CaptureThread, &capture, 0, NULL);
  fFinished = WaitForSingleObject(capture.hDone, CAPTURE_TIMEOUT_MS) == WAIT_OBJECT_0;
  CloseHandle(hWorker);
  CloseHandle(capture.hDone);
  CeCloseCallerBuffer(capture.pBuffer, pReq->pBuffer, capture.cb, ARG_O_PTR);
  return fFinished || Fail();
}

CEDK_EXPORT(LEG_IOControl)
BOOL LEG_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut,
                   PDWORD pdwActualOut) {
  PLEG_DEVICE pDev = (PLEG_DEVICE)hOpenContext;
  LEG_BUFFER_REQUEST req;
  (void)pBufOut;
  (void)dwLenOut;
  (void)pdwActualOut;
  if (pDev == NULL || dwLenIn < sizeof(LEG_BUFFER_REQUEST)) return Fail();
  if (dwCode != IOCTL_LEG_GET_INFO && dwCode != IOCTL_LEG_READ_ASYNC) return Fail();
  if (!ReadRequest(pBufIn, &req)) return Fail();
  return dwCode == IOCTL_LEG_GET_INFO ? GetInfo(pDev, &req) : ReadAsync(&req);
}
