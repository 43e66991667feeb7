#!/usr/bin/env bats
# libqrpng's option table (qrpng.h, "Options by name") is the one list of
# render options: qr-cli's parser and --help are built from it, and the man
# page and docs/command-line.md must name every row the way it does. The
# rows come from build/tests/option_table (tests/support/option_table.c).

load helpers

: "${OPTION_TABLE:=$BATS_TEST_DIRNAME/../../build/tests/option_table}"
ROOT="$BATS_TEST_DIRNAME/../.."

# rows: the table, one "NAME IDENT SHORT VALUE DEFAULT MIN MAX EXPECTS" a line.
rows() {
    "$OPTION_TABLE"
}

@test "the table has every render option, each name and identifier once" {
    run rows
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 12 ]
    [ "$(rows | cut -f1 | sort | uniq -d)" = "" ]
    [ "$(rows | cut -f2 | sort | uniq -d)" = "" ]
    # Identifiers are names in Python (not keywords) and, camel-cased, in
    # JavaScript.
    rows | cut -f2 | python3 -c '
import keyword, sys
for ident in sys.stdin.read().split():
    assert ident.isidentifier() and not keyword.iskeyword(ident), ident
    assert ident == ident.lower(), ident'
}

@test "--help shows every row with its names, value and default" {
    run "$QR_CLI" --help
    [ "$status" -eq 0 ]
    local name ident short value default min max expects line
    while IFS=$'\t' read -r name ident short value default min max expects; do
        if [ "$short" != - ]; then line="  -$short, --$name"; else line="      --$name"; fi
        [ "$value" = - ] || line="$line $value"
        grep -qF -- "$line " <<<"$output" || grep -qxF -- "$line" <<<"$output" ||
            { echo "--help lacks '$line'" >&2; return 1; }
        if [ "$default" != - ]; then
            grep -A3 -F -- "$line" <<<"$output" | grep -qF "default $default)" ||
                { echo "--help lacks the default of $name" >&2; return 1; }
        fi
        if [ "$min" != - ]; then
            grep -A3 -F -- "$line" <<<"$output" | grep -qF "($min-$max" ||
                { echo "--help lacks the range of $name" >&2; return 1; }
        fi
    done < <(rows)
}

@test "every row is an option of qr-cli that takes its default or its least value" {
    local name ident short value default min max expects arg
    while IFS=$'\t' read -r name ident short value default min max expects; do
        if [ "$value" = - ]; then
            run "$QR_CLI" "--$name" -- x
        else
            arg=$default
            [ "$min" = - ] || arg=$min
            [ "$arg" != - ] || arg=L
            [ "$name" != bg ] || arg='#ffffff'
            [ "$name" != scale ] || arg=2
            [ "$name" != type ] || arg=utf8
            run "$QR_CLI" -t utf8 "--$name=$arg" -- 123
        fi
        [ "$status" -eq 0 ] || { echo "--$name: exit $status: $output" >&2; return 1; }
    done < <(rows)
}

@test "the man page has an entry for every row, named as the table names it" {
    local name ident short value default min max expects want esc
    while IFS=$'\t' read -r name ident short value default min max expects; do
        esc=${name//-/\\-}
        if [ "$short" != - ]; then
            want=".BR \\-$short \", \" \\-\\-$esc"
            [ "$value" = - ] || want="$want =\\fI$value\\fR"
        elif [ "$value" != - ]; then
            want=".BR \\-\\-$esc =\\fI$value\\fR"
        else
            want=".B \\-\\-$esc"
        fi
        grep -qxF -- "$want" "$ROOT/man/qr-cli.1" ||
            { echo "man/qr-cli.1 lacks '$want'" >&2; return 1; }
    done < <(rows)
}

@test "docs/command-line.md lists every row with its default" {
    local name ident short value default min max expects want
    while IFS=$'\t' read -r name ident short value default min max expects; do
        if [ "$short" != - ]; then want="| \`-$short, --$name"; else want="| \`--$name"; fi
        [ "$value" = - ] || want="$want ${value//|/\\|}"
        want="$want\` |"
        grep -qF -- "$want" "$ROOT/docs/command-line.md" ||
            { echo "docs/command-line.md lacks '$want'" >&2; return 1; }
        if [ "$default" != - ]; then
            grep -F -- "$want" "$ROOT/docs/command-line.md" | grep -qF "| \`$default\` |" ||
                { echo "docs/command-line.md: no default $default for $name" >&2; return 1; }
        fi
    done < <(rows)
}

@test "each option and type name is defined once in C: the tables, no copies" {
    command -v git >/dev/null && git -C "$ROOT" rev-parse 2>/dev/null || skip "not a git checkout"
    local name files
    for name in $(rows | cut -f1) png svg eps utf8 ansiutf8 ascii utf8i asciii; do
        files=$(git -C "$ROOT" grep -l -F "\"$name\"" -- 'lib/*.c' 'cli/*.c' 'common/*.c' 'scripts/native/*.c' \
            'scripts/node/native/*.c' 'scripts/python/qr_cli/*.c' || true)
        case "$name" in
            png|svg|eps|utf8|ansiutf8|ascii|utf8i|asciii) want=lib/formats.c ;;
            *) want=lib/option_table.c ;;
        esac
        [ "$files" = "$want" ] || { echo "\"$name\" in: $files" >&2; return 1; }
    done
}
