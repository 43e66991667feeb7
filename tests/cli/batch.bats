#!/usr/bin/env bats
# qr-cli --batch DIR: one PNG per manifest record.

load helpers

setup() {
    cd "$BATS_TEST_TMPDIR"
}

# manifest_of N [PREFIX]: N lines "tNNNNN<TAB>PREFIX...NNNNN", realistic URLs.
manifest_of() {
    awk -v n="$1" -v p="${2:-https://tickets.example.com/e/2026?seat=}" \
        'BEGIN { for (i = 1; i <= n; i++) printf "t%05d\t%s%05d&k=%x\n", i, p, i, i * 7919 }'
}

@test "NAME<TAB>TEXT and bare lines: every file decodes back exactly" {
    printf 'ticket-1\thttps://example.com/t/1?a=b&c=d\n' >m
    printf 'just a bare line\n' >>m
    printf 'utf8\t日本語のテキスト, 中文, emoji 😀🎫\n' >>m
    printf 'tabs\ttext\twith\ttabs\n' >>m
    printf 'WIFI\tWIFI:T:WPA;S:home;P:secret;;\n' >>m
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 0 ]
    [ "$(cat "$ERR")" = "qr-cli: batch: 5 written, 0 skipped, 0 failed" ]
    [ ! -s "$OUT" ]
    [ "$(ls -A out | sort | tr '\n' ' ')" = "000002.png WIFI.png tabs.png ticket-1.png utf8.png " ]
    decodes_to_text out/ticket-1.png 'https://example.com/t/1?a=b&c=d'
    decodes_to_text out/000002.png 'just a bare line'
    decodes_to_text out/utf8.png '日本語のテキスト, 中文, emoji 😀🎫'
    decodes_to_text out/tabs.png "$(printf 'text\twith\ttabs')"
    decodes_to_text out/WIFI.png 'WIFI:T:WPA;S:home;P:secret;;'
}

@test "the manifest comes from standard input by default" {
    run_split "$QR_CLI" --batch out < <(printf 'a\tfrom stdin\n')
    [ "$status" -eq 0 ]
    decodes_to_text out/a.png 'from stdin'
}

@test "empty lines are skipped but counted; CR LF lines work" {
    printf '\nfirst\r\n\r\n\nname\tsecond\r\nthird' >m
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 0 ]
    [ "$(ls out | tr '\n' ' ')" = "000002.png 000006.png name.png " ]
    decodes_to_text out/000002.png first
    decodes_to_text out/name.png second
    decodes_to_text out/000006.png third
    grep -q '3 written, 0 skipped, 0 failed' "$ERR"
}

@test "-0: NUL-terminated records keep newlines and tabs in texts" {
    printf 'multi\tline one\nline two\n\tindented\0\0bare\nrecord\0' >m
    run_split "$QR_CLI" --batch out -0 -i m
    [ "$status" -eq 0 ]
    decodes_to_text out/multi.png "$(printf 'line one\nline two\n\tindented')"
    decodes_to_text out/000003.png "$(printf 'bare\nrecord')"
    [ "$(ls out | wc -l)" -eq 2 ]
}

@test "options apply to every record" {
    printf 'a\tone\nb\ttwo\n' >m
    run_split "$QR_CLI" --batch out -s 333 -l H -i m
    [ "$status" -eq 0 ]
    [ "$(png_width out/a.png)" -eq 333 ]
    [ "$(png_width out/b.png)" -eq 333 ]
    decodes_to_text out/b.png two
}

@test "the output folder and its parents are created" {
    printf 'a\tdeep\n' >m
    run_split "$QR_CLI" --batch x/y/z -i m
    [ "$status" -eq 0 ]
    decodes_to_text x/y/z/a.png deep
}

