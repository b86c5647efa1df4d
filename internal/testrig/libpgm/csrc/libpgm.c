/*
 * An independent PGM (RFC 3208) receiver and sender for mcaudit's tests,
 * built on the system's libpgm (OpenPGM 5.3). It is compiled and run by the
 * Go package github.com/mcaudit/mcaudit/internal/testrig/libpgm; it is not
 * part of mcaudit itself.
 *
 * Usage: libpgm ADDR GROUP DPORT                  (receive)
 *        libpgm send ADDR GROUP DPORT INTERVAL_MS (send)
 *   e.g. libpgm 192.0.2.2 239.192.0.10 7500
 *
 * The sender sends an APDU "<n>" every INTERVAL_MS from a send-only socket
 * with ambient SPMs every second, answers NAKs with RDATA, prints "ready"
 * once connected and "sent <n>" for each APDU, and ends like the receiver.
 * What follows is the receiver's.
 *
 * ADDR is the IPv4 address of the interface to join GROUP on (an address, not
 * an interface name: libpgm resolves names through the resolver, which fails
 * inside a bare network namespace). DPORT is the PGM data-destination port.
 *
 * The socket is a passive (never NAKs), receive-only PGM socket on raw IP
 * protocol 113 (no UDP encapsulation).
 *
 * Output on stdout, one line each, flushed at once:
 *   ready                      once the socket is connected and joined
 *   <tsi> <hex payload>        for every delivered APDU
 * <tsi> is libpgm's pgm_tsi_print format: the six GSI bytes and the data-source
 * port, all in decimal, dot-separated, e.g. "1.2.3.4.5.6.4660" for GSI
 * 01:02:03:04:05:06 and source port 0x1234. <hex payload> is lower-case hex,
 * empty for an empty APDU.
 *
 * Everything libpgm logs goes to stderr, prefixed "libpgm: " (libpgm's
 * default is stdout, which would corrupt the protocol above), as do this
 * program's own errors, prefixed "pgmrecv: ". libpgm reads its log level
 * from PGM_MIN_LOG_LEVEL; at TRACE it says why it discards a packet (bad
 * checksum, data-destination port mismatch; not a wrong TSDU length).
 *
 * Delivery is in sequence order per session. A sequence number that never
 * arrives is given up after about 0.45 s; the data behind it is then
 * delivered, and "pgmrecv: session reset (data loss): ..." goes to stderr.
 *
 * It exits 0 on SIGTERM, SIGINT or end of file on stdin (so it also ends when
 * the process that started it with a pipe for stdin dies; run by hand, give
 * it a terminal or a pipe, not </dev/null), 1 on any libpgm or system error
 * and 2 on bad arguments.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h> /* before pgm.h: declares pgm_poll_info */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <netinet/in.h>
#include <pgm/pgm.h>

static int quit_pipe[2] = {-1, -1};

static void on_signal(int signum) {
	const int saved = errno;
	const char c = (char)signum;
	(void)!write(quit_pipe[1], &c, 1);
	errno = saved;
}

/* libpgm writes its messages to stdout unless a handler is set. */
static void on_log(const int level, const char *message, void *closure) {
	(void)level;
	(void)closure;
	fprintf(stderr, "libpgm: %s\n", message);
	fflush(stderr);
}

static void print_error(const char *what, pgm_error_t *err) {
	fprintf(stderr, "pgmrecv: %s: %s\n", what,
		(err && err->message) ? err->message : "(no libpgm error)");
	fflush(stderr);
	if (err)
		pgm_error_free(err);
}

static bool set_int(pgm_sock_t *sock, int opt, const char *name, int v) {
	if (pgm_setsockopt(sock, IPPROTO_PGM, opt, &v, sizeof(v)))
		return true;
	fprintf(stderr, "pgmrecv: setting %s to %d failed\n", name, v);
	return false;
}
#define SET(sock, opt, v) set_int((sock), (opt), #opt, (v))

