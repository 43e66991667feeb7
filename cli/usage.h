/* usage.h - the texts of --help and --version. */
#ifndef QRCLI_USAGE_H
#define QRCLI_USAGE_H

#include <stdio.h>

void print_help(FILE *out);
void print_version(FILE *out);

#endif
