/* loop.h over libev's default loop (the daemon's loop is the default one:
 * ev_child only works there). */
#include "session/loop.h"

#include <ev.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/log.h"

struct loop_timer {
	ev_timer w;
	loop_timer_cb cb;
	void *arg;
};

struct loop_io {
	ev_io w;
	loop_io_cb cb;
	void *arg;
};

struct loop_child {
	ev_child w;
	loop_child_cb cb;
	void *arg;
};

static void timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct loop_timer *t = w->data;
	ev_timer_stop(loop, w);
	t->cb(t->arg);
}

struct loop_timer *loop_timer_start(double seconds, loop_timer_cb cb, void *arg)
{
	struct loop_timer *t = xcalloc(1, sizeof *t);
	t->cb = cb;
	t->arg = arg;
	ev_timer_init(&t->w, timer_cb, seconds > 0 ? seconds : 0, 0);
	t->w.data = t;
	ev_timer_start(EV_DEFAULT, &t->w);
	return t;
}

void loop_timer_free(struct loop_timer *t)
{
	if (!t)
		return;
	ev_timer_stop(EV_DEFAULT, &t->w);
	free(t);
}

static void io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct loop_io *io = w->data;
	io->cb(io->arg, (revents & EV_READ ? LOOP_READ : 0) | (revents & EV_WRITE ? LOOP_WRITE : 0));
}

static int ev_events(int events)
{
	return (events & LOOP_READ ? EV_READ : 0) | (events & LOOP_WRITE ? EV_WRITE : 0);
}

struct loop_io *loop_io_start(int fd, int events, loop_io_cb cb, void *arg)
{
	struct loop_io *io = xcalloc(1, sizeof *io);
	io->cb = cb;
	io->arg = arg;
	ev_io_init(&io->w, io_cb, fd, ev_events(events));
	io->w.data = io;
	if (events)
		ev_io_start(EV_DEFAULT, &io->w);
	return io;
}

void loop_io_set(struct loop_io *io, int events)
{
	int want = ev_events(events);
	if (ev_is_active(&io->w) && (io->w.events & (EV_READ | EV_WRITE)) == want)
		return;
	ev_io_stop(EV_DEFAULT, &io->w);
	ev_io_set(&io->w, io->w.fd, want);
	if (want)
		ev_io_start(EV_DEFAULT, &io->w);
}

void loop_io_free(struct loop_io *io)
{
	if (!io)
		return;
	ev_io_stop(EV_DEFAULT, &io->w);
	free(io);
}

static void child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct loop_child *c = w->data;
	ev_child_stop(loop, w);
	c->cb(c->arg, w->rstatus);
}

struct loop_child *loop_child_start(pid_t pid, loop_child_cb cb, void *arg)
{
	struct loop_child *c = xcalloc(1, sizeof *c);
	c->cb = cb;
	c->arg = arg;
	ev_child_init(&c->w, child_cb, pid, 0);
	c->w.data = c;
	ev_child_start(EV_DEFAULT, &c->w);
	return c;
}

void loop_child_free(struct loop_child *c)
{
	if (!c)
		return;
	ev_child_stop(EV_DEFAULT, &c->w);
	free(c);
}

static void reaper_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	ev_child_stop(loop, w);
	free(w);
}

void loop_child_reap(pid_t pid)
{
	ev_child *w = xcalloc(1, sizeof *w);
	ev_child_init(w, reaper_cb, pid, 0);
	ev_child_start(EV_DEFAULT, w);
}

double loop_now(void)
{
	return ev_now(EV_DEFAULT);
}

double loop_time(void)
{
	return ev_time();
}