static void print_apdu(const struct pgm_sockaddr_t *from, const unsigned char *buf, size_t len) {
	static const char digits[] = "0123456789abcdef";
	/* pgm_recvfrom hands back the source port in host order, but
	 * pgm_tsi_print, like the rest of libpgm, takes a TSI in network
	 * order: printing from->sa_addr as it is would byte-swap the port. */
	pgm_tsi_t tsi = from->sa_addr;
	tsi.sport = htons(tsi.sport);
	char s[PGM_TSISTRLEN];
	pgm_tsi_print_r(&tsi, s, sizeof(s));
	fputs(s, stdout);
	fputc(' ', stdout);
	for (size_t i = 0; i < len; i++) {
		fputc(digits[buf[i] >> 4], stdout);
		fputc(digits[buf[i] & 0xf], stdout);
	}
	fputc('\n', stdout);
	fflush(stdout);
}

static int timeval_ms(const struct timeval *tv) {
	/* round up so poll does not spin on a sub-millisecond timer */
	long long ms = (long long)tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000;
	if (ms < 0)
		return 0;
	if (ms > 1000)
		return 1000;
	return (int)ms;
}

static int sender(int argc, char *argv[]);

int main(int argc, char *argv[]) {
	if (argc == 6 && strcmp(argv[1], "send") == 0)
		return sender(argc, argv);
	if (argc != 4) {
		fprintf(stderr, "usage: %s ADDR GROUP DPORT\n", argv[0]);
		return 2;
	}
	char *end;
	const long dport = strtol(argv[3], &end, 10);
	if (*end != '\0' || dport <= 0 || dport > 65535) {
		fprintf(stderr, "pgmrecv: bad data-destination port %s\n", argv[3]);
		return 2;
	}
	char network[256];
	if (snprintf(network, sizeof(network), "%s;%s", argv[1], argv[2]) >= (int)sizeof(network)) {
		fprintf(stderr, "pgmrecv: address too long\n");
		return 2;
	}

	if (pipe(quit_pipe) != 0) {
		perror("pgmrecv: pipe");
		return 1;
	}
	fcntl(quit_pipe[1], F_SETFL, O_NONBLOCK);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);

	pgm_error_t *err = NULL;
	pgm_log_set_handler(on_log, NULL);
	if (!pgm_init(&err)) {
		print_error("pgm_init", err);
		return 1;
	}

	int status = 1;
	pgm_sock_t *sock = NULL;
	struct pgm_addrinfo_t *res = NULL;
	struct pgm_addrinfo_t hints;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	if (!pgm_getaddrinfo(network, &hints, &res, &err)) {
		print_error("pgm_getaddrinfo", err);
		goto out;
	}
	if (!pgm_socket(&sock, AF_INET, SOCK_SEQPACKET, IPPROTO_PGM, &err)) {
		print_error("pgm_socket", err);
		goto out;
	}

	/* pgm_bind3 refuses a receiver unless every one of these is set.
	 * SPMR_EXPIRY goes before RXW_SQNS: some OpenPGM releases lack a
	 * break after it and would also store its value as RXW_SQNS.
	 * A passive socket sends no NAKs but still runs the NAK state
	 * machine: a missing sequence number holds back everything after it
	 * for NAK_BO_IVL + NAK_NCF_RETRIES x NAK_RPT_IVL before libpgm gives
	 * it up (and pgm_recvfrom returns PGM_IO_STATUS_RESET), so those are
	 * short here: about 0.45 s rather than the examples' 100 s. */
	if (!SET(sock, PGM_RECV_ONLY, 1) ||
	    !SET(sock, PGM_PASSIVE, 1) ||
	    !SET(sock, PGM_MTU, 1500) ||
	    !SET(sock, PGM_SPMR_EXPIRY, pgm_msecs(250)) ||
	    !SET(sock, PGM_RXW_SQNS, 100) ||
	    !SET(sock, PGM_PEER_EXPIRY, pgm_secs(300)) ||
	    !SET(sock, PGM_NAK_BO_IVL, pgm_msecs(50)) ||
	    !SET(sock, PGM_NAK_RPT_IVL, pgm_msecs(200)) ||
	    !SET(sock, PGM_NAK_RDATA_IVL, pgm_msecs(200)) ||
	    !SET(sock, PGM_NAK_DATA_RETRIES, 2) ||
	    !SET(sock, PGM_NAK_NCF_RETRIES, 2))
		goto out;

	struct pgm_sockaddr_t addr;
	memset(&addr, 0, sizeof(addr));
	addr.sa_port = (uint16_t)dport;
	addr.sa_addr.sport = DEFAULT_DATA_SOURCE_PORT;
	if (!pgm_gsi_create_from_string(&addr.sa_addr.gsi, network, -1)) {
		fprintf(stderr, "pgmrecv: creating GSI failed\n");
		goto out;
	}
	struct pgm_interface_req_t if_req;
	memset(&if_req, 0, sizeof(if_req));
	if_req.ir_interface = res->ai_recv_addrs[0].gsr_interface;
	if (!pgm_bind3(sock, &addr, sizeof(addr), &if_req, sizeof(if_req), &if_req, sizeof(if_req), &err)) {
		print_error("pgm_bind3", err);
		goto out;
	}
	for (unsigned i = 0; i < res->ai_recv_addrs_len; i++) {
		if (!pgm_setsockopt(sock, IPPROTO_PGM, PGM_JOIN_GROUP, &res->ai_recv_addrs[i], sizeof(struct group_req))) {
			char s[1024];
			fprintf(stderr, "pgmrecv: joining %s failed\n",
				pgm_gsr_to_string(&res->ai_recv_addrs[i], s, sizeof(s)));
			goto out;
		}
	}
	/* pgm_connect asserts a send group of the receive groups' family even
	 * on a receive-only socket; nothing is sent to it. */
	if (!pgm_setsockopt(sock, IPPROTO_PGM, PGM_SEND_GROUP, &res->ai_send_addrs[0], sizeof(struct group_req))) {
		fprintf(stderr, "pgmrecv: setting the send group failed\n");
		goto out;
	}
	if (!SET(sock, PGM_NOBLOCK, 1))
		goto out;
	if (!pgm_connect(sock, &err)) {
		print_error("pgm_connect", err);
		goto out;
	}
	pgm_freeaddrinfo(res);
	res = NULL;

	fputs("ready\n", stdout);
	fflush(stdout);

	static unsigned char buf[65536];
	struct pollfd fds[2 + 8];
	for (;;) {
		size_t len = 0;
		struct pgm_sockaddr_t from;
		socklen_t fromlen = sizeof(from);
		struct timeval tv;
		socklen_t tvlen = sizeof(tv);
		int timeout = -1;

		const int io = pgm_recvfrom(sock, buf, sizeof(buf), 0, &len, &from, &fromlen, &err);
		switch (io) {
		case PGM_IO_STATUS_NORMAL:
			print_apdu(&from, buf, len);
			continue;
		case PGM_IO_STATUS_TIMER_PENDING:
			if (pgm_getsockopt(sock, IPPROTO_PGM, PGM_TIME_REMAIN, &tv, &tvlen))
				timeout = timeval_ms(&tv);
			else
				timeout = 100;
			break;
		case PGM_IO_STATUS_RATE_LIMITED:
			if (pgm_getsockopt(sock, IPPROTO_PGM, PGM_RATE_REMAIN, &tv, &tvlen))
				timeout = timeval_ms(&tv);
			else
				timeout = 100;
			break;
		case PGM_IO_STATUS_WOULD_BLOCK:
			break;
		case PGM_IO_STATUS_RESET:
			/* unrecoverable loss in a session: report, keep going */
			print_error("session reset (data loss)", err);
			err = NULL;
			continue;
		case PGM_IO_STATUS_FIN:
			/* a source said it finished: other sessions go on */
			print_error("session finished", err);
			err = NULL;
			continue;
		case PGM_IO_STATUS_EOF:
			fprintf(stderr, "pgmrecv: socket closed\n");
			goto out;
		default:
			print_error("pgm_recvfrom", err);
			goto out;
		}
		if (err) {
			pgm_error_free(err);
			err = NULL;
		}

		memset(fds, 0, sizeof(fds));
		fds[0].fd = quit_pipe[0];
		fds[0].events = POLLIN;
		fds[1].fd = STDIN_FILENO;
		fds[1].events = POLLIN;
		int n = (int)(sizeof(fds) / sizeof(fds[0])) - 2;
		if (pgm_poll_info(sock, &fds[2], &n, POLLIN) < 0) {
			fprintf(stderr, "pgmrecv: pgm_poll_info failed\n");
			goto out;
		}
		if (poll(fds, (nfds_t)(2 + n), timeout) < 0 && errno != EINTR) {
			perror("pgmrecv: poll");
			goto out;
		}
		if (fds[0].revents)
			break; /* SIGTERM / SIGINT */
		if (fds[1].revents) {
			char c[256];
			const ssize_t r = read(STDIN_FILENO, c, sizeof(c));
			if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
				break; /* stdin closed */
		}
	}
	status = 0;

