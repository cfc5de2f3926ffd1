/* API helper processes, as ExaBGP runs them (reactor/api/processes.py):
 * fork/exec with three pipes, the helper in its own process group, its
 * commands read line by line from its stdout, events and answers written
 * to its stdin, stderr logged under its name.  Unlike ExaBGP, nothing here
 * ever blocks the loop on a helper: every fd is non-blocking, output goes
 * through a bounded queue, and a helper that stops reading only ever costs
 * its queue (see process_event_buf and the queue policies in process.h). */
#define _GNU_SOURCE 1   /* pipe2, F_SETPIPE_SZ */
#include "session/process.h"

#include "session/api_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "daemon/settings.h"
#include "event/json.h"
#include "event/text.h"
#include "session/daemon.h"

enum {
	READ_CHUNK = 64 * 1024,
	READ_BUDGET = 256 * 1024,     /* command bytes per wake-up: other work runs in between */
	LINE_MAX_BYTES = 1 << 20,     /* a longer command line is cut (and so rejected) */
	ERRLINE_MAX = 4096,
	PIPE_SIZE = 1 << 20,          /* ask the kernel for large pipes: fewer, larger writes */
	SELF_EXIT_MS = 300,           /* at exit: shutdown notice + EOF -> SIGTERM */
	GRACE_MS = 2000,              /* SIGTERM -> SIGKILL */
};

static void process_launch(struct process *p);
static void process_close_fds(struct process *p);
static void process_read_cb(struct ev_loop *loop, ev_io *w, int revents);
static void process_more_cb(struct ev_loop *loop, ev_timer *w, int revents);

static struct ev_loop *loop_of(const struct process *p)
{
	return p->daemon->loop;
}

static size_t queue_bound(void)
{
	int k = settings.api_queue_kib > 0 ? settings.api_queue_kib : 4096;
	return (size_t)k * 1024;
}

static enum process_full_policy queue_policy(void)
{
	if (!strcmp(settings.api_queue_policy, "drop"))
		return PROC_FULL_DROP;
	if (!strcmp(settings.api_queue_policy, "restart"))
		return PROC_FULL_RESTART;
	return PROC_FULL_PAUSE;
}

const char *process_name(const struct process *p)
{
	return p->name;
}

bool process_running(const struct process *p)
{
	return p->pid > 0;
}

size_t process_queued(const struct process *p)
{
	return p->outq.len - p->outq_off;
}

/* ----- attachment: api { processes [...]; processes-match [...] } ------- */

/* Compiled processes-match expressions, by text (a handful per configuration). */
static struct rx_cache {
	char *text;
	regex_t rx;
	bool ok;
} rx_cache[64];
static int rx_n;

static bool rx_match(const char *pattern, const char *name)
{
	struct rx_cache *e = NULL;
	for (int i = 0; i < rx_n; i++)
		if (!strcmp(rx_cache[i].text, pattern))
			e = &rx_cache[i];
	regex_t tmp;
	if (!e) {
		if (rx_n < (int)(sizeof rx_cache / sizeof rx_cache[0])) {
			e = &rx_cache[rx_n++];
			e->text = xstrdup(pattern);
			e->ok = regcomp(&e->rx, pattern, REG_EXTENDED | REG_NOSUB) == 0;
			if (!e->ok)
				log_warn("processes-match: bad regular expression '%s'", pattern);
		} else {
			if (regcomp(&tmp, pattern, REG_EXTENDED | REG_NOSUB) != 0)
				return false;
			bool m = regexec(&tmp, name, 0, NULL, 0) == 0;
			regfree(&tmp);
			return m;
		}
	}
	/* ExaBGP uses re.match: anchored at the start. */
	if (!e->ok)
		return false;
	regmatch_t m[1];
	(void)m;
	return regexec(&e->rx, name, 0, NULL, 0) == 0;
}

