/* fail_alloc.h - allocation failure injection for tests.
 *
 * fail_alloc.c defines malloc, calloc, realloc and free. Linked into a
 * test program, or preloaded into any program (LD_PRELOAD), it replaces
 * them everywhere: the program, libqrencode, libpng, zlib and libc.
 * Allocations are counted from 1; allocation number N fails as malloc does
 * (NULL, errno ENOMEM); every other one goes to the real allocator.
 *
 * Preloaded, it reads its settings from the environment:
 *   QRPNG_FAIL_ALLOC=N        fail allocation N (unset or 0: none fails)
 *   QRPNG_FAIL_ALLOC_LOG=FILE at exit, write "calls C failed F" there, so
 *                             a test knows whether allocation N happened
 *   QRPNG_FAIL_ALLOC_PROGRAM=NAME  only in the program called NAME (not in
 *                             a launcher in front of it, such as valgrind)
 * Linked, the test steers it with the functions below. */
#ifndef QRPNG_FAIL_ALLOC_H
#define QRPNG_FAIL_ALLOC_H

/* Starts counting from 0; allocation n (1-based) will fail; 0: none. */
void fail_alloc_arm(unsigned long n);

/* Stops failing and counting. */
void fail_alloc_disarm(void);

/* Allocations counted since the last arm, and whether one failed. */
unsigned long fail_alloc_calls(void);
int fail_alloc_failed(void);

#endif
