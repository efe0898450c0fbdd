/* The byte rings between the callers and the IST. The caller holds csPort. */
#include "serial_priv.h"

BOOL RingAlloc(SER_RING *pRing, DWORD Size) {
  pRing->pBuffer = (PBYTE)LocalAlloc(LPTR, Size);
  pRing->Size = Size;
  pRing->Head = 0;
  pRing->Count = 0;
  return pRing->pBuffer != NULL;
}

void RingFree(SER_RING *pRing) {
  if (pRing->pBuffer != NULL) LocalFree(pRing->pBuffer);
  pRing->pBuffer = NULL;
}

/* Append one byte; the caller checked Count < Size. */
void RingPutByte(SER_RING *pRing, BYTE b) {
  pRing->pBuffer[(pRing->Head + pRing->Count) % pRing->Size] = b;
  pRing->Count++;
}

/* Remove the oldest byte; the caller checked Count > 0. */
BYTE RingGetByte(SER_RING *pRing) {
  BYTE b = pRing->pBuffer[pRing->Head];
  pRing->Head = (pRing->Head + 1) % pRing->Size;
  pRing->Count--;
  return b;
}

void RingClear(SER_RING *pRing) {
  pRing->Head = 0;
  pRing->Count = 0;
}
