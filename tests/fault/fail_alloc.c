/* fail_alloc.c - allocation failure injection (see fail_alloc.h). */
#define _GNU_SOURCE
#include "fail_alloc.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef void *malloc_fn(size_t);
typedef void *calloc_fn(size_t, size_t);
typedef void *realloc_fn(void *, size_t);
typedef void free_fn(void *);

static malloc_fn *real_malloc;
static calloc_fn *real_calloc;
static realloc_fn *real_realloc;
static free_fn *real_free;

static int armed;
static unsigned long calls, fail_at;
static int failed;

/* dlsym may allocate while the real functions are being looked up: those
 * few bytes come from here and are never given back. */
static _Alignas(16) unsigned char bootstrap[4096];
static size_t bootstrap_used;
static int resolving;

static void *bootstrap_alloc(size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    if (size > sizeof bootstrap - bootstrap_used)
        return NULL;
    void *p = bootstrap + bootstrap_used;
    bootstrap_used += size;
    return p;
}

static int from_bootstrap(const void *p)
{
    return (const unsigned char *)p >= bootstrap &&
           (const unsigned char *)p < bootstrap + sizeof bootstrap;
}

static void resolve(void)
{
    if (real_free != NULL || resolving)
        return;
    resolving = 1;
    /* ISO C has no object-to-function pointer cast; POSIX's way: */
    *(void **)&real_malloc = dlsym(RTLD_NEXT, "malloc");
    *(void **)&real_calloc = dlsym(RTLD_NEXT, "calloc");
    *(void **)&real_realloc = dlsym(RTLD_NEXT, "realloc");
    *(void **)&real_free = dlsym(RTLD_NEXT, "free");
    resolving = 0;
}

/* Counts one allocation; nonzero when it is the one to fail. */
static int should_fail(void)
{
    if (!armed)
        return 0;
    calls++;
    if (calls != fail_at)
        return 0;
    failed = 1;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t size)
{
    resolve();
    if (real_malloc == NULL)
        return bootstrap_alloc(size);
    return should_fail() ? NULL : real_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    resolve();
    if (real_calloc == NULL) {
        if (size != 0 && count > SIZE_MAX / size)
            return NULL;
        return bootstrap_alloc(count * size); /* static: already zero */
    }
    return should_fail() ? NULL : real_calloc(count, size);
}

void *realloc(void *p, size_t size)
{
    resolve();
    if (from_bootstrap(p)) {
        /* Only dlsym's own blocks live there; move one out. */
        void *moved = malloc(size);
        if (moved != NULL)
            memcpy(moved, p, size < 64 ? size : 64);
        return moved;
    }
    return should_fail() ? NULL : real_realloc(p, size);
}

void free(void *p)
{
    if (p == NULL || from_bootstrap(p))
        return;
    resolve();
    real_free(p);
}

void fail_alloc_arm(unsigned long n)
{
    calls = 0;
    failed = 0;
    fail_at = n;
    armed = 1;
}

void fail_alloc_disarm(void)
{
    armed = 0;
}

unsigned long fail_alloc_calls(void)
{
    return calls;
}

int fail_alloc_failed(void)
{
    return failed;
}

/* Preloaded: armed from the environment before main runs. */
__attribute__((constructor))
static void arm_from_environment(void)
{
    const char *n = getenv("QRPNG_FAIL_ALLOC");
    const char *only = getenv("QRPNG_FAIL_ALLOC_PROGRAM");
    if (only != NULL && strcmp(only, program_invocation_short_name) != 0)
        return;
    if (n != NULL)
        fail_alloc_arm(strtoul(n, NULL, 10));
}

__attribute__((destructor))
static void write_log(void)
{
    const char *path = getenv("QRPNG_FAIL_ALLOC_LOG");
    /* armed is 0 in a program that QRPNG_FAIL_ALLOC_PROGRAM leaves out */
    if (path == NULL || !armed)
        return;
    char line[64];
    int len = snprintf(line, sizeof line, "calls %lu failed %d\n", calls,
                       failed);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) {
        if (write(fd, line, (size_t)len) != len)
            (void)0; /* the test then finds no log and fails */
        close(fd);
    }
}
