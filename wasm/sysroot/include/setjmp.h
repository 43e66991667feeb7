/* setjmp.h - for the WebAssembly build only (wasm/wasm.mk puts this
 * folder before wasi-libc's headers, which have no setjmp.h).
 *
 * WebAssembly as clang 14 targets it has no way to unwind the stack, so
 * setjmp returns 0 (the normal path) and longjmp traps. libpng is the
 * only user: it longjmps out of an error (in libqrpng, only an allocation
 * failure inside libpng gets there). A trap aborts the host's call and
 * leaves the instance in an unknown state: the host must drop it and
 * instantiate the module again (docs/wasm.md). */
#ifndef QRPNG_WASM_SETJMP_H
#define QRPNG_WASM_SETJMP_H

typedef struct { int unused; } jmp_buf[1];

#define setjmp(env) ((void)(env), 0)

__attribute__((noreturn)) static inline void longjmp(jmp_buf env, int value)
{
    (void)env;
    (void)value;
    __builtin_trap();
}

#endif