out:
	if (res)
		pgm_freeaddrinfo(res);
	if (sock)
		pgm_close(sock, false);
	pgm_shutdown();
	return status;
}

static void on_quit_setup(void) {
	fcntl(quit_pipe[1], F_SETFL, O_NONBLOCK);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
}

static long long now_ms(void) {
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* sender: libpgm as an application uses it to send (OpenPGM's examples/
 * daytime.c): a send-only socket whose timers - ambient and heartbeat SPMs,
 * NAK handling - run while the application polls it for input. */
static int sender(int argc, char *argv[]) {
	(void)argc;
	char *end;
	const long dport = strtol(argv[4], &end, 10);
	if (*end != '\0' || dport <= 0 || dport > 65535) {
		fprintf(stderr, "libpgm: bad data-destination port %s\n", argv[4]);
		return 2;
	}
	const long interval = strtol(argv[5], &end, 10);
	if (*end != '\0' || interval <= 0 || interval > 60000) {
		fprintf(stderr, "libpgm: bad interval %s\n", argv[5]);
		return 2;
	}
	char network[256];
	if (snprintf(network, sizeof(network), "%s;%s", argv[2], argv[3]) >= (int)sizeof(network)) {
		fprintf(stderr, "libpgm: address too long\n");
		return 2;
	}
	if (pipe(quit_pipe) != 0) {
		perror("libpgm: pipe");
		return 1;
	}
	on_quit_setup();

	pgm_error_t *err = NULL;
	pgm_log_set_handler(on_log, NULL);
	if (!pgm_init(&err)) {
		print_error("pgm_init", err);
		return 1;
	}
	int status = 1;
	pgm_sock_t *sock = NULL;
	struct pgm_addrinfo_t *res = NULL;
	struct pgm_addrinfo_t hints;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	if (!pgm_getaddrinfo(network, &hints, &res, &err)) {
		print_error("pgm_getaddrinfo", err);
		goto out;
	}
	if (!pgm_socket(&sock, AF_INET, SOCK_SEQPACKET, IPPROTO_PGM, &err)) {
		print_error("pgm_socket", err);
		goto out;
	}
	const int heartbeat[] = {pgm_msecs(100), pgm_msecs(100), pgm_msecs(100), pgm_msecs(100),
				 pgm_msecs(1300), pgm_secs(1)};
	if (!SET(sock, PGM_SEND_ONLY, 1) ||
	    !SET(sock, PGM_MTU, 1500) ||
	    !SET(sock, PGM_TXW_SQNS, 1000) ||
	    !SET(sock, PGM_TXW_MAX_RTE, 400 * 1000) ||
	    !SET(sock, PGM_AMBIENT_SPM, pgm_secs(1)) ||
	    !SET(sock, PGM_MULTICAST_LOOP, 0) ||
	    !SET(sock, PGM_MULTICAST_HOPS, 16))
		goto out;
	if (!pgm_setsockopt(sock, IPPROTO_PGM, PGM_HEARTBEAT_SPM, heartbeat, sizeof(heartbeat))) {
		fprintf(stderr, "libpgm: setting PGM_HEARTBEAT_SPM failed\n");
		goto out;
	}
	struct pgm_sockaddr_t addr;
	memset(&addr, 0, sizeof(addr));
	addr.sa_port = (uint16_t)dport;
	addr.sa_addr.sport = DEFAULT_DATA_SOURCE_PORT;
	/* From the address, not the host name: a bare namespace resolves none. */
	if (!pgm_gsi_create_from_string(&addr.sa_addr.gsi, argv[2], -1)) {
		fprintf(stderr, "libpgm: creating GSI failed\n");
		goto out;
	}
	struct pgm_interface_req_t if_req;
	memset(&if_req, 0, sizeof(if_req));
	if_req.ir_interface = res->ai_recv_addrs[0].gsr_interface;
	if (!pgm_bind3(sock, &addr, sizeof(addr), &if_req, sizeof(if_req), &if_req, sizeof(if_req), &err)) {
		print_error("pgm_bind3", err);
		goto out;
	}
	/* pgm_connect wants a receive group even on a send-only socket; the
	 * join sends IGMP reports, as an application's sender does. */
	for (unsigned i = 0; i < res->ai_recv_addrs_len; i++) {
		if (!pgm_setsockopt(sock, IPPROTO_PGM, PGM_JOIN_GROUP, &res->ai_recv_addrs[i], sizeof(struct group_req))) {
			fprintf(stderr, "libpgm: joining the group failed\n");
			goto out;
		}
	}
	if (!pgm_setsockopt(sock, IPPROTO_PGM, PGM_SEND_GROUP, &res->ai_send_addrs[0], sizeof(struct group_req))) {
		fprintf(stderr, "libpgm: setting the send group failed\n");
		goto out;
	}
	if (!SET(sock, PGM_NOBLOCK, 1))
		goto out;
	if (!pgm_connect(sock, &err)) {
		print_error("pgm_connect", err);
		goto out;
	}
	pgm_freeaddrinfo(res);
	res = NULL;
	fputs("ready\n", stdout);
	fflush(stdout);

	static unsigned char buf[4096];
	long long next = now_ms();
	unsigned long n = 0;
	struct pollfd fds[2 + 8];
	for (;;) {
		if (now_ms() >= next) {
			char apdu[32];
			const int len = snprintf(apdu, sizeof(apdu), "%lu", n);
			const int io = pgm_send(sock, apdu, (size_t)len, NULL);
			if (io == PGM_IO_STATUS_NORMAL) {
				printf("sent %lu\n", n);
				fflush(stdout);
				n++;
				next += interval;
			} else if (io != PGM_IO_STATUS_RATE_LIMITED && io != PGM_IO_STATUS_WOULD_BLOCK) {
				fprintf(stderr, "libpgm: pgm_send: status %d\n", io);
				goto out;
			}
		}
		/* Reading runs the socket's timers (SPMs) and answers NAKs. */
		int timeout = (int)(next - now_ms());
		for (;;) {
			size_t len = 0;
			const int io = pgm_recv(sock, buf, sizeof(buf), 0, &len, &err);
			if (err) {
				pgm_error_free(err);
				err = NULL;
			}
			if (io == PGM_IO_STATUS_TIMER_PENDING || io == PGM_IO_STATUS_RATE_LIMITED) {
				struct timeval tv;
				socklen_t tvlen = sizeof(tv);
				const int opt = io == PGM_IO_STATUS_TIMER_PENDING ? PGM_TIME_REMAIN : PGM_RATE_REMAIN;
				if (pgm_getsockopt(sock, IPPROTO_PGM, opt, &tv, &tvlen)) {
					const int ms = timeval_ms(&tv);
					if (ms < timeout)
						timeout = ms;
				}
				break;
			}
			if (io != PGM_IO_STATUS_NORMAL)
				break;
		}
		if (timeout < 0)
			timeout = 0;
		memset(fds, 0, sizeof(fds));
		fds[0].fd = quit_pipe[0];
		fds[0].events = POLLIN;
		fds[1].fd = STDIN_FILENO;
		fds[1].events = POLLIN;
		int nfd = (int)(sizeof(fds) / sizeof(fds[0])) - 2;
		if (pgm_poll_info(sock, &fds[2], &nfd, POLLIN) < 0) {
			fprintf(stderr, "libpgm: pgm_poll_info failed\n");
			goto out;
		}
		if (poll(fds, (nfds_t)(2 + nfd), timeout) < 0 && errno != EINTR) {
			perror("libpgm: poll");
			goto out;
		}
		if (fds[0].revents)
			break;
		if (fds[1].revents) {
			char c[256];
			const ssize_t r = read(STDIN_FILENO, c, sizeof(c));
			if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
				break;
		}
	}
	status = 0;
out:
	if (res)
		pgm_freeaddrinfo(res);
	if (sock)
		pgm_close(sock, true); /* true: flush, sending the FIN */
	pgm_shutdown();
	return status;
}