static void rx_cache_clear(void)
{
	for (int i = 0; i < rx_n; i++) {
		if (rx_cache[i].ok)
			regfree(&rx_cache[i].rx);
		free(rx_cache[i].text);
	}
	rx_n = 0;
}

bool process_in_binding(const struct process *p, const struct api_binding *b)
{
	for (int i = 0; i < b->nprocesses; i++)
		if (!strcmp(b->processes[i], p->name))
			return true;
	for (int i = 0; i < b->nprocesses_match; i++)
		if (rx_match(b->processes_match[i], p->name))
			return true;
	return false;
}

bool process_attached(const struct process *p, const struct neighbor_conf *nc)
{
	for (int i = 0; i < nc->napi; i++)
		if (process_in_binding(p, &nc->api[i]))
			return true;
	return false;
}

/* ----- output queue ------------------------------------------------------ */

static void process_write_cb(struct ev_loop *loop, ev_io *w, int revents);

static bool peer_blocked_elsewhere(struct daemon *d, const struct process *except, const struct peer *peer)
{
	for (int i = 0; i < d->nprocesses; i++) {
		const struct process *q = d->processes[i];
		if (!q || q == except)
			continue;
		for (int j = 0; j < q->nblocked; j++)
			if (q->blocked[j] == peer)
				return true;
	}
	return false;
}

/* Let the peers this helper held back be read again. */
static void process_release_peers(struct process *p)
{
	int n = p->nblocked;
	p->nblocked = 0;
	for (int i = 0; i < n; i++)
		if (!peer_blocked_elsewhere(p->daemon, p, p->blocked[i]))
			peer_api_pause(p->blocked[i], false);
}

void process_event_from(struct process *p, struct peer *peer)
{
	if (queue_policy() != PROC_FULL_PAUSE || process_queued(p) < queue_bound() || p->in_fd < 0)
		return;
	for (int i = 0; i < p->nblocked; i++)
		if (p->blocked[i] == peer)
			return;
	if (p->nblocked == p->blocked_cap) {
		p->blocked_cap = p->blocked_cap ? 2 * p->blocked_cap : 8;
		p->blocked = xrealloc(p->blocked, (size_t)p->blocked_cap * sizeof *p->blocked);
	}
	p->blocked[p->nblocked++] = peer;
	log_notice("process %s: output queue full (%zu bytes): not reading peer %s until it reads", p->name,
	           process_queued(p), peer_name(peer));
	peer_api_pause(peer, true);
}

void processes_forget_peer(struct daemon *d, struct peer *peer)
{
	for (int i = 0; i < d->nprocesses; i++) {
		struct process *q = d->processes[i];
		if (!q)
			continue;
		for (int j = 0; j < q->nblocked; j++)
			if (q->blocked[j] == peer)
				q->blocked[j--] = q->blocked[--q->nblocked];
	}
}

/* Resume reading commands (and blocked peers) once the helper took most
 * of its queue. */
static void process_maybe_resume(struct process *p)
{
	if (process_queued(p) > queue_bound() / 4)
		return;
	if (p->nblocked)
		process_release_peers(p);
	if (!p->reading_paused || p->out_fd < 0)
		return;
	p->reading_paused = false;
	log_info("process %s: output queue drained, reading its commands again", p->name);
	ev_io_start(loop_of(p), &p->rio);
	/* lines already buffered are handled without waiting for new input */
	ev_timer_start(loop_of(p), &p->more);
}

