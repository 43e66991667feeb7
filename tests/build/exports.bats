#!/usr/bin/env bats
# libqrpng.a and libqrpng.so export what qrpng.h declares and nothing
# else: the library's internals (qrp_* and static helpers) are local to
# its one object, and hidden in the shared library, so a program may use
# any of their names.

setup() {
    REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    : "${BUILD_DIR:=$REPO/build}"
    ARCHIVE="$BUILD_DIR/libqrpng.a"
    SHARED="$BUILD_DIR/libqrpng.so"
}

# The functions qrpng.h marks QRPNG_API, one a line, sorted.
declared() {
    sed -n 's/^QRPNG_API .*[ *]\(qrpng_[a-z_0-9]*\)(.*/\1/p' "$REPO/lib/qrpng.h" | sort
}

@test "nm -g lists exactly the functions qrpng.h declares" {
    [ "$(declared | wc -l)" -ge 14 ]
    exported=$(nm -g --defined-only "$ARCHIVE" | awk 'NF == 3 { print $3 }' | sort)
    [ -n "$exported" ]
    if [ "$exported" != "$(declared)" ]; then
        diff <(declared) <(printf '%s\n' "$exported") >&2 || true
        return 1
    fi
}

@test "nm -D of libqrpng.so lists exactly the functions qrpng.h declares" {
    exported=$(nm -D --defined-only "$SHARED" | awk 'NF == 3 { print $3 }' | sort)
    [ -n "$exported" ]
    if [ "$exported" != "$(declared)" ]; then
        diff <(declared) <(printf '%s\n' "$exported") >&2 || true
        return 1
    fi
}

@test "libqrpng.so: SONAME libqrpng.so.MAJOR, links to libqrpng.so.MAJOR.MINOR.PATCH" {
    local version major
    version=$(sed -n 's/^#define QRPNG_VERSION_STRING "\(.*\)"/\1/p' "$REPO/lib/qrpng.h")
    major=${version%%.*}
    [ "$(readlink "$SHARED")" = "libqrpng.so.$major" ]
    [ "$(readlink "$BUILD_DIR/libqrpng.so.$major")" = "libqrpng.so.$version" ]
    [ "$(readelf -d "$SHARED" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" = "libqrpng.so.$major" ]
    # libqrencode, libpng and zlib are its own dependencies.
    for lib in libqrencode libpng16 libz; do
        readelf -d "$SHARED" | grep -q "(NEEDED).*\[$lib\.so" ||
            { echo "no $lib in NEEDED" >&2; return 1; }
    done
}

@test "a program may define a name the library uses inside" {
    cat > "$BATS_TEST_TMPDIR/clash.c" <<'C'
#include <stdio.h>
#include <qrpng.h>
/* Internal names of libqrpng, here the program's own. */
int qrp_layout_compute(void) { return 7; }
int qrp_buffer_append(void) { return 8; }
int main(void)
{
    qrpng_ctx *ctx = qrpng_ctx_new();
    qrpng_image img;
    int ok = ctx && qrpng_render(ctx, "hi", 2, NULL, &img) == QRPNG_OK &&
             img.width == 200;
    qrpng_ctx_free(ctx);
    printf("%d %d %d\n", ok, qrp_layout_compute(), qrp_buffer_append());
    return ok ? 0 : 1;
}
C
    # The archive's own compiler and flags (check-sanitize's instrument it).
    # shellcheck disable=SC2086
    "${CC:-cc}" $CFLAGS -I"$REPO/lib" -o "$BATS_TEST_TMPDIR/clash" \
        "$BATS_TEST_TMPDIR/clash.c" "$ARCHIVE" $LDFLAGS \
        $(pkg-config --libs libqrencode libpng zlib)
    [ "$("$BATS_TEST_TMPDIR/clash")" = "1 7 8" ]
}
