#!/usr/bin/env bats
# What -o FILE does to what is already at FILE (man qr-cli, "-o"): a
# regular file is replaced atomically and keeps its mode and owner; a link
# is followed and kept; a FIFO or device is written, never replaced.

load helpers

setup() {
    cd "$BATS_TEST_TMPDIR"
}

mode_of() { stat -c %a "$1"; }

@test "a FIFO is written through, not replaced by a file" {
    mkfifo pipe
    timeout 20 cat pipe >got &
    local reader=$!
    run_split timeout 20 "$QR_CLI" -o pipe -- 'through a fifo'
    wait "$reader"
    [ "$status" -eq 0 ]
    [ ! -s "$ERR" ]
    [ -p pipe ]
    decodes_to_text got 'through a fifo'
    [ -z "$(ls -A | grep '^\.pipe\.')" ]
}

@test "a symlink is kept and its target replaced, with the target's mode" {
    mkdir real
    echo old >real/code.png
    chmod 640 real/code.png
    ln -s real/code.png link.png
    run_split "$QR_CLI" -o link.png -- 'via a link'
    [ "$status" -eq 0 ]
    [ -L link.png ]
    [ "$(readlink link.png)" = real/code.png ]
    decodes_to_text real/code.png 'via a link'
    [ "$(mode_of real/code.png)" = 640 ]
    [ -z "$(find . -name '.*' ! -name .)" ]
}

@test "a chain of relative links is followed from each link's folder" {
    mkdir -p a b
    ln -s ../b/link2 a/link1
    ln -s target.png b/link2
    echo old >b/target.png
    run_split "$QR_CLI" -o a/link1 -- chain
    [ "$status" -eq 0 ]
    [ -L a/link1 ] && [ -L b/link2 ]
    decodes_to_text b/target.png chain
}

@test "a dangling symlink: its target is created, the link kept" {
    mkdir sub
    ln -s sub/new.png dangling
    run_split "$QR_CLI" -o dangling -- 'made by a link'
    [ "$status" -eq 0 ]
    [ -L dangling ]
    decodes_to_text sub/new.png 'made by a link'
}

@test "a link loop is refused with exit 3, nothing created" {
    ln -s loop2 loop1
    ln -s loop1 loop2
    run_split "$QR_CLI" -o loop1 -- x
    assert_failure 3 "cannot write 'loop1': Too many levels of symbolic links"
    [ "$(ls -A | grep -c loop)" -eq 2 ]
}

@test "an existing 0600 file stays 0600 (not 0666 less umask)" {
    echo secret >private.png
    chmod 600 private.png
    run_split "$QR_CLI" -o private.png -- replaced
    [ "$status" -eq 0 ]
    [ "$(mode_of private.png)" = 600 ]
    decodes_to_text private.png replaced
}

@test "as root, an existing file keeps its owner and group" {
    [ "$(id -u)" -eq 0 ] || skip "needs root to own files of others"
    echo theirs >owned.png
    chown 1234:4321 owned.png
    chmod 604 owned.png
    run_split "$QR_CLI" -o owned.png -- mine
    [ "$status" -eq 0 ]
    [ "$(stat -c %u:%g:%a owned.png)" = 1234:4321:604 ]
    decodes_to_text owned.png mine
}

@test "a new file gets 0666 less the umask" {
    (umask 027 && "$QR_CLI" -o fresh.png -- new)
    [ "$(mode_of fresh.png)" = 640 ]
}

@test "-o /proc/self/fd/1 writes to standard output (pipe and file)" {
    "$QR_CLI" -o /proc/self/fd/1 -- 'to stdout' | cat >piped.png
    decodes_to_text piped.png 'to stdout'
    "$QR_CLI" -o /proc/self/fd/1 -- 'to a file' >redirected.png
    decodes_to_text redirected.png 'to a file'
}

@test "-o /dev/stdout after the caller's own output keeps it (> and >>)" {
    { echo header; "$QR_CLI" -o /dev/stdout -- 'after a header'; } >out
    [ "$(head -n 1 out)" = header ]
    tail -c +8 out >png
    decodes_to_text png 'after a header'
    # Appending: the PNG goes after what the file had, not over its start.
    echo earlier >log
    "$QR_CLI" -o /dev/stdout -- 'appended' >>log
    [ "$(head -n 1 log)" = earlier ]
    tail -c +9 log >png2
    decodes_to_text png2 appended
}

