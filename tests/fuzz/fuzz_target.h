/* fuzz_target.h - the one function every tests/fuzz/fuzz_<name>.c defines.
 * libFuzzer calls it with each generated input; run_inputs.c calls it with
 * the files of the seed corpus and the regression cases. It returns 0 and
 * aborts (a crash the fuzzer reports) when a promise is broken. */
#ifndef QRPNG_FUZZ_TARGET_H
#define QRPNG_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a line naming the broken promise, so the fuzzer saves the
 * input and the regression runner fails on it. */
#define FUZZ_REQUIRE(cond)                                                  \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fuzz_fail(__FILE__, __LINE__, #cond);                           \
        }                                                                   \
    } while (0)

void fuzz_fail(const char *file, int line, const char *what);

#endif
