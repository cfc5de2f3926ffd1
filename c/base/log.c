#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

int log_threshold = LOG_NOTICE;

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
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	localtime_r(&ts.tv_sec, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ld lunabgp %s: ", stamp, ts.tv_nsec / 1000000, level_name(level));
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
