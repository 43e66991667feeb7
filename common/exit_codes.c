/* exit_codes.c - libqrpng statuses to qr-cli's exit statuses. */
#include "exit_codes.h"

int exit_code_for(qrpng_status status)
{
    switch (status) {
    case QRPNG_OK:                 return QRCLI_EXIT_OK;
    case QRPNG_ERR_EMPTY_INPUT:
    case QRPNG_ERR_TOO_LONG:       return QRCLI_EXIT_ENCODE;
    case QRPNG_ERR_INVALID_OPTION: return QRCLI_EXIT_USAGE;
    case QRPNG_ERR_NO_MEMORY:
    case QRPNG_ERR_DEPENDENCY:
    case QRPNG_ERR_NULL_ARGUMENT:  break; /* a bug of ours, not the user's */
    }
    return QRCLI_EXIT_INTERNAL;
}
