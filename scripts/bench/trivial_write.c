/* trivial_write.c - the start-up baseline: a C program that only writes
 * N bytes (argv[1]) to stdout, as qr-cli does with a PNG of that size. */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    static unsigned char buf[1 << 16];
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;
    if (n > sizeof buf)
        n = sizeof buf;
    return write(STDOUT_FILENO, buf, n) == (ssize_t)n ? 0 : 1;
}