@test "-o /dev/fd/N, /proc/self/fd/N and /proc/PID/fd/N write at the descriptor's offset" {
    local name
    for name in /dev/fd/5 //dev//fd/5 /proc/self/fd/5 /proc/thread-self/fd/5 pid; do
        [ "$name" != pid ] || name=/proc/PID/fd/5
        echo "head $name" >out
        if [ "$name" = /proc/PID/fd/5 ]; then
            # qr-cli's own PID: the shell's exec keeps it.
            sh -c 'exec "$1" -o "/proc/$$/fd/5" -- "$2"' sh "$QR_CLI" "$name" 5>>out
        else
            "$QR_CLI" -o "$name" -- "$name" 5>>out
        fi
        [ "$(head -n 1 out)" = "head $name" ]
        tail -c +$(( ${#name} + 7 )) out >png
        decodes_to_text png "$name"
    done
}

@test "a link to /dev/stdout is written through standard output too" {
    ln -s /dev/stdout to-stdout
    { printf 'kept\n'; "$QR_CLI" -o to-stdout -- linked; } >out
    [ "$(head -n 1 out)" = kept ]
    [ -L to-stdout ]
    tail -c +6 out >png
    decodes_to_text png linked
}

@test "-o /dev/fd/N that is not open: exit 3, Bad file descriptor" {
    run_split "$QR_CLI" -o /dev/fd/9 -- x
    assert_failure 3 "cannot write '/dev/fd/9': Bad file descriptor"
}

@test "-o with a 255-byte name: written, and replaced, under a shortened temporary name" {
    local name
    name=$(printf 'n%.0s' $(seq 251)).png
    [ ${#name} -eq 255 ]
    "$QR_CLI" -o "$name" -- first
    decodes_to_text "$name" first
    # Replacing needs a temporary name: ".NAME.XXXXXX" would be 263 bytes.
    "$QR_CLI" -o "$name" -- second
    decodes_to_text "$name" second
    [ -z "$(find . -name '.*' ! -name .)" ]
}

@test "-o /dev/stdout writes to standard output, the link stays (private /dev)" {
    [ "$(id -u)" -eq 0 ] || skip "mounting a private /dev needs root"
    command -v unshare >/dev/null || skip "no unshare"
    unshare -m true 2>/dev/null || skip "unshare -m is not allowed here"
    # Never the machine's /dev/stdout: a qr-cli that replaced it would
    # replace it for everyone. Here /dev is a tmpfs that only a private
    # mount namespace sees, with a /dev/stdout link of its own.
    run unshare -m sh -c '
        mount -t tmpfs tmpfs /dev || exit 77
        ln -s /proc/self/fd/1 /dev/stdout || exit 77
        "$1" -o /dev/stdout -- "to a pipe" | cat >piped.png || exit 1
        "$1" -o /dev/stdout -- "to a file" >redirected.png || exit 1
        [ -L /dev/stdout ] || { echo "replaced"; exit 2; }
        [ -z "$(ls -A /dev | grep "^\.")" ] || { echo "left a file"; exit 3; }
    ' sh "$QR_CLI"
    [ "$status" -ne 77 ] || skip "cannot mount a tmpfs on /dev here"
    echo "$output"
    [ "$status" -eq 0 ]
    decodes_to_text piped.png 'to a pipe'
    decodes_to_text redirected.png 'to a file'
}

@test "a character device is written, not replaced (private tmpfs)" {
    [ "$(id -u)" -eq 0 ] || skip "mknod needs root"
    command -v unshare >/dev/null || skip "no unshare"
    # Never near the real /dev: a device node of our own on a tmpfs that
    # only a private mount namespace sees.
    mkdir devs
    unshare -m true 2>/dev/null || skip "unshare -m is not allowed here"
    run unshare -m sh -c '
        mount -t tmpfs tmpfs "$1" || exit 77
        mknod "$1/null" c 1 3 || exit 77
        "$2" -o "$1/null" -- gone || exit 1
        [ -c "$1/null" ] || { echo "replaced:"; ls -l "$1"; exit 2; }
        [ -z "$(ls -A "$1" | grep "^\.")" ] || exit 3
    ' sh "$BATS_TEST_TMPDIR/devs" "$QR_CLI"
    [ "$status" -ne 77 ] || skip "cannot mount a tmpfs or make a device here"
    echo "$output"
    [ "$status" -eq 0 ]
}

@test "a folder is refused with exit 3" {
    mkdir folder
    run_split "$QR_CLI" -o folder -- x
    assert_failure 3 "cannot write 'folder': Is a directory"
}
