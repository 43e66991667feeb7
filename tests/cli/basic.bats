#!/usr/bin/env bats
# qr-cli's article calling convention: one argument in, PNG out.

load helpers

@test "a lone TEXT gives a PNG that decodes back" {
    run_split "$QR_CLI" 'hello'
    [ "$status" -eq 0 ]
    [ ! -s "$ERR" ]
    [ "$(decode "$OUT")" = "hello" ]
}
