// The C++ runtime support cedk links into a C++ driver (no exceptions, no RTTI): operator new and delete over the
// driver's process heap (LocalAlloc/LocalFree, as CE's C++ runtime uses the process heap), and the handler for a
// call to a pure virtual function, which ends the call as an illegal instruction would.
#include <windows.h>

void *operator new(size_t n) { return LocalAlloc(LMEM_FIXED, n ? n : 1); }
void *operator new[](size_t n) { return LocalAlloc(LMEM_FIXED, n ? n : 1); }
void operator delete(void *p) noexcept {
  if (p != NULL) LocalFree(p);
}
void operator delete[](void *p) noexcept {
  if (p != NULL) LocalFree(p);
}
void operator delete(void *p, size_t) noexcept {
  if (p != NULL) LocalFree(p);
}
void operator delete[](void *p, size_t) noexcept {
  if (p != NULL) LocalFree(p);
}

extern "C" void __cxa_pure_virtual() { __builtin_trap(); }