/* Write what the pipe takes, never blocking. */
static int process_flush(struct process *p)
{
	while (p->outq_off < p->outq.len) {
		ssize_t n = write(p->in_fd, p->outq.data + p->outq_off, p->outq.len - p->outq_off);
		if (n > 0) {
			p->outq_off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		return -1;
	}
	p->outq.len = p->outq_off = 0;
	return 0;
}

static void process_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct process *p = w->data;
	if (process_flush(p) < 0) {
		/* EPIPE: the helper closed its stdin (or died); ev_child handles the rest */
		log_info("process %s: cannot write to it: %s", p->name, strerror(errno));
		ev_io_stop(loop, w);
		p->outq.len = p->outq_off = 0;
		return;
	}
	if (!process_queued(p)) {
		ev_io_stop(loop, w);
		if (p->outq.cap > 4 * 1024 * 1024) {
			/* a burst grew the buffer: give the memory back */
			buf_free(&p->outq);
			buf_init(&p->outq);
		}
	} else if (p->outq_off > 65536 && p->outq_off * 2 > p->outq.len) {
		buf_consume(&p->outq, p->outq_off);
		p->outq_off = 0;
	}
	process_maybe_resume(p);
}

/* Bytes were appended: make sure the writer runs, and apply the bound to
 * the helper's commands (answers and events both count). */
static void process_queued_more(struct process *p)
{
	if (p->in_fd < 0) {
		p->outq.len = p->outq_off = 0;
		return;
	}
	if (!ev_is_active(&p->wio))
		ev_io_start(loop_of(p), &p->wio);
	if (!p->reading_paused && process_queued(p) >= queue_bound() && p->out_fd >= 0) {
		p->reading_paused = true;
		log_notice("process %s: output queue full (%zu bytes) after %llu commands: not reading its commands until it reads",
		           p->name, process_queued(p), (unsigned long long)p->commands);
		ev_io_stop(loop_of(p), &p->rio);
	}
}

void process_write_line(struct process *p, const char *line, size_t len)
{
	if (!p || p->in_fd < 0)
		return;
	buf_put(&p->outq, line, len);
	if (!len || line[len - 1] != '\n')
		buf_put_u8(&p->outq, '\n');
	process_queued_more(p);
}

static void process_restart_full(struct process *p);

struct buf *process_event_buf(struct process *p)
{
	if (p->in_fd < 0)
		return NULL;
	size_t q = process_queued(p), bound = queue_bound();
	enum process_full_policy pol = queue_policy();
	bool drop = false;
	if (pol == PROC_FULL_DROP && q >= bound)
		drop = true;
	else if (pol == PROC_FULL_PAUSE && q >= 4 * bound)
		drop = true;   /* last resort: memory stays bounded whatever the helper does */
	else if (pol == PROC_FULL_RESTART && q >= bound) {
		process_restart_full(p);
		return NULL;
	}
	if (drop) {
		p->dropped++;
		ev_tstamp now = ev_now(loop_of(p));
		if (now - p->drop_logged >= 10.0) {
			log_warn("process %s: not reading its input, %zu bytes queued: %llu event(s) dropped so far",
			         p->name, q, (unsigned long long)p->dropped);
			p->drop_logged = now;
			p->dropped_reported = p->dropped;
		}
		return NULL;
	}
	return &p->outq;
}

void process_event_done(struct process *p)
{
	process_queued_more(p);
}

/* ----- answers ----------------------------------------------------------- */

void process_set_ack(struct process *p, int mode)
{
	if (!p)
		return;
	p->ack = (enum process_ack)mode;
	/* disable-ack is itself acknowledged; silence-ack is not. */
	p->ack_grace = mode == ACK_OFF && p->in_command;
}

enum process_ack process_get_ack(const struct process *p)
{
	return p->ack;
}

int process_set_api_version(struct process *p, int version)
{
	if (!p || (version != 4 && version != 6))
		return -1;
	p->api_version = version;
	p->json = p->json_conf || version >= 6;
	return 0;
}

int process_api_version(const struct process *p)
{
	return p->api_version;
}

static void put_json_string(struct buf *b, const char *s)
{
	buf_put_u8(b, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf_printf(b, "\\%c", ch);
		else if (ch < 0x20)
			buf_printf(b, "\\u%04x", ch);
		else
			buf_put_u8(b, ch);
	}
	buf_put_u8(b, '"');
}

/* ExaBGP's answers: `done` / `error` (API v4, also for the json encoder);
 * with API v6 the JSON objects of reactor/api/response/answer.py. */
