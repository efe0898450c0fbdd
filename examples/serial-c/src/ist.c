/* The interrupt service thread: woken through the event InterruptInitialize bound to the SYSINTR, it serves every
 * cause the UART has pending, highest priority first, then acknowledges with InterruptDone. */
#include <pkfuncs.h>
#include "serial_priv.h"
#include "uart16550.h"

static void LineStatus(SER_PORT *pPort, UCHAR lsr) {
  if (lsr & LSR_OE) pPort->Errors |= CE_OVERRUN;
  if (lsr & LSR_PE) pPort->Errors |= CE_RXPARITY;
  if (lsr & LSR_FE) pPort->Errors |= CE_FRAME;
  if (lsr & LSR_BI) pPort->Errors |= CE_BREAK;
}

/* Drain the receive FIFO into the ring; a byte with no room is lost and counted as CE_RXOVER. */
static void Receive(SER_PORT *pPort) {
  BOOL fGot = FALSE;
  UCHAR lsr;
  for (lsr = UartRead(pPort, UART_LSR); lsr & LSR_DR; lsr = UartRead(pPort, UART_LSR)) {
    UCHAR b;
    LineStatus(pPort, lsr);
    b = UartRead(pPort, UART_RBR);
    if (pPort->Rx.Count < pPort->Rx.Size) {
      RingPutByte(&pPort->Rx, b);
      fGot = TRUE;
    } else {
      pPort->Errors |= CE_RXOVER;
    }
  }
  if (fGot) SetEvent(pPort->hRxReady);
}

/* Hand the transmitter up to one FIFO load; with the ring empty, stop THR-empty interrupts and release the writer. */
static void Transmit(SER_PORT *pPort) {
  DWORD n;
  for (n = 0; n < UART_TX_FIFO && pPort->Tx.Count > 0; n++) UartWrite(pPort, UART_THR, RingGetByte(&pPort->Tx));
  if (pPort->Tx.Count == 0) {
    pPort->Ier &= (UCHAR)~IER_ETBEI;
    UartWrite(pPort, UART_IER, pPort->Ier);
    SetEvent(pPort->hTxDone);
  }
}

/* Serve until IIR says nothing is pending (bounded, so a stuck line cannot hold the IST forever). */
static void ServiceUart(SER_PORT *pPort) {
  int guard;
  for (guard = 0; guard < 64; guard++) {
    UCHAR iir = UartRead(pPort, UART_IIR);
    if (iir & IIR_NO_INT) return;
    switch (iir & IIR_ID_MASK) {
    case IIR_RLS:
      LineStatus(pPort, UartRead(pPort, UART_LSR));
      break;
    case IIR_RDA:
    case IIR_CTI:
      Receive(pPort);
      break;
    case IIR_THRE:
      Transmit(pPort);
      break;
    default:
      (void)UartRead(pPort, UART_MSR); /* modem status: reading MSR acknowledges it */
      break;
    }
  }
}

DWORD WINAPI SerialIST(LPVOID pContext) {
  SER_PORT *pPort = (SER_PORT *)pContext;
  for (;;) {
    WaitForSingleObject(pPort->hIntrEvent, INFINITE);
    if (pPort->fStopping) return 0;
    EnterCriticalSection(&pPort->csPort);
    ServiceUart(pPort);
    LeaveCriticalSection(&pPort->csPort);
    InterruptDone(pPort->SysIntr);
  }
}
