/* option_lines.c - see option_lines.h. */
#include "option_lines.h"

#include <stdio.h>
#include <string.h>

#include "quote.h"

/* Room for a name or value quoted in a message. */
#define QUOTE_OPTION_SIZE 48

/* One line (a C string, written into) into set. */
static int read_line(char *line, qrpng_option_set *set, char *msg,
                     size_t msg_size)
{
    char *value = strchr(line, '=');
    if (value != NULL)
        *value++ = '\0';
    int id = qrpng_option_lookup(line);
    if (id < 0) {
        char q[QUOTE_OPTION_SIZE];
        snprintf(msg, msg_size, "unknown option '%s'",
                 quote_value(line, q, sizeof q));
        return -1;
    }
    char reason[QRPNG_MESSAGE_MAX];
    if (qrpng_option_set_value(set, (qrpng_option_id)id, value, reason,
                               sizeof reason) == QRPNG_OK)
        return 0;
    const char *name = qrpng_option_info_of((qrpng_option_id)id)->name;
    if (value == NULL) {
        snprintf(msg, msg_size, "option '%s' %s", name, reason);
    } else {
        char qv[QUOTE_OPTION_SIZE];
        snprintf(msg, msg_size, "invalid %s '%s': %s", name,
                 quote_value(value, qv, sizeof qv), reason);
    }
    return -1;
}

int option_lines_read(const char *text, size_t len, qrpng_option_set *set,
                      char *msg, size_t msg_size)
{
    if (len > 0 && memchr(text, '\0', len) != NULL) {
        snprintf(msg, msg_size, "options hold a NUL byte");
        return -1;
    }
    const char *p = text;
    const char *end = len > 0 ? text + len : text;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t line_len = (size_t)((eol ? eol : end) - p);
        if (line_len > OPTION_LINE_MAX) {
            snprintf(msg, msg_size, "an option line is over %u bytes",
                     OPTION_LINE_MAX);
            return -1;
        }
        char line[OPTION_LINE_MAX + 1];
        memcpy(line, p, line_len);
        line[line_len] = '\0';
        p += line_len + (eol != NULL);
        if (line_len > 0 && read_line(line, set, msg, msg_size) != 0)
            return -1;
    }
    return 0;
}
