/* Placeholder entry point: replaced by the daemon's real main. */
#include <stdio.h>
int main(void) { puts("lunabgp " LUNABGP_VERSION); return 0; }
