/* cedk's ceddk.h: mapping device registers and accessing them. MmMapIoSpace gives a virtual address for a
 * physical range (in user mode through the reflector, only inside the key's IoBase/IoLen windows); the
 * READ/WRITE_REGISTER_* accessors are volatile loads and stores, which the machine routes to the device. */
#ifndef CEDK_CEDDK_H
#define CEDK_CEDDK_H
#include "windows.h"

typedef unsigned char BOOLEAN;
typedef union _LARGE_INTEGER {
  struct {
    DWORD LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, PHYSICAL_ADDRESS;

/* PhysicalAddress is passed by value; the wasm32 C ABI passes this union through a pointer to a copy. */
CEDK_IMPORT(ceddk, MmMapIoSpace) PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, ULONG NumberOfBytes, BOOLEAN CacheEnable);
CEDK_IMPORT(ceddk, MmUnmapIoSpace) VOID MmUnmapIoSpace(PVOID BaseAddress, ULONG NumberOfBytes);

static inline UCHAR READ_REGISTER_UCHAR(volatile UCHAR *Register) { return *Register; }
static inline USHORT READ_REGISTER_USHORT(volatile USHORT *Register) { return *Register; }
static inline ULONG READ_REGISTER_ULONG(volatile ULONG *Register) { return *Register; }
static inline VOID WRITE_REGISTER_UCHAR(volatile UCHAR *Register, UCHAR Value) { *Register = Value; }
static inline VOID WRITE_REGISTER_USHORT(volatile USHORT *Register, USHORT Value) { *Register = Value; }
static inline VOID WRITE_REGISTER_ULONG(volatile ULONG *Register, ULONG Value) { *Register = Value; }

/* Buffers of registers: Count accesses of the register's width at successive addresses, as ceddk's loops make them. */
#define CEDK_REGISTER_BUFFER(T, NAME)                                                                              \
  static inline VOID READ_REGISTER_BUFFER_##NAME(volatile T *Register, T *Buffer, ULONG Count) {                    \
    while (Count--) *Buffer++ = *Register++;                                                                        \
  }                                                                                                                 \
  static inline VOID WRITE_REGISTER_BUFFER_##NAME(volatile T *Register, const T *Buffer, ULONG Count) {             \
    while (Count--) *Register++ = *Buffer++;                                                                        \
  }
CEDK_REGISTER_BUFFER(UCHAR, UCHAR)
CEDK_REGISTER_BUFFER(USHORT, USHORT)
CEDK_REGISTER_BUFFER(ULONG, ULONG)

/* I/O ports. CE6 on ARM has no I/O space: a port is a register in a window MmMapIoSpace mapped, and ceddk's
 * READ/WRITE_PORT_* are volatile accesses at that address, which reach the simulated device. The buffer forms
 * access the same port Count times (a FIFO), unlike the register buffers. */
static inline UCHAR READ_PORT_UCHAR(volatile UCHAR *Port) { return *Port; }
static inline USHORT READ_PORT_USHORT(volatile USHORT *Port) { return *Port; }
static inline ULONG READ_PORT_ULONG(volatile ULONG *Port) { return *Port; }
static inline VOID WRITE_PORT_UCHAR(volatile UCHAR *Port, UCHAR Value) { *Port = Value; }
static inline VOID WRITE_PORT_USHORT(volatile USHORT *Port, USHORT Value) { *Port = Value; }
static inline VOID WRITE_PORT_ULONG(volatile ULONG *Port, ULONG Value) { *Port = Value; }
#define CEDK_PORT_BUFFER(T, NAME)                                                                                  \
  static inline VOID READ_PORT_BUFFER_##NAME(volatile T *Port, T *Buffer, ULONG Count) {                            \
    while (Count--) *Buffer++ = *Port;                                                                              \
  }                                                                                                                 \
  static inline VOID WRITE_PORT_BUFFER_##NAME(volatile T *Port, const T *Buffer, ULONG Count) {                     \
    while (Count--) *Port = *Buffer++;                                                                              \
  }
CEDK_PORT_BUFFER(UCHAR, UCHAR)
CEDK_PORT_BUFFER(USHORT, USHORT)
CEDK_PORT_BUFFER(ULONG, ULONG)

/* The driver key's resources (DDKReg_GetWindowInfo, DDKReg_GetIsrInfo). */
#include "ddkreg.h"
#endif