void process_answer(struct process *p, bool ok, const char *reason)
{
	if (!p)
		return;
	bool on = p->ack == ACK_ON || p->ack_grace;
	p->ack_grace = false;
	if (!on)
		return;
	struct buf b = BUF_INIT;
	if (p->api_version >= 6) {
		if (reason && *reason) {
			buf_puts(&b, ok ? "{ \"message\": " : "{ \"error\": ");
			put_json_string(&b, reason);
			buf_puts(&b, " }\n");
		}
		buf_puts(&b, ok ? "{ \"answer\": \"done\", \"message\": \"command completed\" }\n"
		                : "{ \"answer\": \"error\", \"message\": \"this command does not support json output\" }\n");
	} else {
		if (reason && *reason) {
			if (!ok && strncmp(reason, "error", 5))
				buf_puts(&b, "error: ");
			buf_puts(&b, reason);
			buf_put_u8(&b, '\n');
		}
		buf_puts(&b, ok ? "done\n" : "error\n");
	}
	process_write_line(p, (const char *)b.data, b.len);
	buf_free(&b);
}

/* ----- reading commands and stderr ---------------------------------------- */

/* Hand at most max complete lines to the command layer; stops early when
 * the queue filled up (the rest stays buffered until the helper reads).
 * Returns the number of lines handled. */
static int process_dispatch_lines(struct process *p, int max)
{
	size_t off = 0;
	int done = 0;
	struct daemon *d = p->daemon;
	while (off < p->line.len && !p->reading_paused && done < max) {
		uint8_t *start = p->line.data + off;
		uint8_t *nl = memchr(start, '\n', p->line.len - off);
		if (!nl)
			break;
		size_t len = (size_t)(nl - start);
		off += len + 1;
		done++;
		while (len && (start[len - 1] == '\r' || start[len - 1] == ' ' || start[len - 1] == '\t'))
			len--;
		if (!len)
			continue;
		start[len] = 0;
		p->commands++;
		p->in_command = true;
		log_debug("process %s: command: %s", p->name, (const char *)start);
		api_command(d, p, (const char *)start, len);
		p->in_command = false;
		p->ack_grace = false;
		if (p->out_fd < 0)
			break;   /* the command stopped this helper */
	}
	if (off) {
		if (off >= p->line.len)
			p->line.len = 0;
		else
			buf_consume(&p->line, off);
	}
	return done;
}

/* Commands per loop iteration: between two batches the loop runs timers
 * (keepalives) and the other fds, whatever one helper writes. */
enum { LINES_PER_WAKE = 1000 };

static void process_pump(struct process *p)
{
	struct ev_loop *loop = loop_of(p);
	int lines = LINES_PER_WAKE;
	size_t bytes = READ_BUDGET;
	for (;;) {
		lines -= process_dispatch_lines(p, lines);
		if (p->reading_paused || p->out_fd < 0)
			return;
		if (lines <= 0) {
			/* complete lines may be buffered: continue next iteration */
			ev_timer_start(loop, &p->more);
			return;
		}
		if (!bytes)
			return;   /* the pipe is level-triggered: we come back */
		buf_reserve(&p->line, READ_CHUNK + 1);
		ssize_t n = read(p->out_fd, p->line.data + p->line.len, READ_CHUNK);
		if (n == 0) {
			/* stdout closed: the helper is ending; ev_child reports its exit */
			ev_io_stop(loop, &p->rio);
			return;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				log_info("process %s: read: %s", p->name, strerror(errno));
				ev_io_stop(loop, &p->rio);
			}
			return;
		}
		p->line.len += (size_t)n;
		bytes = (size_t)n >= bytes ? 0 : bytes - (size_t)n;
		if (p->line.len > LINE_MAX_BYTES && !memchr(p->line.data, '\n', p->line.len)) {
			log_warn("process %s: command line longer than %d bytes, discarded", p->name, LINE_MAX_BYTES);
			p->line.len = 0;
			process_answer(p, false, "command line too long");
		}
	}
}

