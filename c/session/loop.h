/* The event loop as the embed layer sees it: timers, fd readiness and child
 * exits, without ev.h.  c/embed drives Lua coroutines with these (scripts,
 * the control socket); only c/session knows libev.
 *
 * Every start function returns a handle owned by the caller until it is
 * stopped.  A one-shot timer or child watcher is stopped (not freed) before
 * its callback runs, so the callback may free it with *_free.  All callbacks
 * run on the loop thread; none may block. */
#ifndef LB_SESSION_LOOP_H
#define LB_SESSION_LOOP_H

#include <stdbool.h>
#include <sys/types.h>

enum { LOOP_READ = 1, LOOP_WRITE = 2 };

struct loop_timer;
struct loop_io;
struct loop_child;

typedef void (*loop_timer_cb)(void *arg);
typedef void (*loop_io_cb)(void *arg, int events);
/* status: as waitpid() reports it */
typedef void (*loop_child_cb)(void *arg, int status);

/* One-shot timer after `seconds` (>= 0). */
struct loop_timer *loop_timer_start(double seconds, loop_timer_cb cb, void *arg);
void loop_timer_free(struct loop_timer *t);

/* Readiness of fd for LOOP_READ and/or LOOP_WRITE, until freed. */
struct loop_io *loop_io_start(int fd, int events, loop_io_cb cb, void *arg);
void loop_io_set(struct loop_io *w, int events);
void loop_io_free(struct loop_io *w);

/* The exit of a child process (default loop only, as libev requires). */
struct loop_child *loop_child_start(pid_t pid, loop_child_cb cb, void *arg);
void loop_child_free(struct loop_child *c);
/* Reap pid when it exits, nothing else (a killed probe). */
void loop_child_reap(pid_t pid);

/* The loop's clock (seconds, cached per iteration) and a fresh reading. */
double loop_now(void);
double loop_time(void);

#endif