@test "bad names are reported with their line numbers, the rest is written" {
    {
        printf 'good1\tok\n'
        printf '../x\tescape\n'
        printf 'a/b\tslash\n'
        printf '.hidden\thidden\n'
        printf '\tempty name\n'
        printf 'a..b\tdots\n'
        printf 'bell\a\tcontrol\n'
        printf '%0201d\ttoo long a name\n' 0
        printf 'good2\tok too\n'
    } >m
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 2 ]
    grep -qx "qr-cli: line 2: name contains '..'" "$ERR"
    grep -qx "qr-cli: line 3: name contains '/'" "$ERR"
    grep -qx "qr-cli: line 4: name starts with '.'" "$ERR"
    grep -qx "qr-cli: line 5: empty name" "$ERR"
    grep -qx "qr-cli: line 6: name contains '..'" "$ERR"
    grep -qx "qr-cli: line 7: name contains a control character" "$ERR"
    grep -qx "qr-cli: line 8: name over 200 bytes" "$ERR"
    [ "$(tail -n 1 "$ERR")" = "qr-cli: batch: 2 written, 0 skipped, 7 failed" ]
    [ "$(ls -A out | tr '\n' ' ')" = "good1.png good2.png " ]
    [ ! -e x.png ] && [ ! -e a ]
    decodes_to_text out/good2.png 'ok too'
}

@test "a too-long or empty text fails its line only" {
    {
        printf 'a\tfine\n'
        printf 'big\t%03000d\n' 0 | tr 0 x
        printf 'empty\t\n'
        printf 'huge\t%020000d\n' 0
        printf 'b\talso fine\n'
    } >m
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 2 ]
    grep -q '^qr-cli: line 2: text is 3000 bytes, too long' "$ERR"
    grep -q '^qr-cli: line 3: .*empty' "$ERR"
    grep -qx 'qr-cli: line 4: record over 16384 bytes, too long for any QR code' "$ERR"
    grep -qx 'qr-cli: batch: 2 written, 0 skipped, 3 failed' "$ERR"
    [ "$(ls out | tr '\n' ' ')" = "a.png b.png " ]
}

@test "a duplicate name fails; the first record keeps the file" {
    printf 'a\tfirst\nb\tother\na\tsecond\nc\tthird\na\tfourth\n' >m
    run_split "$QR_CLI" --batch out -j 4 -i m
    [ "$status" -eq 2 ]
    grep -qx "qr-cli: line 3: duplicate file name 'a.png', first at line 1" "$ERR"
    grep -qx "qr-cli: line 5: duplicate file name 'a.png', first at line 1" "$ERR"
    grep -qx 'qr-cli: batch: 3 written, 0 skipped, 2 failed' "$ERR"
    decodes_to_text out/a.png first
    decodes_to_text out/c.png third
}

@test "a bare line and a NAME of the same digits are duplicates" {
    printf '000002\tnamed\nbare\n' >m
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 2 ]
    grep -qx "qr-cli: line 2: duplicate file name '000002.png', first at line 1" "$ERR"
    decodes_to_text out/000002.png named
}

