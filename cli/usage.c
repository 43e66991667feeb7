/* usage.c - the texts of --help and --version. */
#include "usage.h"

#include <stdio.h>
#include <string.h>

#include "qrpng.h"

/* Help lines are at most this wide; the text column starts at HELP_INDENT. */
#define HELP_WIDTH 78
#define HELP_INDENT 24

/* Writes text from column `at` on, wrapped at word boundaries to
 * HELP_WIDTH, continuation lines indented to HELP_INDENT. */
static void print_wrapped(FILE *out, size_t at, const char *text)
{
    const char *word = text;
    while (*word != '\0') {
        size_t len = strcspn(word, " ");
        if (at > HELP_INDENT && at + 1 + len > HELP_WIDTH) {
            fprintf(out, "\n%*s", HELP_INDENT, "");
            at = HELP_INDENT;
        } else if (at > HELP_INDENT) {
            fputc(' ', out);
            at++;
        }
        fprintf(out, "%.*s", (int)len, word);
        at += len;
        word += len;
        word += strspn(word, " ");
    }
    fputc('\n', out);
}

/* One line or more per row of libqrpng's option table: names, value, the
 * help, then the range and default the table gives. */
static void print_render_options(FILE *out)
{
    for (int id = 0; id < QRPNG_OPTION_COUNT; id++) {
        const qrpng_option_info *row = qrpng_option_info_of((qrpng_option_id)id);
        char names[64], text[256], extra[64] = "";
        int n = row->short_name != 0
            ? snprintf(names, sizeof names, "  -%c, --%s", row->short_name,
                       row->name)
            : snprintf(names, sizeof names, "      --%s", row->name);
        if (row->value_name != NULL && n > 0 && (size_t)n < sizeof names)
            snprintf(names + n, sizeof names - (size_t)n, " %s",
                     row->value_name);
        uint32_t min, max;
        int ranged = qrpng_option_range((qrpng_option_id)id, &min, &max);
        if (ranged && row->default_value != NULL)
            snprintf(extra, sizeof extra, " (%lu-%lu, default %s)",
                     (unsigned long)min, (unsigned long)max,
                     row->default_value);
        else if (ranged)
            snprintf(extra, sizeof extra, " (%lu-%lu)", (unsigned long)min,
                     (unsigned long)max);
        else if (row->default_value != NULL)
            snprintf(extra, sizeof extra, " (default %s)", row->default_value);
        snprintf(text, sizeof text, "%s%s", row->help, extra);
        size_t at = strlen(names);
        fputs(names, out);
        if (at < HELP_INDENT) {
            fprintf(out, "%*s", (int)(HELP_INDENT - at), "");
            at = HELP_INDENT;
        }
        print_wrapped(out, at, text);
    }
}

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
"  -o, --output FILE     write FILE instead of standard output, whole or not\n"
"                        at all (a new file is named once complete); an\n"
"                        existing file keeps its mode and owner, a link is\n"
"                        followed and kept, /dev/stdout and /dev/fd/N are\n"
"                        written through that descriptor, a device or FIFO\n"
"                        in place (qr-cli(1), -o)\n"
"  -i, --input FILE      read the text from FILE ('-' for standard input)\n"
"      --keep-newline    keep a trailing newline of the input\n"
"\n"
"Render options (libqrpng's table: the same names in worker requests and\n"
"the host packages). Without -t the type follows -o's extension: .svg,\n"
".eps, .txt (utf8).\n",
          out);
    print_render_options(out);
    fputs(
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
"  characters. A file gets its name only once it is whole; a fatal signal\n"
"  removes any temporary name (one ignored at start, as SIGHUP under\n"
"  nohup, stays ignored). A bad record is reported with its line\n"
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
