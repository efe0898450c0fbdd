/* serial.dll: an interrupt-driven stream driver for a 16550 UART (COM1:), the C twin of examples/serial's
 * TypeScript driver. COM_Init reads its device key (the IoBase/IoLen window and the SysIntr), maps the registers
 * with MmMapIoSpace, programs the UART and starts an interrupt service thread (ist.c) on an event bound to the
 * SYSINTR. Received bytes go into a ring in LocalAlloc'd memory; Write queues bytes in a second ring and lets
 * THR-empty interrupts drain it. Read and Write block on events, with COMMTIMEOUTS. The rings and the port state
 * are shared with the IST under a critical section. Caller memory is touched only under CeTryCall (cedk's form of
 * __try/__except). */
#include <windows.h>
#include <pkfuncs.h>
#include <ceddk.h>
#include <devload.h>
#include <ddkreg.h>
#include <cedk_seh.h>
#include "serial_priv.h"
#include "uart16550.h"

static SER_PORT *PortFromContext(DWORD hDeviceContext) {
  SER_PORT *pPort = (SER_PORT *)hDeviceContext;
  if (pPort == NULL || pPort->Signature != SER_PORT_SIGNATURE) return NULL;
  return pPort;
}

static SER_OPEN *OpenFromContext(DWORD hOpenContext) {
  SER_OPEN *pOpen = (SER_OPEN *)hOpenContext;
  if (pOpen == NULL || PortFromContext((DWORD)pOpen->pPort) == NULL) return NULL;
  return pOpen;
}

/* ---- COM_Init / COM_Deinit ---- */

/* The register window and SYSINTR from the device key: the first I/O window, else the first memory window. */
static BOOL ReadDeviceKey(LPCTSTR pContext, DDKWINDOWINFO *pWin, DDKISRINFO *pIsr) {
  HKEY hKey = OpenDeviceKey(pContext);
  DWORD winErr, isrErr;
  if (hKey == NULL) return FALSE;
  pWin->cbSize = sizeof(*pWin);
  pIsr->cbSize = sizeof(*pIsr);
  winErr = DDKReg_GetWindowInfo(hKey, pWin);
  isrErr = DDKReg_GetIsrInfo(hKey, pIsr);
  RegCloseKey(hKey);
  if (winErr != ERROR_SUCCESS || isrErr != ERROR_SUCCESS) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  return TRUE;
}

/* Give back everything COM_Init took; any part may be missing when Init failed half way. */
static void FreePort(SER_PORT *pPort) {
  if (pPort->pRegs != NULL) {
    UartWrite(pPort, UART_IER, 0);
    UartWrite(pPort, UART_MCR, 0);
  }
  if (pPort->fInterruptOn) InterruptDisable(pPort->SysIntr);
  if (pPort->hIntrEvent != NULL) CloseHandle(pPort->hIntrEvent);
  if (pPort->hRxReady != NULL) CloseHandle(pPort->hRxReady);
  if (pPort->hTxDone != NULL) CloseHandle(pPort->hTxDone);
  if (pPort->hIst != NULL) CloseHandle(pPort->hIst);
  if (pPort->pRegs != NULL) MmUnmapIoSpace((PVOID)pPort->pRegs, pPort->WindowLen);
  RingFree(&pPort->Rx);
  RingFree(&pPort->Tx);
  DeleteCriticalSection(&pPort->csPort);
  pPort->Signature = 0;
  LocalFree(pPort);
}

static void ResetSettings(SER_PORT *pPort) {
  pPort->Ier = IER_ERBFI | IER_ELSI;
  pPort->BaudRate = SER_DEFAULT_BAUD;
  pPort->Line.StopBits = ONESTOPBIT;
  pPort->Line.Parity = NOPARITY;
  pPort->Line.WordLength = 8;
  memset(&pPort->Timeouts, 0, sizeof(pPort->Timeouts));
}

/* Map the registers and allocate the rings and events; FALSE (the API set the last error) when one fails. */
static BOOL AllocatePort(SER_PORT *pPort, const DEVICEWINDOW *pWindow) {
  PHYSICAL_ADDRESS phys;
  phys.QuadPart = pWindow->dwBase;
  pPort->WindowLen = pWindow->dwLen;
  pPort->pRegs = (volatile UCHAR *)MmMapIoSpace(phys, pWindow->dwLen, FALSE);
  if (pPort->pRegs == NULL) return FALSE;
  if (!RingAlloc(&pPort->Rx, SER_RX_SIZE) || !RingAlloc(&pPort->Tx, SER_TX_SIZE)) return FALSE;
  pPort->hIntrEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
  pPort->hRxReady = CreateEvent(NULL, TRUE, FALSE, NULL);
  pPort->hTxDone = CreateEvent(NULL, FALSE, FALSE, NULL);
  return pPort->hIntrEvent != NULL && pPort->hRxReady != NULL && pPort->hTxDone != NULL;
}