static void process_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	process_pump(w->data);
}

static void process_more_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct process *p = w->data;
	if (p->out_fd >= 0 && !p->reading_paused)
		process_pump(p);
}

static void process_log_stderr(struct process *p, bool all)
{
	size_t off = 0;
	while (off < p->errline.len) {
		uint8_t *s = p->errline.data + off;
		uint8_t *nl = memchr(s, '\n', p->errline.len - off);
		size_t len;
		if (nl) {
			len = (size_t)(nl - s);
			off += len + 1;
		} else if (all || p->errline.len - off >= ERRLINE_MAX) {
			len = p->errline.len - off;
			off = p->errline.len;
		} else {
			break;
		}
		if (len)
			log_warn("process %s: %.*s", p->name, (int)(len > ERRLINE_MAX ? ERRLINE_MAX : len), (const char *)s);
	}
	buf_consume(&p->errline, off);
}

static void process_err_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct process *p = w->data;
	for (int i = 0; i < 16; i++) {
		buf_reserve(&p->errline, 4096);
		ssize_t n = read(p->err_fd, p->errline.data + p->errline.len, 4096);
		if (n > 0) {
			p->errline.len += (size_t)n;
			process_log_stderr(p, false);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
			process_log_stderr(p, true);
			ev_io_stop(loop, w);
		}
		return;
	}
}

/* ----- lifecycle --------------------------------------------------------- */

static void process_close_fds(struct process *p)
{
	struct ev_loop *loop = loop_of(p);
	ev_io_stop(loop, &p->wio);
	ev_io_stop(loop, &p->rio);
	ev_io_stop(loop, &p->eio);
	ev_timer_stop(loop, &p->more);
	int *fds[] = { &p->in_fd, &p->out_fd, &p->err_fd };
	for (int i = 0; i < 3; i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
	p->outq.len = p->outq_off = 0;
	p->line.len = 0;
	p->reading_paused = false;
	process_release_peers(p);
}

/* Read what the helper wrote before it ended (bounded): ExaBGP acts on the
 * commands of a helper that printed them and exited. */
static void process_drain(struct process *p)
{
	if (p->out_fd >= 0) {
		bool paused = p->reading_paused;
		p->reading_paused = false;
		for (int i = 0; i < 64 && p->out_fd >= 0; i++) {
			buf_reserve(&p->line, READ_CHUNK + 1);
			ssize_t n = read(p->out_fd, p->line.data + p->line.len, READ_CHUNK);
			if (n <= 0)
				break;
			p->line.len += (size_t)n;
			process_dispatch_lines(p, 1 << 30);
		}
		(void)paused;
	}
	if (p->err_fd >= 0) {
		for (int i = 0; i < 16; i++) {
			buf_reserve(&p->errline, 4096);
			ssize_t n = read(p->err_fd, p->errline.data + p->errline.len, 4096);
			if (n <= 0)
				break;
			p->errline.len += (size_t)n;
		}
		process_log_stderr(p, true);
	}
}

static void process_child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct process *p = w->data;
	struct daemon *d = p->daemon;
	ev_child_stop(loop, w);
	int st = w->rstatus;
	if (WIFSIGNALED(st))
		log_notice("process %s (pid %d) killed by signal %d", p->name, (int)p->pid, WTERMSIG(st));
	else
		log_notice("process %s (pid %d) exited with status %d", p->name, (int)p->pid, WEXITSTATUS(st));
	p->pid = 0;
	process_drain(p);
	process_close_fds(p);
	if (d->stopping || p->retired)
		return;
	if (!p->respawn || !settings.api_respawn) {
		log_notice("process %s: not respawned (respawn is off)", p->name);
		if (settings.api_terminate) {
			log_err("process %s ended and api.terminate is set: exiting", p->name);
			daemon_stop(d, 1);
		}
		return;
	}
	process_launch(p);
}

