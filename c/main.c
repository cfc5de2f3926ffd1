/* lunabgp: command line front end, shaped like `exabgp` so that harnesses
 * written for ExaBGP run it unchanged. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "daemon/settings.h"
#include "embed/control.h"
#include "embed/vm.h"
#include "session/daemon.h"
#include "session/events.h"

int cli_decode(int argc, char **argv);
int ctl_main(int argc, char **argv);

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: lunabgp [server] [options] CONFIG...     run the BGP speaker in the foreground\n"
	        "       lunabgp validate CONFIG...             check configuration files\n"
	        "       lunabgp ctl [--socket PATH] [-e CHUNK]     control a running daemon (Lua REPL, API)\n"
	        "       lunabgp decode [-f \"AFI SAFI\"] [--open|--update|--nlri] HEX...\n"
	        "       lunabgp --version | --help\n"
	        "\n"
	        "server options (those of `exabgp server`):\n"
	        "  -v, --verbose         more logging (info)\n"
	        "  -d, --debug           debug logging\n"
	        "  -p, --pdb             accepted, no effect (there is no Python debugger)\n"
	        "  -s, --signal N        accepted for compatibility (ExaBGP's signal debugging)\n"
	        "  -1, --once            one connection attempt per neighbor (tcp.connections=1)\n"
	        "  -P, --passive         every neighbor is passive\n"
	        "  -m, --memory          report memory use at exit\n"
	        "      --profile FILE    accepted, no effect\n"
	        "  -e, --env FILE        read settings from an exabgp.env-style INI file\n"
	        "      --events          print ExaBGP JSON events on stdout\n"
	        "      --control PATH    control socket (default: /run/lunabgp.sock as root, else\n"
	        "                        $XDG_RUNTIME_DIR/lunabgp.sock or /tmp/lunabgp-UID.sock; none: off)\n"
	        "      --control-readonly PATH   a second socket that accepts only show commands\n"
	        "      --script FILE     run an event script (Lua) outside the configuration\n"
	        "  -                     read the configuration from stdin\n"
	        "\n"
	        "Settings also come from the environment: exabgp.tcp.port or exabgp_tcp_port, ...\n");
}

static struct conf *load_conf(char **files, int nfiles, void *arg)
{
	struct lua_State *L = arg;
	struct buf errors = BUF_INIT;
	struct conf *c = config_load(L, files, nfiles, &errors);
	if (!c)
		fprintf(stderr, "%s", buf_cstr(&errors));
	buf_free(&errors);
	size_t len;
	const char *scripts = c ? ctl_scripts_captured(&len) : NULL;
	if (scripts)
		ctl_scripts_set(scripts, len);   /* event scripts: started, or restarted on reload */
	return c;
}

/* `-` reads the configuration from stdin into a temporary file. */
static char *stdin_to_file(void)
{
	char path[] = "/tmp/lunabgp-stdin-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	char buf[65536];
	ssize_t n;
	while ((n = read(0, buf, sizeof buf)) > 0)
		if (write(fd, buf, (size_t)n) != n)
			break;
	close(fd);
	return xstrdup(path);
}

static int write_pid_file(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f);
}

/* -m: peak and current memory, from /proc (ExaBGP prints its own objects). */
static void report_memory(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return;
	char line[256];
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "VmHWM:", 6) || !strncmp(line, "VmRSS:", 6))
			fprintf(stderr, "lunabgp memory: %s", line);
	fclose(f);
}

static int cmd_validate(int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "usage: lunabgp validate CONFIG...\n");
		return 2;
	}
	struct lua_State *L = vm_new();
	if (!L)
		return 1;
	struct conf *c = load_conf(argv, argc, L);
	int rc = c ? 0 : 1;
	if (c) {
		int routes = 0;
		for (int i = 0; i < c->nneighbors; i++)
			routes += (int)c->neighbors[i]->route_count;
		printf("%d file(s) valid: %d neighbor(s), %d process(es), %d static route(s)\n", argc,
		       c->nneighbors, c->nprocesses, routes);
	}
	conf_free(c);
	vm_free(L);
	return rc;
}

