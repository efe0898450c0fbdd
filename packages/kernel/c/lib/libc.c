/* cedk's freestanding C library for drivers (include/cedk_libc.h). Simple loops: clang is run with -fno-builtin,
 * so these are never turned back into calls to themselves. memcpy and memset move whole DWORDs when the addresses
 * allow it, as a CE C runtime does: each access is a call into the machine, so a 16-byte copy is 8 accesses, not 32. */
#define CEDK_LIBC_IMPL
#include "cedk_libc.h"

#define ALIGNED4(a, b) (((((size_t)(a)) | ((size_t)(b))) & 3) == 0)

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (ALIGNED4(d, s))
    for (; n >= 4; n -= 4, d += 4, s += 4) *(unsigned long *)d = *(const unsigned long *)s;
  while (n--) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s) return memcpy(dst, src, n);
  while (n--) d[n] = s[n];
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  unsigned long word = (unsigned char)c * 0x01010101UL;
  if (ALIGNED4(d, 0))
    for (; n >= 4; n -= 4, d += 4) *(unsigned long *)d = word;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y) return *x - *y;
  return 0;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

size_t wcslen(const unsigned short *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}
