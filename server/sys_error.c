/* sys_error.c - see sys_error.h. */
#include "sys_error.h"

#include <stdio.h>
#include <string.h>

const char *sys_error(int e, char *buf, size_t size)
{
    /* POSIX's strerror_r (int), under _POSIX_C_SOURCE 200809L. */
    if (strerror_r(e, buf, size) != 0)
        snprintf(buf, size, "error %d", e);
    return buf;
}