static int cmd_server(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' }, { "debug", no_argument, NULL, 'd' },
		{ "pdb", no_argument, NULL, 'p' },     { "signal", required_argument, NULL, 's' },
		{ "once", no_argument, NULL, '1' },    { "passive", no_argument, NULL, 'P' },
		{ "memory", no_argument, NULL, 'm' },  { "profile", required_argument, NULL, 'R' },
		{ "env", required_argument, NULL, 'e' }, { "events", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },    { "control", required_argument, NULL, 'C' },
		{ "control-readonly", required_argument, NULL, 'O' }, { "script", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	int verbose = 0;
	bool once = false, passive = false, memory = false;
	const char *envfile = NULL;
	const char *control = NULL, *control_ro = NULL;
	char *scripts[33] = { NULL };
	int nscripts = 0;
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+vdps:1Pme:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'v': verbose = verbose < 1 ? 1 : verbose; break;
		case 'd': verbose = 2; break;
		case 'p': case 's': case 'R': break;
		case 'm': memory = true; break;
		case '1': once = true; break;
		case 'P': passive = true; break;
		case 'e': envfile = optarg; break;
		case 'E': events_to_stdout = true; break;
		case 'h': usage(stdout); return 0;
		case 'C': control = optarg; break;
		case 'O': control_ro = optarg; break;
		case 'S':
			if (nscripts < 32)
				scripts[nscripts++] = optarg;
			break;
		default: usage(stderr); return 2;
		}
	}
	settings_defaults(&settings);
	if (envfile && settings_load_file(&settings, envfile) < 0) {
		fprintf(stderr, "lunabgp: cannot read %s\n", envfile);
		return 1;
	}
	settings_load_environ(&settings);
	if (once)
		settings.tcp_connections = 1;
	if (passive)
		settings.bgp_passive = true;
	rib_out_group_mp = settings.group_mp;
	log_threshold = settings.log_enable ? settings.log_level : LOG_WARNING;
	if (verbose == 1 && log_threshold < LOG_INFO)
		log_threshold = LOG_INFO;
	if (verbose == 2)
		log_threshold = LOG_DEBUG;
	if (strcmp(settings.log_destination, "stderr") && log_set_destination(settings.log_destination) < 0)
		fprintf(stderr, "lunabgp: cannot log to %s, using stderr\n", settings.log_destination);
	int nfiles = argc - optind;
	char **files = argv + optind;
	if (nfiles < 1) {
		usage(stderr);
		return 2;
	}
	char *tmp = NULL;
	for (int i = 0; i < nfiles; i++)
		if (!strcmp(files[i], "-")) {
			tmp = stdin_to_file();
			if (!tmp) {
				fprintf(stderr, "lunabgp: cannot read the configuration from stdin\n");
				return 1;
			}
			files[i] = tmp;
		}
	struct lua_State *L = vm_new();
	if (!L)
		return 1;
	/* exabgp.debug.rotate: the first file now, the next one at each reload. */
	int first = settings.debug_rotate && nfiles > 1 ? 1 : nfiles;
	struct conf *c = load_conf(files, first, L);
	if (!c) {
		vm_free(L);
		return 1;
	}
	struct daemon d;
	memset(&d, 0, sizeof d);
	d.files = files;
	d.nfiles = nfiles;
	d.load = load_conf;
	d.load_arg = L;
	d.lua = L;
	int rc = 1;
	d.conf = c;
	if (settings.daemon_daemonize && daemon(1, 0) < 0) {
		log_err("cannot daemonize: %s", strerror(errno));
		goto out;
	}
	if (settings.daemon_pid[0] && write_pid_file(settings.daemon_pid) < 0) {
		log_err("cannot write pid file %s: %s", settings.daemon_pid, strerror(errno));
		goto out;
	}
	log_notice("lunabgp %s starting: %d neighbor(s)", LUNABGP_VERSION, c->nneighbors);
	/* The control state and socket: a default path that is taken (another
	 * daemon) only costs a warning; a path asked for must work. */
	struct ctl_options co = { .script_files = scripts };
	if (!control) {
		co.socket = ctl_default_socket();
	} else if (strcmp(control, "none")) {
		co.socket = control;
	}
	co.socket_ro = control_ro;
	if (ctl_start(&d, &co) < 0 && (control || control_ro)) {
		log_err("cannot start the control socket");
		ctl_stop();
		if (settings.daemon_pid[0])
			unlink(settings.daemon_pid);
		goto out;
	}
	rc = daemon_run(&d, c);
	ctl_stop();
	if (settings.daemon_pid[0])
		unlink(settings.daemon_pid);
	if (memory)
		report_memory();
out:
	conf_free(d.conf);
	vm_free(L);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))) {
		printf("lunabgp %s\n", LUNABGP_VERSION);
		return 0;
	}
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "ctl"))
		return ctl_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "decode"))
		return cli_decode(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "validate"))
		return cmd_validate(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "server"))
		return cmd_server(argc - 1, argv + 1);
	return cmd_server(argc, argv);
}
