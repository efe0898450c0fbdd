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
#endif
