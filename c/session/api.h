/* The process API (ExaBGP's): helper programs started from the configuration
 * (process.c) write commands on their stdout and read events and answers on
 * their stdin.  This header is the seam between the three parts:
 *   c/session/process.c  helper lifecycle, pipes in the loop, per-helper
 *                        bounded output queue, event fan-out;
 *   c/embed/api.c        parses each command line with the LPeg grammar
 *                        (lua/lunabgp/api) and executes it through the
 *                        verbs below (FFI-exported lb_api_* functions);
 *   c/session/api_exec.c the verbs: apply routes to the selected peers'
 *                        Adj-RIB-Out, teardown, show, ...  */
#ifndef LB_SESSION_API_H
#define LB_SESSION_API_H

#include <stdbool.h>
#include <stddef.h>

struct daemon;
struct process;
struct peer;

/* --- provided by c/embed/api.c ------------------------------------------ */

/* One command line from a helper (no trailing newline).  Answers (done /
 * error / output) go back through process_answer/process_write_line. */
void api_command(struct daemon *d, struct process *from, const char *line, size_t len);

/* --- provided by c/session/process.c ------------------------------------ */

/* Queue one line (newline added) to the helper's stdin. */
void process_write_line(struct process *p, const char *line, size_t len);
/* Acknowledge a command per the helper's ack mode (ExaBGP's done/error,
 * text or JSON answer form); reason, when not NULL, is written first. */
void process_answer(struct process *p, bool ok, const char *reason);
const char *process_name(const struct process *p);

#endif
