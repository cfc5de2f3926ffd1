/* Logging to stderr (the daemon runs in the foreground, as ExaBGP does).
 * Levels follow syslog; the threshold comes from -v/-d and exabgp.log.*. */
#ifndef LB_BASE_LOG_H
#define LB_BASE_LOG_H

enum log_level { LOG_ERR = 3, LOG_WARNING = 4, LOG_NOTICE = 5, LOG_INFO = 6, LOG_DEBUG = 7 };

extern int log_threshold;   /* messages above this level are dropped */

/* "stderr" (default), "stdout", "syslog", or a file path (appended). */
int log_set_destination(const char *dest);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...)     log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)    log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...)  log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...)    do { if (log_threshold >= LOG_INFO) log_msg(LOG_INFO, __VA_ARGS__); } while (0)
#define log_debug(...)   do { if (log_threshold >= LOG_DEBUG) log_msg(LOG_DEBUG, __VA_ARGS__); } while (0)

#endif
