#ifndef LB_CLI_DECODE_H
#define LB_CLI_DECODE_H

/* `lunabgp decode ...`; argv[0] is the word "decode".  Returns the exit status. */
int cli_decode(int argc, char **argv);

#endif