/* ExaBGP's respawn limit: at most api_respawn_max starts per time bucket
 * of 64 seconds (time & ~63); more and the helper is given up. */
static bool process_respawn_allowed(struct process *p)
{
	int bucket = (int)(time(NULL) & ~(time_t)63);
	if (bucket != p->respawn_bucket) {
		p->respawn_bucket = bucket;
		p->respawn_count = 0;
	}
	p->respawn_count++;
	int max = settings.api_respawn_max >= 0 ? settings.api_respawn_max : 5;
	return p->respawn_count <= max + 1;   /* the first start is not a respawn */
}

static void child_exec(struct process *p, int in, int out, int err)
{
	/* own process group: signals to ours (Ctrl-C) do not reach it directly */
	setpgid(0, 0);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	/* only 0-2 cross the exec, whatever was opened without CLOEXEC */
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0)
#endif
		for (int fd = 3; fd < 4096; fd++)
			close(fd);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	setenv("TERM", "dumb", 1);   /* as ExaBGP: no terminal escape sequences in the pipe */
	execvp(p->argv[0], p->argv);
	dprintf(2, "cannot run %s: %s\n", p->argv[0], strerror(errno));
	_exit(127);
}

static void process_launch(struct process *p)
{
	struct ev_loop *loop = loop_of(p);
	if (p->pid > 0 || !p->argv || !p->argv[0])
		return;
	if (!process_respawn_allowed(p)) {
		p->gave_up = true;
		log_err("process %s: too many deaths (more than %d respawns in about a minute), giving up",
		        p->name, settings.api_respawn_max);
		if (settings.api_terminate)
			daemon_stop(p->daemon, 1);
		return;
	}
	int in[2], out[2], err[2];
	if (pipe2(in, O_CLOEXEC) < 0)
		goto fail0;
	if (pipe2(out, O_CLOEXEC) < 0)
		goto fail1;
	if (pipe2(err, O_CLOEXEC) < 0)
		goto fail2;
	pid_t pid = fork();
	if (pid < 0)
		goto fail3;
	if (pid == 0)
		child_exec(p, in[0], out[1], err[1]);
	setpgid(pid, pid);   /* also from here: no race with a signal to the group */
	close(in[0]);
	close(out[1]);
	close(err[1]);
	p->pid = pid;
	p->in_fd = in[1];
	p->out_fd = out[0];
	p->err_fd = err[0];
	fcntl(p->in_fd, F_SETPIPE_SZ, PIPE_SIZE);
	int fds[] = { p->in_fd, p->out_fd, p->err_fd };
	for (int i = 0; i < 3; i++)
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
	ev_io_init(&p->wio, process_write_cb, p->in_fd, EV_WRITE);
	ev_io_init(&p->rio, process_read_cb, p->out_fd, EV_READ);
	ev_io_init(&p->eio, process_err_cb, p->err_fd, EV_READ);
	p->wio.data = p->rio.data = p->eio.data = p;
	ev_io_start(loop, &p->rio);
	ev_io_start(loop, &p->eio);
	ev_child_init(&p->child, process_child_cb, pid, 0);
	p->child.data = p;
	ev_child_start(loop, &p->child);
	p->ack = settings.api_ack ? ACK_ON : ACK_OFF;
	p->ack_grace = false;
	log_info("process %s: started %s (pid %d)", p->name, p->argv[0], (int)pid);
	return;
fail3:
	close(err[0]);
	close(err[1]);
fail2:
	close(out[0]);
	close(out[1]);
fail1:
	close(in[0]);
	close(in[1]);
fail0:
	log_err("process %s: cannot start %s: %s", p->name, p->argv[0], strerror(errno));
}

/* Restart policy for a full queue: the helper's pending output is lost,
 * and the new instance starts clean. */
