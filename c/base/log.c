#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

int log_threshold = LOG_NOTICE;

static FILE *log_file;        /* NULL: stderr */
static int use_syslog;

int log_set_destination(const char *dest)
{
	if (!dest || !*dest || !strcmp(dest, "stderr"))
		return 0;
	if (!strcmp(dest, "stdout")) {
		log_file = stdout;
		return 0;
	}
	if (!strcmp(dest, "syslog")) {
		openlog("lunabgp", LOG_PID, LOG_DAEMON);
		use_syslog = 1;
		return 0;
	}
	FILE *f = fopen(dest, "a");
	if (!f)
		return -1;
	setvbuf(f, NULL, _IOLBF, 0);
	log_file = f;
	return 0;
}

static const char *level_name(enum log_level level)
{
	switch (level) {
	case LOG_ERR: return "error";
	case LOG_WARNING: return "warning";
	case LOG_NOTICE: return "notice";
	case LOG_INFO: return "info";
	default: return "debug";
	}
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if ((int)level > log_threshold)
		return;
	va_list ap;
	if (use_syslog) {
		va_start(ap, fmt);
		vsyslog((int)level, fmt, ap);
		va_end(ap);
		return;
	}
	FILE *out = log_file ? log_file : stderr;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	localtime_r(&ts.tv_sec, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
	fprintf(out, "%s.%03ld lunabgp %s: ", stamp, ts.tv_nsec / 1000000, level_name(level));
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}
