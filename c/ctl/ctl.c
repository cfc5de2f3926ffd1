/* lunabgp ctl: the control socket's client (protocol: session/control.h,
 * docs/lua.md).  Interactive with line editing (libedit), history in
 * ~/.lunabgp_history, tab completion asked of the daemon; or one chunk per
 * -e, or lines on stdin.  Exit status: 0, or 1 if a command failed, 2 for
 * usage and connection errors. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#ifdef LUNABGP_LIBEDIT
#include <editline/readline.h>
#endif

#include "base/buf.h"
#include "session/control.h"

static int sock = -1;
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) { interrupted = 1; }

static int write_all(const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n) {
		ssize_t w = write(sock, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static int send_frame(char type, const char *data, size_t len)
{
	uint8_t hdr[5];
	hdr[0] = (uint8_t)type;
	put_be32(hdr + 1, (uint32_t)len);
	if (write_all(hdr, 5) < 0 || write_all(data, len) < 0) {
		fprintf(stderr, "lunabgp ctl: the daemon closed the connection\n");
		return -1;
	}
	return 0;
}

/* Read exactly n bytes; on Ctrl-C ask the daemon to stop the command
 * (frame 'K') and keep reading its answer. */
static int read_all(void *p, size_t n)
{
	uint8_t *b = p;
	while (n) {
		ssize_t r = read(sock, b, n);
		if (r < 0 && errno == EINTR) {
			if (interrupted) {
				interrupted = 0;
				uint8_t k[5] = { 'K', 0, 0, 0, 0 };
				if (write_all(k, 5) < 0)
					return -1;
			}
			continue;
		}
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One frame; payload NUL-terminated in out.  Returns the type or 0. */
static char read_frame(struct buf *out)
{
	uint8_t hdr[5];
	if (read_all(hdr, 5) < 0)
		return 0;
	uint32_t len = get_be32(hdr + 1);
	if (len > CONTROL_FRAME_MAX)
		return 0;
	buf_reset(out);
	uint8_t *p = buf_extend(out, len);
	if (len && read_all(p, len) < 0)
		return 0;
	buf_cstr(out);
	return (char)hdr[0];
}

/* Frames until the command's end: 'R' (result), 'F' (failure), 'M' (more
 * input), 'C' (completions, returned in out).  Output is printed as it
 * comes.  Returns the closing type, 0 if the connection was lost. */
static char await(struct buf *out)
{
	for (;;) {
		char t = read_frame(out);
		switch (t) {
		case 0:
			fprintf(stderr, "lunabgp ctl: connection to the daemon lost\n");
			return 0;
		case 'O':
			fwrite(out->data, 1, out->len, stdout);
			fflush(stdout);
			break;
		case 'R':
			if (out->len) {
				fwrite(out->data, 1, out->len, stdout);
				if (out->data[out->len - 1] != '\n')
					fputc('\n', stdout);
			}
			fflush(stdout);
			return t;
		case 'F':
			fflush(stdout);
			fprintf(stderr, "%s\n", out->len ? (const char *)out->data : "error");
			return t;
		default:
			return t;
		}
	}
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "lunabgp ctl: socket path too long\n");
		return -1;
	}
	strcpy(sa.sun_path, path);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof sa) < 0) {
		fprintf(stderr, "lunabgp ctl: cannot connect to %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Lines from a pipe or file: each line is sent as typed; a chunk left
 * incomplete at the end is an error. */
static int run_stream(FILE *in)
{
	struct buf out = BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	bool more = false;
	while ((n = getline(&line, &cap, in)) >= 0) {
		if (n && line[n - 1] == '\n')
			line[--n] = 0;
		if (send_frame('L', line, (size_t)n) < 0) {
			rc = 2;
			break;
		}
		char t = await(&out);
		if (!t) {
			rc = 2;
			break;
		}
		more = t == 'M';
		if (t == 'F')
			rc = 1;
	}
	if (more && rc != 2) {
		send_frame('K', "", 0);
		read_frame(&out);   /* "interrupted" */
		fprintf(stderr, "lunabgp ctl: incomplete chunk at the end of the input\n");
		rc = 1;
	}
	free(line);
	buf_free(&out);
	return rc;
}

#ifdef LUNABGP_LIBEDIT
/* Completion: the daemon knows the globals; ask it once per Tab. */
static char **cands;
static size_t ncands, cand_i;

static char *cand_next(const char *text, int state)
{
	(void)text;
	if (state == 0)
		cand_i = 0;
	return cand_i < ncands ? strdup(cands[cand_i++]) : NULL;
}

static char **complete(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1;
	for (size_t i = 0; i < ncands; i++)
		free(cands[i]);
	free(cands);
	cands = NULL;
	ncands = 0;
	if (send_frame('T', rl_line_buffer, (size_t)rl_point) < 0)
		return NULL;
	struct buf out = BUF_INIT;
	if (read_frame(&out) != 'C') {
		buf_free(&out);
		return NULL;
	}
	/* The daemon completes the last Lua word ([%w_.:]*); readline replaces
	 * `text`, which is that word given our break characters. */
	char *save = NULL;
	for (char *tok = strtok_r((char *)buf_cstr(&out), "\n", &save); tok; tok = strtok_r(NULL, "\n", &save)) {
		cands = realloc(cands, (ncands + 1) * sizeof *cands);
		cands[ncands++] = strdup(tok);
	}
	buf_free(&out);
	if (!ncands)
		return NULL;
	rl_completion_append_character = ncands == 1 ? ' ' : '\0';
	return rl_completion_matches(text, cand_next);
}
#endif

static int run_interactive(void)
{
#ifdef LUNABGP_LIBEDIT
	char hist[1024] = "";
	const char *home = getenv("HOME");
	if (home)
		snprintf(hist, sizeof hist, "%s/.lunabgp_history", home);
	using_history();
	if (hist[0])
		read_history(hist);
	rl_readline_name = "lunabgp";
	rl_basic_word_break_characters = " \t\n\"\\'`@$><=;|&{(,[+-*/%^#~";
	rl_attempted_completion_function = complete;
#endif
	struct buf out = BUF_INIT;
	bool more = false;
	int rc = 0;
	printf("lunabgp ctl: Lua chunks and ExaBGP API commands; Ctrl-D to leave\n");
	for (;;) {
		const char *prompt = more ? ">> " : "lunabgp> ";
		char *line;
#ifdef LUNABGP_LIBEDIT
		line = readline(prompt);
#else
		fputs(prompt, stdout);
		fflush(stdout);
		line = NULL;
		size_t cap = 0;
		ssize_t n = getline(&line, &cap, stdin);
		if (n < 0) {
			free(line);
			line = NULL;
		} else if (n && line[n - 1] == '\n') {
			line[n - 1] = 0;
		}
#endif
		if (!line) {
			putchar('\n');
			break;
		}
#ifdef LUNABGP_LIBEDIT
		if (line[0])
			add_history(line);
#endif
		interrupted = 0;
		if (send_frame('L', line, strlen(line)) < 0) {
			free(line);
			rc = 2;
			break;
		}
		free(line);
		char t = await(&out);
		if (!t) {
			rc = 2;
			break;
		}
		more = t == 'M';
	}
#ifdef LUNABGP_LIBEDIT
	if (hist[0]) {
		write_history(hist);
		history_truncate_file(hist, 2000);
	}
#endif
	buf_free(&out);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: lunabgp ctl [--socket PATH] [-e CHUNK]...\n"
	           "  -s, --socket PATH   the daemon's control socket (default %s)\n"
	           "  -e, --eval CHUNK    run CHUNK (Lua, or an ExaBGP API command), print the result;\n"
	           "                      exit 1 if it failed\n"
	           "Without -e: interactive on a terminal, else one line at a time from stdin.\n",
	        control_default_path());
}

int ctl_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "eval", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL;
	char **chunks = calloc((size_t)argc + 1, sizeof *chunks);
	int nchunks = 0, ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+s:e:h", opts, NULL)) != -1) {
		switch (ch) {
		case 's': path = optarg; break;
		case 'e': chunks[nchunks++] = optarg; break;
		case 'h': usage(stdout); free(chunks); return 0;
		default: usage(stderr); free(chunks); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		free(chunks);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (connect_to(path ? path : control_default_path()) < 0) {
		free(chunks);
		return 2;
	}
	/* Ctrl-C interrupts the command running in the daemon, not us. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	int rc = 0;
	if (nchunks) {
		struct buf out = BUF_INIT;
		for (int i = 0; i < nchunks && rc == 0; i++) {
			if (send_frame('E', chunks[i], strlen(chunks[i])) < 0) {
				rc = 2;
				break;
			}
			char t = await(&out);
			rc = t == 'R' ? 0 : t == 0 ? 2 : 1;
		}
		buf_free(&out);
	} else if (isatty(0)) {
		rc = run_interactive();
	} else {
		rc = run_stream(stdin);
	}
	free(chunks);
	close(sock);
	return rc;
}
