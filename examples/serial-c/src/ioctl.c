/* serial.dll's IOCTLs (serial_ioctl.h). Every buffer is flat, so the caller's buffers are used as the kernel passed
 * them, each input read once into a local before it is checked; COM_IOControl runs DispatchIoctl under CeTryCall,
 * so a caller pointer that faults fails the call with ERROR_INVALID_PARAMETER. */
#include <ceddk.h>
#include "serial_priv.h"
#include "uart16550.h"

/* A caller buffer of at least cbNeed bytes, or ERROR_INSUFFICIENT_BUFFER. */
static BOOL HaveBuffer(PBYTE pBuf, DWORD cbHave, DWORD cbNeed) {
  if (pBuf != NULL && cbHave >= cbNeed) return TRUE;
  SetLastError(ERROR_INSUFFICIENT_BUFFER);
  return FALSE;
}

static BOOL Fail(DWORD dwError) {
  SetLastError(dwError);
  return FALSE;
}

/* Copy a result to the caller's output buffer and report its size. */
static BOOL ReturnOutput(const SER_IOCTL *pReq, const void *pData, DWORD cbData) {
  if (!HaveBuffer(pReq->pBufOut, pReq->dwLenOut, cbData)) return FALSE;
  memcpy(pReq->pBufOut, pData, cbData);
  if (pReq->pdwActualOut != NULL) *pReq->pdwActualOut = cbData;
  return TRUE;
}

static BOOL SetBaudRate(const SER_IOCTL *pReq) {
  SER_PORT *pPort = pReq->pPort;
  DWORD baud, old = pPort->BaudRate;
  if (!HaveBuffer(pReq->pBufIn, pReq->dwLenIn, sizeof(DWORD))) return FALSE;
  memcpy(&baud, pReq->pBufIn, sizeof(baud));
  pPort->BaudRate = baud;
  if (baud == 0 || !UartProgramLine(pPort)) {
    pPort->BaudRate = old;
    return Fail(ERROR_INVALID_PARAMETER);
  }
  return TRUE;
}

static BOOL SetLineControl(const SER_IOCTL *pReq) {
  SERIAL_LINE_CONTROL line;
  if (!HaveBuffer(pReq->pBufIn, pReq->dwLenIn, sizeof(line))) return FALSE;
  memcpy(&line, pReq->pBufIn, sizeof(line));
  if (line.WordLength < 5 || line.WordLength > 8 || line.Parity > EVENPARITY ||
      (line.StopBits != ONESTOPBIT && line.StopBits != TWOSTOPBITS)) {
    return Fail(ERROR_INVALID_PARAMETER);
  }
  pReq->pPort->Line = line;
  return UartProgramLine(pReq->pPort);
}

static BOOL SetTimeouts(const SER_IOCTL *pReq) {
  if (!HaveBuffer(pReq->pBufIn, pReq->dwLenIn, sizeof(COMMTIMEOUTS))) return FALSE;
  memcpy(&pReq->pPort->Timeouts, pReq->pBufIn, sizeof(COMMTIMEOUTS));
  return TRUE;
}

static BOOL GetCommStatus(const SER_IOCTL *pReq) {
  SER_PORT *pPort = pReq->pPort;
  SERIAL_DEV_STATUS status;
  status.Errors = pPort->Errors;
  status.cbInQue = pPort->Rx.Count;
  status.cbOutQue = pPort->Tx.Count;
  if (!ReturnOutput(pReq, &status, sizeof(status))) return FALSE;
  pPort->Errors = 0; /* reported once */
  return TRUE;
}

static BOOL Purge(const SER_IOCTL *pReq) {
  SER_PORT *pPort = pReq->pPort;
  DWORD flags;
  UCHAR fcr = FCR_ENABLE | FCR_TRIGGER_8;
  if (!HaveBuffer(pReq->pBufIn, pReq->dwLenIn, sizeof(DWORD))) return FALSE;
  memcpy(&flags, pReq->pBufIn, sizeof(flags));
  if (flags & PURGE_RXCLEAR) {
    RingClear(&pPort->Rx);
    ResetEvent(pPort->hRxReady);
    fcr |= FCR_CLEAR_RX;
  }
  if (flags & PURGE_TXCLEAR) {
    RingClear(&pPort->Tx);
    fcr |= FCR_CLEAR_TX;
  }
  UartWrite(pPort, UART_FCR, fcr);
  return TRUE;
}

DWORD DispatchIoctl(void *pRequest) {
  const SER_IOCTL *pReq = (const SER_IOCTL *)pRequest;
  SER_PORT *pPort = pReq->pPort;
  switch (pReq->dwCode) {
  case IOCTL_SERIAL_SET_BAUD_RATE:
    return SetBaudRate(pReq);
  case IOCTL_SERIAL_GET_BAUD_RATE:
    return ReturnOutput(pReq, &pPort->BaudRate, sizeof(DWORD));
  case IOCTL_SERIAL_SET_LINE_CONTROL:
    return SetLineControl(pReq);
  case IOCTL_SERIAL_GET_LINE_CONTROL:
    return ReturnOutput(pReq, &pPort->Line, sizeof(SERIAL_LINE_CONTROL));
  case IOCTL_SERIAL_SET_TIMEOUTS:
    return SetTimeouts(pReq);
  case IOCTL_SERIAL_GET_TIMEOUTS:
    return ReturnOutput(pReq, &pPort->Timeouts, sizeof(COMMTIMEOUTS));
  case IOCTL_SERIAL_GET_COMMSTATUS:
    return GetCommStatus(pReq);
  case IOCTL_SERIAL_PURGE:
    return Purge(pReq);
  default:
    return Fail(ERROR_NOT_SUPPORTED);
  }
}
