/* record_name.c - the file name a batch record is written under. */
#include "record_name.h"

#include <stdio.h>
#include <string.h>

#define STRINGIFY(x) #x
#define DIGITS_OF(x) STRINGIFY(x)

const char *record_name_problem(const char *name, size_t len)
{
    if (len == 0)
        return "empty name";
    if (len > RECORD_NAME_MAX)
        return "name over " DIGITS_OF(RECORD_NAME_MAX) " bytes";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '/')
            return "name contains '/'";
        if (c < 0x20 || c == 0x7f)
            return "name contains a control character";
        if (c == '.' && i + 1 < len && name[i + 1] == '.')
            return "name contains '..'";
    }
    if (name[0] == '.')
        return "name starts with '.'";
    return NULL;
}

void record_file_name(const char *name, size_t len, const char *ext,
                      char *file_name)
{
    snprintf(file_name, RECORD_FILE_NAME_SIZE, "%.*s%.4s", (int)len, name,
             ext);
}

void record_file_name_for_line(unsigned long number, const char *ext,
                               char *file_name)
{
    snprintf(file_name, RECORD_FILE_NAME_SIZE, "%0*lu%.4s",
             RECORD_NAME_LINE_DIGITS, number, ext);
}