@test "-j 1 and -j 4 write identical files and report the same errors" {
    { manifest_of 300; printf 'bad/name\tx\n'; printf 't00007\tdup\n'; } >m
    run_split "$QR_CLI" --batch one -j 1 -i m
    [ "$status" -eq 2 ]
    sort "$ERR" >err1
    run_split "$QR_CLI" --batch four -j 4 -i m
    [ "$status" -eq 2 ]
    sort "$ERR" >err4
    cmp err1 err4
    [ "$(ls one | wc -l)" -eq 300 ]
    [ "$(ls one)" = "$(ls four)" ]
    for f in one/*.png; do cmp "$f" "four/${f#one/}"; done
    decodes_to_text four/t00300.png "https://tickets.example.com/e/2026?seat=00300&k=$(printf %x $((300 * 7919)))"
}

@test "--skip-existing keeps finished files; without it they are replaced" {
    mkdir out
    echo old >out/a.png
    printf 'a\tnew a\nb\tnew b\n' >m
    run_split "$QR_CLI" --batch out --skip-existing -i m
    [ "$status" -eq 0 ]
    grep -qx 'qr-cli: batch: 1 written, 1 skipped, 0 failed' "$ERR"
    [ "$(cat out/a.png)" = old ]
    decodes_to_text out/b.png 'new b'
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 0 ]
    decodes_to_text out/a.png 'new a'
}

# interrupt_midway SIGNAL: starts a slow batch of 3000 records into out,
# kills it with SIGNAL once 100 files exist, and sets $killed_status.
interrupt_midway() {
    manifest_of 3000 >m
    "$QR_CLI" --batch out -s 1200 -j 2 -i m 2>/dev/null &
    local pid=$! tries=0
    until [ "$(find out -name '*.png' 2>/dev/null | wc -l)" -ge 100 ] ||
          [ $tries -ge 600 ]; do
        sleep 0.05
        tries=$((tries + 1))
    done
    kill -s "$1" "$pid"
    killed_status=0
    wait "$pid" || killed_status=$?
}

# resume_and_check: --skip-existing completes out; it must then equal a
# batch run in one go, file for file.
resume_and_check() {
    run_split "$QR_CLI" --batch out -s 1200 --skip-existing -i m
    [ "$status" -eq 0 ]
    grep -q '^qr-cli: batch: [1-9][0-9]* written, [1-9][0-9]* skipped, 0 failed$' "$ERR"
    all_pngs_complete out
    "$QR_CLI" --batch whole -s 1200 -i m 2>/dev/null
    [ "$(ls out)" = "$(ls whole)" ]
    for f in whole/*.png; do cmp "$f" "out/${f#whole/}"; done
}

@test "SIGTERM midway: no temporary or truncated file; --skip-existing completes the set" {
    interrupt_midway TERM
    [ "$killed_status" -eq 143 ]
    [ "$(find out -name '*.png' | wc -l)" -lt 3000 ]
    [ -z "$(find out -name '.*')" ]
    all_pngs_complete out
    resume_and_check
}

@test "SIGKILL midway: no file is left but whole ones (O_TMPFILE), and resume completes" {
    interrupt_midway KILL
    [ "$killed_status" -eq 137 ]
    [ "$(find out -name '*.png' ! -name '.*' | wc -l)" -lt 3000 ]
    all_pngs_complete out
    [ -z "$(find out -name '.*')" ]
    resume_and_check
}

# anonymous_files PID: how many files PID has open that have no name yet
# (O_TMPFILE: /proc shows them as "/dir/#INODE (deleted)").
anonymous_files() {
    local link n=0
    for link in /proc/"$1"/fd/*; do
        case "$(readlink "$link" 2>/dev/null)" in */\#*) n=$((n + 1)) ;; esac
    done
    echo "$n"
}

@test "SIGTERM while files are being written removes their temporary files" {
    command -v strace >/dev/null || skip "strace is not installed"
    strace -o /dev/null true 2>/dev/null || skip "ptrace is not allowed here"
    manifest_of 50 >m
    # strace makes every write() wait 0.3 s, so temporary files are open
    # when the signal comes.
    strace -f -qq -o /dev/null -e trace=write \
        -e inject=write:delay_enter=300000 \
        "$QR_CLI" --batch out -j 2 -i m 2>/dev/null &
    local tracer=$! tries=0 pid=
    until [ -n "$pid" ] && [ "$(anonymous_files "$pid")" -gt 0 ] ||
          [ $tries -ge 200 ]; do
        sleep 0.05
        pid=$(pgrep -P "$tracer" || true)
        tries=$((tries + 1))
    done
    [ "$(anonymous_files "$pid")" -gt 0 ]
    kill -s TERM "$pid"
    local killed_status=0
    wait "$tracer" || killed_status=$?
    [ "$killed_status" -eq 143 ]
    [ -z "$(find out -name '.*')" ]
    all_pngs_complete out
}

@test "an output folder that is a file exits 3 with a message" {
    echo data >taken
    printf 'a\tx\n' >m
    run_split "$QR_CLI" --batch taken -i m
    [ "$status" -eq 3 ]
    grep -qx "qr-cli: cannot use output folder 'taken': Not a directory" "$ERR"
    [ "$(cat taken)" = data ]
}

@test "a read-only output folder (immutable, even for root) exits 3" {
    mkdir ro
    chattr +i ro 2>/dev/null || skip "chattr +i does not work on this file system"
    run_split "$QR_CLI" --batch ro < <(printf 'a\tx\nb\ty\n')
    chattr -i ro
    [ "$status" -eq 3 ]
    grep -q "^qr-cli: cannot write 'ro/[ab].png': Operation not permitted$" "$ERR"
    [ "$(grep -c "cannot write" "$ERR")" -eq 1 ]
    [ -z "$(ls -A ro)" ]
}

