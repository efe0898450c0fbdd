/* The 16550's registers through the window MmMapIoSpace gave, and the line settings as the UART takes them. */
#include <ceddk.h>
#include "serial_priv.h"
#include "uart16550.h"

UCHAR UartRead(SER_PORT *pPort, DWORD Reg) { return READ_REGISTER_UCHAR(pPort->pRegs + Reg); }

void UartWrite(SER_PORT *pPort, DWORD Reg, UCHAR Value) { WRITE_REGISTER_UCHAR(pPort->pRegs + Reg, Value); }

/* The divisor for BaudRate, rounded to the nearest (64-bit: 16 * BaudRate overflows a DWORD), or 0 when the UART
 * cannot run at that rate. */
static DWORD Divisor(DWORD BaudRate) {
  ULONGLONG twice = 16ULL * BaudRate;
  if (BaudRate == 0) return 0;
  return (DWORD)((UART_CLOCK + twice / 2) / twice);
}

/* Program the divisor and the frame format from BaudRate and Line; FALSE (nothing written) for a rate the divisor
 * cannot express. */
BOOL UartProgramLine(SER_PORT *pPort) {
  DWORD divisor = Divisor(pPort->BaudRate);
  UCHAR lcr;
  if (divisor < 1 || divisor > 0xFFFF) return FALSE;
  lcr = (UCHAR)(pPort->Line.WordLength - 5);
  if (pPort->Line.StopBits == TWOSTOPBITS) lcr |= LCR_STB;
  if (pPort->Line.Parity != NOPARITY) lcr |= LCR_PEN;
  if (pPort->Line.Parity == EVENPARITY) lcr |= LCR_EPS;
  UartWrite(pPort, UART_LCR, lcr | LCR_DLAB);
  UartWrite(pPort, UART_DLL, (UCHAR)(divisor & 0xFF));
  UartWrite(pPort, UART_DLM, (UCHAR)(divisor >> 8));
  UartWrite(pPort, UART_LCR, lcr);
  return TRUE;
}
