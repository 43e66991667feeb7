/* usage.c - the texts of --help and --version. */
#include "usage.h"

#include "qrpng.h"

void print_help(FILE *out)
{
    fputs(
"Usage: qr-cli [OPTIONS] [--] [TEXT]\n"
"       qr-cli --batch DIR [OPTIONS] [-i MANIFEST]\n"
"Write a QR code for TEXT to standard output: a PNG image, or SVG, EPS or\n"
"text for a terminal (-t). A PNG is not written to a terminal.\n"
"\n"
"With no TEXT, the text is read from standard input (or -i FILE), byte for\n"
"byte; one trailing newline (LF or CR LF) is dropped unless --keep-newline.\n"
"A lone argument is always the TEXT, even one starting with '-' (so a lone\n"
"flag is a text too: write 'qr-cli --keep-newline -i -'). With options,\n"
"put -- before a TEXT that may start with '-'.\n"
"\n"
"Options:\n"
"  -l, --level L|M|Q|H   error correction (default L)\n"
"  -s, --size PIXELS     image width and height, 1-8192 (default 200); grows\n"
"                        if modules would be under 2 pixels\n"
"      --scale PIXELS    pixels per module instead of a fixed size\n"
"  -m, --margin MODULES  quiet zone around the code, 0-255 (default 4)\n"
"      --fg COLOR        dark modules, hex #RRGGBB or #RGB (default #000000)\n"
"      --bg COLOR        light modules, hex or 'transparent' (default #ffffff)\n"
"  -o, --output FILE     write FILE (atomically) instead of standard output;\n"
"                        an existing file keeps its mode and owner, a link\n"
"                        is followed and kept, a device or FIFO is written\n"
"                        in place (qr-cli(1), -o)\n"
"  -i, --input FILE      read the text from FILE ('-' for standard input)\n"
"      --keep-newline    keep a trailing newline of the input\n"
"  -t, --type TYPE       png (default), svg, eps, or text for a terminal:\n"
"                        utf8, ansiutf8 (with colours), ascii, and the\n"
"                        inverted utf8i, asciii; any case. Without -t the\n"
"                        type follows -o's extension: .svg, .eps, .txt (utf8)\n"
"  -d, --dpi N           PNG: write N dots per inch (a pHYs chunk), 1-65535\n"
"\n"
"Symbol (through libqrencode):\n"
"  -v, --symversion N    smallest version to use, 1-40 (1-4 with --micro)\n"
"  -M, --micro           Micro QR (M1-M4, levels L, M, Q): for short texts\n"
"      --boost-level     the highest level that keeps the same version\n"
"  -8, --8bit            byte mode only (no numeric/alphanumeric segments)\n"
"\n"
"Batch mode:\n"
"      --batch DIR       read a manifest (standard input, or -i FILE) and\n"
"                        write one DIR/NAME.png (.svg, .eps, .txt with -t)\n"
"                        per record; DIR is created\n"
"  -j, --jobs N          render threads, 1-256 (default: one per CPU)\n"
"  -0, --null            records end with NUL instead of newline\n"
"      --skip-existing   keep files already in DIR (resume a batch)\n"
"  A record is NAME<TAB>TEXT, or a TEXT without a tab, named by its line\n"
"  number padded to 6 digits (000042.png); empty records are skipped.\n"
"  NAME: 1-200 bytes, no '/', no '..', no leading '.', no control\n"
"  characters. Files are written under hidden temporary names and\n"
"  renamed; SIGINT, SIGTERM and SIGHUP remove them (one ignored at start,\n"
"  as under nohup, stays ignored). A bad record is reported with its line\n"
"  number and skipped; stderr ends with a summary line. Exit 0 when all\n"
"  records are written, 2 when some failed, 3 when an I/O error stopped\n"
"  the batch.\n"
"\n"
"Other modes:\n"
"      --worker          serve many requests: binary frames on standard input,\n"
"                        files in frames on standard output; the options are\n"
"                        every request's defaults; start it as\n"
"                        'qr-cli --worker [OPTIONS] --'. Protocol:\n"
"                        PREFIX/share/doc/qr-cli/worker-protocol.md.\n"
"                        Requests are read while up to 4 MiB of answers\n"
"                        wait unread\n"
"      --help            show this help and exit\n"
"      --version         show versions and exit\n"
"\n",
          out);
    /* Two strings: C11 promises only 4095 characters in one literal. */
    fputs(
"Exit status:\n"
"  0  success: the whole image was written\n"
"  1  usage error: bad option, value or argument count, or a PNG to a\n"
"     terminal\n"
"  2  the text cannot be encoded: empty, or too long for a QR code (or for\n"
"     Micro QR, or from the -v version)\n"
"  3  input/output error: reading the input or writing the image failed\n"
"  4  internal error: out of memory, or a library failed\n"
"On failure nothing is written to standard output and one line to\n"
"standard error (control characters in echoed values escaped); on success\n"
"nothing goes to standard error.\n"
"\n"
"Examples:\n"
"  qr-cli 'https://example.com/' > code.png\n"
"  qr-cli -l M --scale 8 -o code.png -- \"$text\"\n"
"  printf '%s' \"$text\" | qr-cli --fg '#1a4d8f' --bg transparent > code.png\n"
"  qr-cli -t utf8 'WIFI:S:home;T:WPA;P:secret;;'\n"
"  qr-cli -o code.svg -- \"$url\"\n"
"  printf 'ticket-1\\thttps://example.com/t/1\\n' | qr-cli --batch codes/\n",
          out);
}

void print_version(FILE *out)
{
    char deps[128];
    qrpng_dependency_versions(deps, sizeof deps);
    fprintf(out, "qr-cli %s (libqrpng %s; %s)\n", QRPNG_VERSION_STRING,
            qrpng_version(), deps);
}