CEDK_EXPORT(COM_Init) DWORD COM_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  DDKWINDOWINFO win;
  DDKISRINFO isr;
  const DEVICEWINDOW *pWindow;
  SER_PORT *pPort;
  (void)lpvBusContext;
  if (!ReadDeviceKey(pContext, &win, &isr)) return 0;
  pWindow = win.dwNumIoWindows > 0 ? &win.ioWindows[0] : win.dwNumMemWindows > 0 ? &win.memWindows[0] : NULL;
  if (pWindow == NULL || pWindow->dwLen < UART_WINDOW || isr.dwSysintr == 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return 0;
  }
  pPort = (SER_PORT *)LocalAlloc(LPTR, sizeof(SER_PORT));
  if (pPort == NULL) return 0;
  InitializeCriticalSection(&pPort->csPort);
  pPort->Signature = SER_PORT_SIGNATURE;
  pPort->SysIntr = isr.dwSysintr;
  ResetSettings(pPort);
  if (!AllocatePort(pPort, pWindow)) {
    FreePort(pPort);
    return 0;
  }
  UartProgramLine(pPort);
  UartWrite(pPort, UART_FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX | FCR_TRIGGER_8);
  UartWrite(pPort, UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
  /* A missing IST is a failed Init, never a port that half works. */
  pPort->fInterruptOn = InterruptInitialize(pPort->SysIntr, pPort->hIntrEvent, NULL, 0);
  if (pPort->fInterruptOn) pPort->hIst = CreateThread(NULL, 0, SerialIST, pPort, 0, NULL);
  if (pPort->hIst == NULL) {
    FreePort(pPort);
    return 0;
  }
  CeSetThreadPriority(pPort->hIst, SER_IST_PRIORITY);
  UartWrite(pPort, UART_IER, pPort->Ier);
  return (DWORD)pPort;
}

CEDK_EXPORT(COM_PreDeinit) BOOL COM_PreDeinit(DWORD hDeviceContext) { return PortFromContext(hDeviceContext) != NULL; }

CEDK_EXPORT(COM_Deinit) BOOL COM_Deinit(DWORD hDeviceContext) {
  SER_PORT *pPort = PortFromContext(hDeviceContext);
  if (pPort == NULL) return FALSE;
  pPort->fStopping = TRUE;
  SetEvent(pPort->hIntrEvent); /* wake the IST so it sees fStopping and returns */
  WaitForSingleObject(pPort->hIst, 1000);
  while (pPort->pOpens != NULL) {
    SER_OPEN *pOpen = pPort->pOpens;
    pPort->pOpens = pOpen->pNext;
    LocalFree(pOpen);
  }
  FreePort(pPort);
  return TRUE;
}

/* ---- COM_Open / COM_PreClose / COM_Close ---- */

CEDK_EXPORT(COM_Open) DWORD COM_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) {
  SER_PORT *pPort = PortFromContext(hDeviceContext);
  SER_OPEN *pOpen;
  (void)ShareMode;
  if (pPort == NULL) {
    SetLastError(ERROR_INVALID_HANDLE);
    return 0;
  }
  pOpen = (SER_OPEN *)LocalAlloc(LPTR, sizeof(SER_OPEN));
  if (pOpen == NULL) return 0;
  pOpen->pPort = pPort;
  pOpen->Access = AccessCode;
  EnterCriticalSection(&pPort->csPort);
  /* Like CE's serial driver, one opener at a time may read. */
  if ((AccessCode & GENERIC_READ) && pPort->pReader != NULL) {
    LeaveCriticalSection(&pPort->csPort);
    LocalFree(pOpen);
    SetLastError(ERROR_ACCESS_DENIED);
    return 0;
  }
  if (AccessCode & GENERIC_READ) pPort->pReader = pOpen;
  pOpen->pNext = pPort->pOpens;
  pPort->pOpens = pOpen;
  LeaveCriticalSection(&pPort->csPort);
  return (DWORD)pOpen;
}

