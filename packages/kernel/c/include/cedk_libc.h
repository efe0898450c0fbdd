/* The freestanding C library cedk links into every C driver (lib/libc.c): memory and string helpers a driver
 * uses. Every access they make goes through the machine like the driver's own. */
#ifndef CEDK_LIBC_H
#define CEDK_LIBC_H
typedef unsigned long size_t;
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t wcslen(const unsigned short *s);

/* In a driver, memcpy and memset are compiler intrinsics, as MSVC's /Oi makes them in a CE6 build: a copy of a small
 * constant size becomes a few wide loads and stores (a 16-byte copy: two 8-byte ones), anything else calls the
 * functions above. libc.c itself defines CEDK_LIBC_IMPL, so its loops are never turned into calls to themselves. */
#ifndef CEDK_LIBC_IMPL
#define memcpy(dst, src, n) __builtin_memcpy((dst), (src), (n))
#define memset(dst, c, n) __builtin_memset((dst), (c), (n))
#endif
#endif
