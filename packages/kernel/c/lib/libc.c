/* cedk's freestanding C library for drivers (include/cedk_libc.h). Simple loops: clang is run with -fno-builtin,
 * so these are never turned back into calls to themselves. memcpy and memset move whole DWORDs when the addresses
 * allow it, as a CE C runtime does: each access is a call into the machine, so a 16-byte copy is 8 accesses, not 32. */
#define CEDK_LIBC_IMPL
#include "cedk_libc.h"

#define NULL_PTR ((void *)0)
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

size_t strnlen(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && s[i]) i++;
  return i;
}

size_t wcsnlen(const unsigned short *s, size_t n) {
  size_t i = 0;
  while (i < n && s[i]) i++;
  return i;
}

char *strcpy(char *dst, const char *src) {
  char *d = dst;
  while ((*d++ = *src++) != 0) {}
  return dst;
}

unsigned short *wcscpy(unsigned short *dst, const unsigned short *src) {
  unsigned short *d = dst;
  while ((*d++ = *src++) != 0) {}
  return dst;
}

/* Copies at most n units; pads with NULs to n when src is shorter, and leaves dst unterminated when it is not. */
char *strncpy(char *dst, const char *src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; i++) dst[i] = src[i];
  for (; i < n; i++) dst[i] = 0;
  return dst;
}

unsigned short *wcsncpy(unsigned short *dst, const unsigned short *src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; i++) dst[i] = src[i];
  for (; i < n; i++) dst[i] = 0;
  return dst;
}

char *strcat(char *dst, const char *src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

unsigned short *wcscat(unsigned short *dst, const unsigned short *src) {
  wcscpy(dst + wcslen(dst), src);
  return dst;
}

int strncmp(const char *a, const char *b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (*a == 0) return 0;
  }
  return 0;
}

int strcmp(const char *a, const char *b) {
  return strncmp(a, b, (size_t)-1);
}

int wcsncmp(const unsigned short *a, const unsigned short *b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (int)*a - (int)*b;
    if (*a == 0) return 0;
  }
  return 0;
}

int wcscmp(const unsigned short *a, const unsigned short *b) {
  return wcsncmp(a, b, (size_t)-1);
}

static unsigned FoldAscii(unsigned c) {
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int _wcsnicmp(const unsigned short *a, const unsigned short *b, size_t n) {
  for (; n; n--, a++, b++) {
    unsigned x = FoldAscii(*a), y = FoldAscii(*b);
    if (x != y) return (int)x - (int)y;
    if (x == 0) return 0;
  }
  return 0;
}

int _wcsicmp(const unsigned short *a, const unsigned short *b) {
  return _wcsnicmp(a, b, (size_t)-1);
}

int _stricmp(const char *a, const char *b) {
  for (;; a++, b++) {
    unsigned x = FoldAscii((unsigned char)*a), y = FoldAscii((unsigned char)*b);
    if (x != y) return (int)x - (int)y;
    if (x == 0) return 0;
  }
}

char *strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char *)s;
    if (*s == 0) return NULL_PTR;
  }
}

char *strrchr(const char *s, int c) {
  const char *last = NULL_PTR;
  for (;; s++) {
    if (*s == (char)c) last = s;
    if (*s == 0) return (char *)last;
  }
}

unsigned short *wcschr(const unsigned short *s, unsigned short c) {
  for (;; s++) {
    if (*s == c) return (unsigned short *)s;
    if (*s == 0) return NULL_PTR;
  }
}

unsigned short *wcsrchr(const unsigned short *s, unsigned short c) {
  const unsigned short *last = NULL_PTR;
  for (;; s++) {
    if (*s == c) last = s;
    if (*s == 0) return (unsigned short *)last;
  }
}