@test "a write that fails midway (ulimit -f) stops the batch with exit 3" {
    manifest_of 3000 >m
    # Line 50's text is long: its PNG (about 2.6 KB) passes the 2 KiB limit
    # that the others stay under.
    awk -v long="$(repeat_bytes 1500)" \
        'NR == 50 { $0 = "t00050\t" long } { print }' m >m2
    run_split sh -c 'ulimit -f 2 && exec "$@"' sh "$QR_CLI" --batch out -j 1 -i m2
    [ "$status" -eq 3 ]
    grep -q "^qr-cli: cannot write 'out/t00050.png': File too large$" "$ERR"
    [ "$(ls out | wc -l)" -eq 49 ]
    [ -z "$(find out -name '.*')" ]
    all_pngs_complete out
}

@test "a folder named like a record's file fails that record alone; the run goes on" {
    mkdir -p out/t00050.png/blocker
    manifest_of 100 >m
    run_split "$QR_CLI" --batch out -j 1 -i m
    [ "$status" -eq 2 ]
    grep -qx "qr-cli: line 50: cannot write 'out/t00050.png': Is a directory" "$ERR"
    grep -qx 'qr-cli: batch: 99 written, 0 skipped, 1 failed' "$ERR"
    [ "$(wc -l <"$ERR")" -eq 2 ]
    [ -d out/t00050.png/blocker ]
    [ -z "$(find out -name '.*')" ]
    decodes_to_text out/t00051.png "https://tickets.example.com/e/2026?seat=00051&k=$(printf %x $((51 * 7919)))"
}

@test "a run removes the temporary files a killed run left, never a live writer's" {
    mkdir out
    printf 'a\tone\n' >m
    # Left by runs that died, under two names this batch may write.
    echo partial >out/.t1.png.Ab3dE9
    echo partial >out/.a.png.zzzzzz
    # Not this batch's: another extension, not the suffix's form, a folder,
    # a name no record can have (".png" alone), and a file a live writer
    # holds locked.
    echo keep >out/.notes.txt.Ab3dE9
    echo keep >out/.t1.png.abc
    mkdir out/.t2.png.Ab3dE9
    echo keep >out/..png.Ab3dE9
    echo live >out/.t3.png.Qw7rT1
    flock out/.t3.png.Qw7rT1 sleep 30 &
    local holder=$!
    sleep 0.2
    run_split "$QR_CLI" --batch out -i m
    kill "$holder"
    [ "$status" -eq 0 ]
    [ ! -e out/.t1.png.Ab3dE9 ]
    [ ! -e out/.a.png.zzzzzz ]
    [ -e out/.notes.txt.Ab3dE9 ]
    [ -e out/.t1.png.abc ]
    [ -d out/.t2.png.Ab3dE9 ]
    [ -e out/..png.Ab3dE9 ]
    [ "$(cat out/.t3.png.Qw7rT1)" = live ]
    decodes_to_text out/a.png one
}

@test "a manifest that cannot be opened exits 3" {
    run_split "$QR_CLI" --batch out -i missing
    [ "$status" -eq 3 ]
    grep -q "^qr-cli: cannot open manifest 'missing': No such file" "$ERR"
}

@test "no progress line when stderr is not a terminal; one on a terminal" {
    manifest_of 400 >m
    run_split "$QR_CLI" --batch out -s 1500 -i m
    [ "$status" -eq 0 ]
    [ "$(cat "$ERR")" = "qr-cli: batch: 400 written, 0 skipped, 0 failed" ]
    command -v script >/dev/null || skip "script(1) is not installed"
    script -qec "$QR_CLI --batch tty -s 1500 -i m" /dev/null >typescript </dev/null
    grep -q "qr-cli: [0-9]* done (0 failed), [0-9]*% of the manifest, [0-9]*/s" typescript
    grep -q 'qr-cli: batch: 400 written, 0 skipped, 0 failed' typescript
}

@test "batch usage errors exit 1" {
    run_split "$QR_CLI" --batch out -- text
    [ "$status" -eq 1 ]
    grep -q 'does not take a TEXT argument' "$ERR"
    run_split "$QR_CLI" --batch out -o x.png
    [ "$status" -eq 1 ]
    run_split "$QR_CLI" --batch out -j 0
    [ "$status" -eq 1 ]
    grep -q "invalid -j/--jobs '0'" "$ERR"
    run_split "$QR_CLI" -j 2 -- text
    [ "$status" -eq 1 ]
    grep -q 'need --batch DIR' "$ERR"
    [ ! -e out ]
}

@test "a lone --batch is still a text" {
    run_split "$QR_CLI" --batch
    [ "$status" -eq 0 ]
    decodes_to_text "$OUT" --batch
}