static void process_restart_full(struct process *p)
{
	if (p->pid <= 0)
		return;
	log_warn("process %s: not reading its input (%zu bytes queued): restarting it", p->name, process_queued(p));
	kill(-p->pid, SIGKILL);
	process_close_fds(p);   /* the child callback respawns it once reaped */
}

static struct process *process_new(struct daemon *d, const struct process_conf *pc)
{
	struct process *p = xcalloc(1, sizeof *p);
	p->daemon = d;
	p->name = xstrdup(pc->name);
	int n = 0;
	while (pc->argv[n])
		n++;
	p->argv = xcalloc((size_t)n + 1, sizeof *p->argv);
	for (int i = 0; i < n; i++)
		p->argv[i] = xstrdup(pc->argv[i]);
	p->api_version = settings.api_version >= 6 ? 6 : 4;
	p->json_conf = pc->json;
	p->json = pc->json || p->api_version >= 6;
	if (!pc->json && p->api_version >= 6)
		log_warn("process %s: API v6 is JSON only, encoder text ignored", p->name);
	p->respawn = pc->respawn;
	p->in_fd = p->out_fd = p->err_fd = -1;
	buf_init(&p->outq);
	buf_init(&p->line);
	buf_init(&p->errline);
	ev_io_init(&p->wio, process_write_cb, -1, EV_WRITE);
	ev_io_init(&p->rio, process_read_cb, -1, EV_READ);
	ev_io_init(&p->eio, process_err_cb, -1, EV_READ);
	ev_timer_init(&p->more, process_more_cb, 0, 0);
	p->more.data = p;
	return p;
}

static void process_free(struct process *p)
{
	api_exec_process_gone(p);
	buf_free(&p->outq);
	buf_free(&p->line);
	buf_free(&p->errline);
	for (char **a = p->argv; a && *a; a++)
		free(*a);
	free(p->argv);
	free(p->name);
	free(p->blocked);
	free(p);
}

/* Generation of the process set: events.c rebuilds its per-peer
 * subscription lists when it changes. */
unsigned processes_generation;

static void processes_add(struct daemon *d, struct process *p)
{
	d->processes = xrealloc(d->processes, (size_t)(d->nprocesses + 2) * sizeof *d->processes);
	d->processes[d->nprocesses++] = p;
	d->processes[d->nprocesses] = NULL;
	processes_generation++;
}

void processes_start(struct daemon *d)
{
	struct conf *c = d->conf;
	for (int i = 0; c && i < c->nprocesses; i++) {
		if (process_find(d, c->processes[i]->name))
			continue;
		struct process *p = process_new(d, c->processes[i]);
		processes_add(d, p);
		process_launch(p);
	}
}

struct process *process_find(struct daemon *d, const char *name)
{
	for (int i = 0; i < d->nprocesses; i++)
		if (d->processes[i] && !d->processes[i]->retired && !strcmp(d->processes[i]->name, name))
			return d->processes[i];
	return NULL;
}

/* The shutdown notice (text `shutdown PID PPID`, JSON a notification),
 * then stdin closed; with kill, SIGTERM to the helper's group at once
 * (otherwise processes_free gives it a moment to end by itself first). */
static void process_terminate(struct process *p, bool notice, bool killit)
{
	if (p->pid <= 0) {
		process_close_fds(p);
		return;
	}
	if (notice && p->in_fd >= 0) {
		struct buf *b = &p->outq;
		if (p->json) {
			struct json_peer jp;
			memset(&jp, 0, sizeof jp);
			char host[256] = "";
			gethostname(host, sizeof host - 1);
			jp.api = p->api_version >= 6 ? JSON_API_V6 : JSON_API_V4;
			jp.host = host;
			jp.pid = getpid();
			jp.ppid = getppid();
			jp.time = ev_now(loop_of(p));
			json_notice(b, &jp, "shutdown");
		} else {
			text_shutdown(b, getpid(), getppid());
		}
		process_flush(p);   /* best effort: the helper may not be reading */
	}
	process_close_fds(p);
	if (killit)
		kill(-p->pid, SIGTERM);
}

