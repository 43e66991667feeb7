/* sys_error.h - strerror for a program with threads: strerror_r into the
 * caller's buffer (concurrency-mt-unsafe, make analyze). */
#ifndef QRSERVER_SYS_ERROR_H
#define QRSERVER_SYS_ERROR_H

#include <stddef.h>

#define SYS_ERROR_SIZE 128

/* The text of errno value e in buf (size bytes), which it returns. */
const char *sys_error(int e, char *buf, size_t size);

#endif