/* The handle is closing: wake a reader blocked on it (Close comes once no thread is inside the driver on it). */
CEDK_EXPORT(COM_PreClose) BOOL COM_PreClose(DWORD hOpenContext) {
  SER_OPEN *pOpen = OpenFromContext(hOpenContext);
  if (pOpen == NULL) return FALSE;
  pOpen->fClosing = TRUE;
  SetEvent(pOpen->pPort->hRxReady);
  return TRUE;
}

CEDK_EXPORT(COM_Close) BOOL COM_Close(DWORD hOpenContext) {
  SER_OPEN *pOpen = OpenFromContext(hOpenContext);
  SER_PORT *pPort;
  SER_OPEN **pp;
  if (pOpen == NULL) return FALSE;
  pPort = pOpen->pPort;
  EnterCriticalSection(&pPort->csPort);
  if (pPort->pReader == pOpen) pPort->pReader = NULL;
  for (pp = &pPort->pOpens; *pp != NULL; pp = &(*pp)->pNext) {
    if (*pp == pOpen) {
      *pp = pOpen->pNext;
      break;
    }
  }
  LeaveCriticalSection(&pPort->csPort);
  LocalFree(pOpen);
  return TRUE;
}

/* ---- COM_Read / COM_Write ---- */

/* A copy between a ring and a caller buffer, run under CeTryCall. */
typedef struct _SER_COPY {
  SER_RING *pRing;
  PBYTE pCaller;
  DWORD Count;
} SER_COPY;

/* Ring to caller, without consuming: the bytes leave the ring only once the copy succeeded. */
static DWORD CopyToCaller(void *pv) {
  SER_COPY *pCopy = (SER_COPY *)pv;
  SER_RING *pRing = pCopy->pRing;
  DWORD i;
  for (i = 0; i < pCopy->Count; i++) pCopy->pCaller[i] = pRing->pBuffer[(pRing->Head + i) % pRing->Size];
  return i;
}

/* Caller to ring; the bytes count as queued only once the copy succeeded. */
static DWORD CopyFromCaller(void *pv) {
  SER_COPY *pCopy = (SER_COPY *)pv;
  SER_RING *pRing = pCopy->pRing;
  DWORD i;
  for (i = 0; i < pCopy->Count; i++) pRing->pBuffer[(pRing->Head + pRing->Count + i) % pRing->Size] = pCopy->pCaller[i];
  return i;
}

static DWORD FailIo(DWORD dwError) {
  SetLastError(dwError);
  return (DWORD)-1;
}

/* How long a Read may still wait: INFINITE without a total timeout, else what is left of it. */
static DWORD ReadWaitLeft(DWORD Total, DWORD Start) {
  DWORD elapsed;
  if (Total == 0) return INFINITE;
  elapsed = GetTickCount() - Start;
  return elapsed >= Total ? 0 : Total - elapsed;
}

/* Wait (csPort held on entry and on return) until received bytes are queued: TRUE, or FALSE with *pResult the
 * Read's result (0 for a timeout or an immediate read, -1 when the handle or the device is going away). */
static BOOL WaitForData(SER_OPEN *pOpen, DWORD Count, DWORD *pResult) {
  SER_PORT *pPort = pOpen->pPort;
  COMMTIMEOUTS t = pPort->Timeouts;
  BOOL fImmediate = t.ReadIntervalTimeout == MAXDWORD && t.ReadTotalTimeoutMultiplier == 0 && t.ReadTotalTimeoutConstant == 0;
  DWORD total = t.ReadTotalTimeoutMultiplier * Count + t.ReadTotalTimeoutConstant;
  DWORD start = GetTickCount();
  while (pPort->Rx.Count == 0) {
    DWORD wait;
    if (pOpen->fClosing || pPort->fStopping) {
      *pResult = FailIo(ERROR_INVALID_HANDLE);
      return FALSE;
    }
    *pResult = 0;
    if (fImmediate) return FALSE;
    wait = ReadWaitLeft(total, start);
    LeaveCriticalSection(&pPort->csPort);
    wait = WaitForSingleObject(pPort->hRxReady, wait);
    EnterCriticalSection(&pPort->csPort);
    if (wait == WAIT_TIMEOUT) return FALSE;
    if (pPort->Rx.Count == 0) ResetEvent(pPort->hRxReady);
  }
  return TRUE;
}