void processes_stop(struct daemon *d)
{
	for (int i = 0; i < d->nprocesses; i++)
		if (d->processes[i])
			process_terminate(d->processes[i], true, false);
}

/* Reap every helper: a moment to end by itself after reading the shutdown
 * notice and EOF, then SIGTERM, and after the grace period SIGKILL. */
static void processes_reap(struct process **v, int n)
{
	for (int ms = 0; ms < GRACE_MS + SELF_EXIT_MS; ms += 10) {
		if (ms == SELF_EXIT_MS)
			for (int i = 0; i < n; i++)
				if (v[i] && v[i]->pid > 0)
					kill(-v[i]->pid, SIGTERM);
		bool any = false;
		for (int i = 0; i < n; i++) {
			if (!v[i] || v[i]->pid <= 0)
				continue;
			pid_t r = waitpid(v[i]->pid, NULL, WNOHANG);
			if (r == v[i]->pid || (r < 0 && errno == ECHILD))
				v[i]->pid = 0;
			else
				any = true;
		}
		if (!any)
			return;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	for (int i = 0; i < n; i++) {
		if (!v[i] || v[i]->pid <= 0)
			continue;
		log_warn("process %s (pid %d) did not exit after SIGTERM: SIGKILL", v[i]->name, (int)v[i]->pid);
		/* A helper started as root before the privileges were dropped
		 * (exabgp.daemon.drop false) cannot be signalled any more: it has
		 * EOF on its input; waiting for it could be forever. */
		if (kill(-v[i]->pid, SIGKILL) < 0 && errno == EPERM)
			log_warn("process %s (pid %d): not allowed to kill it (it kept the privileges lunabgp dropped); "
			         "left to end on its own", v[i]->name, (int)v[i]->pid);
		else
			waitpid(v[i]->pid, NULL, 0);
		v[i]->pid = 0;
	}
}

void processes_free(struct daemon *d)
{
	for (int i = 0; i < d->nprocesses; i++) {
		struct process *p = d->processes[i];
		if (p && p->pid > 0) {
			ev_child_stop(loop_of(p), &p->child);
			if (p->in_fd >= 0)
				process_terminate(p, true, false);
		}
	}
	processes_reap(d->processes, d->nprocesses);
	for (int i = 0; i < d->nprocesses; i++)
		if (d->processes[i]) {
			process_close_fds(d->processes[i]);
			process_free(d->processes[i]);
		}
	free(d->processes);
	d->processes = NULL;
	d->nprocesses = 0;
	rx_cache_clear();
	processes_generation++;
}

void processes_reload(struct daemon *d, bool restart)
{
	struct conf *c = d->conf;
	rx_cache_clear();
	for (int i = 0; i < d->nprocesses; i++) {
		struct process *p = d->processes[i];
		if (!p || p->retired)
			continue;
		const struct process_conf *pc = NULL;
		for (int j = 0; c && j < c->nprocesses; j++)
			if (!strcmp(c->processes[j]->name, p->name))
				pc = c->processes[j];
		if (pc && !restart) {
			p->respawn = pc->respawn;
			continue;
		}
		/* Removed (or SIGUSR2): stop it; a restarted one is a new process. */
		log_notice("process %s: %s", p->name, pc ? "restarting (full reload)" : "removed from the configuration");
		p->retired = true;
		process_terminate(p, true, true);
	}
	/* Retired helpers that ended can go (their child watcher is stopped);
	 * the others are reaped by their ev_child and freed at exit. */
	int n = 0;
	for (int i = 0; i < d->nprocesses; i++) {
		struct process *p = d->processes[i];
		if (p && p->retired && p->pid <= 0 && !ev_is_active(&p->child)) {
			process_free(p);
			continue;
		}
		d->processes[n++] = p;
	}
	d->nprocesses = n;
	if (d->processes)
		d->processes[n] = NULL;
	processes_generation++;
	processes_start(d);
}
