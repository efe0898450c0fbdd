/* cedk's ceddk.h: mapping device registers and accessing them. MmMapIoSpace gives a virtual address for a
 * physical range (in user mode through the reflector, only inside the key's IoBase/IoLen windows); the
 * READ/WRITE_REGISTER_* accessors are volatile loads and stores, which the machine routes to the device. */
#ifndef CEDK_CEDDK_H
#define CEDK_CEDDK_H
#include "windows.h"

typedef unsigned char BOOLEAN;
typedef unsigned long ULONG;
typedef unsigned short USHORT;
typedef unsigned char UCHAR;
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
#endif
