/* option_table.c - libqrpng's option table as text, one row a line, for
 * the suites that check a front end or a document against it:
 *
 *   NAME<TAB>IDENTIFIER<TAB>SHORT<TAB>VALUE<TAB>DEFAULT<TAB>MIN<TAB>MAX<TAB>EXPECTS
 *
 * EXPECTS is what the option takes, in the words of its error message
 * ("expected L, M, Q or H"; qrpng_option_expects).
 * SHORT, VALUE and DEFAULT are "-" when the row has none; MIN and MAX are
 * "-" for an option that does not take a whole number.
 *
 * With --types, the table of output types instead, in their order:
 *
 *   NAME<TAB>EXTENSION<TAB>BINARY (1 or 0) */
#include <stdio.h>
#include <string.h>

#include "qrpng.h"

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--types") == 0) {
        for (int f = 0; f < QRPNG_FORMAT_COUNT; f++)
            printf("%s\t%s\t%d\n", qrpng_format_name((qrpng_format)f),
                   qrpng_format_extension((qrpng_format)f),
                   qrpng_format_is_binary((qrpng_format)f) != 0);
        return ferror(stdout) ? 1 : 0;
    }
    for (int id = 0; id < QRPNG_OPTION_COUNT; id++) {
        const qrpng_option_info *row = qrpng_option_info_of((qrpng_option_id)id);
        uint32_t min, max;
        char short_name[2] = { row->short_name, '\0' };
        printf("%s\t%s\t%s\t%s\t%s\t", row->name, row->identifier,
               row->short_name ? short_name : "-",
               row->value_name ? row->value_name : "-",
               row->default_value ? row->default_value : "-");
        char expects[QRPNG_MESSAGE_MAX];
        if (qrpng_option_range((qrpng_option_id)id, &min, &max))
            printf("%lu\t%lu\t", (unsigned long)min, (unsigned long)max);
        else
            printf("-\t-\t");
        printf("%s\n", qrpng_option_expects((qrpng_option_id)id, expects,
                                            sizeof expects));
    }
    return ferror(stdout) ? 1 : 0;
}