CEDK_EXPORT(COM_Read) DWORD COM_Read(DWORD hOpenContext, LPVOID pBuffer, DWORD Count) {
  SER_OPEN *pOpen = OpenFromContext(hOpenContext);
  SER_PORT *pPort;
  SER_COPY copy;
  DWORD result, got;
  if (pOpen == NULL) return FailIo(ERROR_INVALID_HANDLE);
  if (Count == 0) return 0;
  pPort = pOpen->pPort;
  EnterCriticalSection(&pPort->csPort);
  if (!WaitForData(pOpen, Count, &result)) {
    LeaveCriticalSection(&pPort->csPort);
    return result;
  }
  copy.pRing = &pPort->Rx;
  copy.pCaller = (PBYTE)pBuffer;
  copy.Count = Count < pPort->Rx.Count ? Count : pPort->Rx.Count;
  if (CeTryCall(CopyToCaller, &copy, &got) != 0) {
    LeaveCriticalSection(&pPort->csPort);
    return FailIo(ERROR_INVALID_PARAMETER);
  }
  pPort->Rx.Head = (pPort->Rx.Head + got) % pPort->Rx.Size;
  pPort->Rx.Count -= got;
  if (pPort->Rx.Count == 0) ResetEvent(pPort->hRxReady);
  LeaveCriticalSection(&pPort->csPort);
  return got;
}

CEDK_EXPORT(COM_Write) DWORD COM_Write(DWORD hOpenContext, LPCVOID pBuffer, DWORD Count) {
  SER_OPEN *pOpen = OpenFromContext(hOpenContext);
  SER_PORT *pPort;
  DWORD total, done = 0;
  if (pOpen == NULL) return FailIo(ERROR_INVALID_HANDLE);
  pPort = pOpen->pPort;
  EnterCriticalSection(&pPort->csPort);
  total = pPort->Timeouts.WriteTotalTimeoutMultiplier * Count + pPort->Timeouts.WriteTotalTimeoutConstant;
  while (done < Count) {
    SER_COPY copy;
    DWORD room = pPort->Tx.Size - pPort->Tx.Count, queued;
    copy.pRing = &pPort->Tx;
    copy.pCaller = (PBYTE)pBuffer + done;
    copy.Count = Count - done < room ? Count - done : room;
    if (CeTryCall(CopyFromCaller, &copy, &queued) != 0) {
      LeaveCriticalSection(&pPort->csPort);
      return FailIo(ERROR_INVALID_PARAMETER);
    }
    pPort->Tx.Count += queued;
    done += queued;
    /* Enabling THR-empty interrupts with the FIFO empty raises one at once: the IST starts sending. */
    pPort->Ier |= IER_ETBEI;
    UartWrite(pPort, UART_IER, pPort->Ier);
    LeaveCriticalSection(&pPort->csPort);
    if (WaitForSingleObject(pPort->hTxDone, total != 0 ? total : INFINITE) == WAIT_TIMEOUT) {
      EnterCriticalSection(&pPort->csPort);
      done -= pPort->Tx.Count; /* what is still queued did not go out */
      LeaveCriticalSection(&pPort->csPort);
      return done;
    }
    EnterCriticalSection(&pPort->csPort);
  }
  LeaveCriticalSection(&pPort->csPort);
  return done;
}

/* ---- COM_IOControl ---- */

CEDK_EXPORT(COM_IOControl)
BOOL COM_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut,
                   PDWORD pdwActualOut) {
  SER_OPEN *pOpen = OpenFromContext(hOpenContext);
  SER_IOCTL req;
  DWORD result, code;
  if (pOpen == NULL) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  req.pPort = pOpen->pPort;
  req.dwCode = dwCode;
  req.pBufIn = pBufIn;
  req.dwLenIn = dwLenIn;
  req.pBufOut = pBufOut;
  req.dwLenOut = dwLenOut;
  req.pdwActualOut = pdwActualOut;
  /* The kernel checked the caller's buffers for range only: an unmapped page faults here, and the __except
   * turns it into ERROR_INVALID_PARAMETER. */
  EnterCriticalSection(&req.pPort->csPort);
  code = CeTryCall(DispatchIoctl, &req, &result);
  LeaveCriticalSection(&req.pPort->csPort);
  if (code != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  return (BOOL)result;
}

/* ---- power: no blocking calls, so no critical section ---- */

CEDK_EXPORT(COM_PowerDown) void COM_PowerDown(DWORD hDeviceContext) {
  SER_PORT *pPort = PortFromContext(hDeviceContext);
  if (pPort != NULL) UartWrite(pPort, UART_IER, 0);
}

CEDK_EXPORT(COM_PowerUp) void COM_PowerUp(DWORD hDeviceContext) {
  SER_PORT *pPort = PortFromContext(hDeviceContext);
  if (pPort != NULL) UartWrite(pPort, UART_IER, pPort->Ier);
}
