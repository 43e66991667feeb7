/* record_name.h - the file name a batch record is written under. */
#ifndef QRCLI_RECORD_NAME_H
#define QRCLI_RECORD_NAME_H

#include <stddef.h>

/* Longest NAME in bytes. With ".png" and the temporary name's ".", "."
 * and six letters added it stays well under NAME_MAX (255). */
#define RECORD_NAME_MAX 200

/* Digits of the name given to a record without a NAME: its line number,
 * zero-padded ("000042"), longer only past line 999999. */
#define RECORD_NAME_LINE_DIGITS 6

/* Room for any name plus ".png" (or another 4-byte extension) and a NUL. */
#define RECORD_FILE_NAME_SIZE (RECORD_NAME_MAX + sizeof ".png")

/* NULL when name (len bytes, not terminated) is a safe file name, else
 * why not: empty, too long, a '/', "..", a leading '.', or a control
 * character. Such names cannot leave the output folder, hide, or clash
 * with the hidden temporary files. */
const char *record_name_problem(const char *name, size_t len);

/* Writes "NAME.png" for a valid name into file_name
 * (RECORD_FILE_NAME_SIZE bytes); ext is the extension with its dot, at
 * most 4 bytes (".png", ".svg", ".eps", ".txt"). */
void record_file_name(const char *name, size_t len, const char *ext,
                      char *file_name);

/* Writes the name of a bare record, "000042.png", into file_name. */
void record_file_name_for_line(unsigned long number, const char *ext,
                               char *file_name);

#endif
