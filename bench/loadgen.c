// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * kmesh-native load generator for short HTTP/1.1 connections: each of
 * N threads opens a connection, sends one request with "Connection:
 * close", reads the whole response, closes, and starts again, for a
 * duration or a total count. It records every connection's timings and
 * prints one JSON object on stdout.
 *
 *   loadgen -a ADDR -p PORT [-H HOST] [-u PATH] [-c CONNS] [-d SECONDS]
 *           [-n COUNT] [-w WARMUP_S] [-t TIMEOUT_MS] [-e MAX_ERRORS]
 *           [-l LABEL]
 *
 * The client reads to the end of the stream (the server closes first, so
 * TIME_WAIT stays on the server side) and checks a 2xx status and, when
 * the response has one, its Content-Length.
 *
 * Per connection (CLOCK_MONOTONIC, blocking sockets):
 *   connect_us  socket() + connect(): the TCP handshake for a plain
 *               connect; ~0 for a connect an HTTP listener deferred
 *   send_us     the first send(): for a deferred connect this is the
 *               BPF decision at the first send, the real connect and
 *               the wait for its handshake, then the copy of the request
 *   ttfb_us     end of send() to the first byte of the response
 *   latency_us  socket() to close() returning: the whole connection
 * so connect_us + send_us compares a plain and a deferred connect.
 *
 * "connections" counts the successful connections of the measured
 * window (after the warm-up, completed before its end), "errors" the
 * failed ones in it; "attempted" every connection the run started, the
 * warm-up and the last one of each thread included (what a counter
 * outside the process, like bpf_stats, sees).
 *
 * Exit status: 0 no errors, 1 some connections failed (the JSON says
 * how many of each kind), 2 usage or setup errors.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS	1024
#define MAX_SAMPLES	(16u << 20)	/* per run, all threads */

enum err_kind { E_CONNECT, E_SEND, E_RECV, E_TIMEOUT, E_STATUS, E_SHORT, E_N };
static const char *const err_name[E_N] = {
	"connect", "send", "recv", "timeout", "status", "short_body",
};

/* One connection's timings, nanoseconds. */
struct sample {
	uint32_t connect, send, ttfb, total;
};

struct thread {
	pthread_t tid;
	struct sample *s;
	size_t n, cap;
	uint64_t errors[E_N];
	uint64_t bytes;		/* response bytes of recorded connections */
	uint64_t attempts;	/* every connection started, warm-up included */
	int first_errno;
	int overflow;
};

static struct {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char req[1024];
	size_t reqlen;
	int conns;
	double duration, warmup;
	long count;
	int timeout_ms;
	long max_errors;
	const char *label, *host, *path, *target;
} cfg = {
	.conns = 1, .duration = 10, .timeout_ms = 5000, .max_errors = 1000,
	.count = -1, .path = "/",
};

static atomic_long remaining;	/* count mode: connections left to start */
static atomic_long errors_total;
static atomic_int stop;
static uint64_t t_start, t_measure, t_end;	/* ns */
static pthread_barrier_t barrier;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static uint32_t clamp32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: loadgen -a ADDR -p PORT [-H HOST] [-u PATH] [-c CONNS]\n"
		"               [-d SECONDS | -n COUNT] [-w WARMUP_S] [-t TIMEOUT_MS]\n"
		"               [-e MAX_ERRORS] [-l LABEL]\n"
		"  short HTTP/1.1 connections (one request each), CONNS at a time;\n"
		"  prints JSON: conn/s, latency percentiles, errors\n");
	exit(2);
}

/* Status code of a response head, or -1 while it is incomplete. */
static int parse_head(const char *b, size_t n, size_t *head_len,
		      long long *clen)
{
	const char *end = memmem(b, n, "\r\n\r\n", 4), *p, *line;
	int status;

	if (!end)
		return -1;
	*head_len = end - b + 4;
	if (n < 12 || memcmp(b, "HTTP/1.", 7))
		return 0;
	status = atoi(b + 9);
	*clen = -1;
	for (line = memchr(b, '\n', end - b); line && line < end;
	     line = memchr(line, '\n', end - line)) {
		line++;
		if (end - line > 15 && !strncasecmp(line, "content-length:", 15)) {
			p = line + 15;
			while (*p == ' ' || *p == '\t')
				p++;
			*clen = atoll(p);
		}
	}
	return status;
}

/* One connection; 0 or the error kind + 1. */
static int one(struct thread *t, struct sample *smp, uint64_t *bytes)
{
	struct timeval tv = {
		.tv_sec = cfg.timeout_ms / 1000,
		.tv_usec = (cfg.timeout_ms % 1000) * 1000,
	};
	static __thread char buf[65536];
	size_t got = 0, head_len = 0, keep = 0;
	long long clen = -1, body = 0;
	uint64_t t0, t1, t2, t3 = 0, t4;
	int fd, status = -1, rc = 0, on = 1;
	ssize_t n;

	t0 = now_ns();
	fd = socket(cfg.addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		if (!t->first_errno)
			t->first_errno = errno;
		return E_CONNECT + 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (connect(fd, (struct sockaddr *)&cfg.addr, cfg.addrlen)) {
		rc = (errno == EINPROGRESS || errno == EAGAIN) ? E_TIMEOUT + 1 : E_CONNECT + 1;
		goto fail;
	}
	t1 = now_ns();
	n = send(fd, cfg.req, cfg.reqlen, MSG_NOSIGNAL);
	if (n != (ssize_t)cfg.reqlen) {
		rc = (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) ?
		     E_TIMEOUT + 1 : E_SEND + 1;
		goto fail;
	}
	t2 = now_ns();
	for (;;) {
		n = recv(fd, buf + keep, sizeof(buf) - keep, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = (errno == EAGAIN || errno == EWOULDBLOCK) ?
			     E_TIMEOUT + 1 : E_RECV + 1;
			goto fail;
		}
		if (!t3)
			t3 = now_ns();
		if (n == 0)
			break;
		got += n;
		if (status < 0) {
			/* keep the head in buf until it is complete */
			keep += n;
			status = parse_head(buf, keep, &head_len, &clen);
			if (status < 0) {
				if (keep == sizeof(buf)) {
					rc = E_STATUS + 1;
					goto fail_noerrno;
				}
				continue;
			}
			body = keep - head_len;
			keep = 0;
		} else {
			body += n;
		}
	}
	if (status < 200 || status > 299) {
		rc = status < 0 ? E_SHORT + 1 : E_STATUS + 1;
		goto fail_noerrno;
	}
	if (clen >= 0 && body != clen) {
		rc = E_SHORT + 1;
		goto fail_noerrno;
	}
	close(fd);
	t4 = now_ns();
	smp->connect = clamp32(t1 - t0);
	smp->send = clamp32(t2 - t1);
	smp->ttfb = clamp32(t3 - t2);
	smp->total = clamp32(t4 - t0);
	*bytes = got;
	return 0;
fail:
	if (!t->first_errno)
		t->first_errno = errno;
fail_noerrno:
	close(fd);
	return rc;
}

static void *worker(void *arg)
{
	struct thread *t = arg;
	struct sample smp = { 0 };
	uint64_t bytes = 0, end;
	int rc;

	pthread_barrier_wait(&barrier);
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		if (cfg.count >= 0 && atomic_fetch_sub(&remaining, 1) <= 0)
			break;
		rc = one(t, &smp, &bytes);
		t->attempts++;
		end = now_ns();
		if (cfg.count < 0 && end >= t_end)
			break;	/* finished after the end: not counted */
		if (end < t_measure)
			continue;	/* warm-up */
		if (rc) {
			t->errors[rc - 1]++;
			if (atomic_fetch_add(&errors_total, 1) + 1 >= cfg.max_errors)
				atomic_store(&stop, 1);
			continue;
		}
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 4096;
			struct sample *s;

			if (cap > MAX_SAMPLES / (size_t)cfg.conns ||
			    !(s = realloc(t->s, cap * sizeof(*s)))) {
				t->overflow = 1;
				atomic_store(&stop, 1);
				break;
			}
			t->s = s;
			t->cap = cap;
		}
		t->s[t->n++] = smp;
		t->bytes += bytes;
	}
	return NULL;
}

static int cmp32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Percentile p (0..100) of a sorted array, nearest rank. */
static double pct(const uint32_t *v, size_t n, double p)
{
	size_t i;

	if (!n)
		return 0;
	i = (size_t)(p / 100.0 * n + 0.999999);
	if (i < 1)
		i = 1;
	if (i > n)
		i = n;
	return v[i - 1] / 1000.0;
}

static void print_stats(const char *name, uint32_t *v, size_t n, int last)
{
	double sum = 0;
	size_t i;

	qsort(v, n, sizeof(*v), cmp32);
	for (i = 0; i < n; i++)
		sum += v[i];
	printf("  \"%s\": {\"p50\": %.1f, \"p90\": %.1f, \"p99\": %.1f, "
	       "\"max\": %.1f, \"mean\": %.1f}%s\n", name, pct(v, n, 50),
	       pct(v, n, 90), pct(v, n, 99), n ? v[n - 1] / 1000.0 : 0,
	       n ? sum / n / 1000.0 : 0, last ? "" : ",");
}

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void setup_target(const char *addr, const char *port)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)&cfg.addr;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&cfg.addr;
	char *end;
	long p = strtol(port, &end, 10);
	int n;

	if (*end || p < 1 || p > 65535)
		usage();
	memset(&cfg.addr, 0, sizeof(cfg.addr));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(p);
		cfg.addrlen = sizeof(*s4);
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(p);
		cfg.addrlen = sizeof(*s6);
	} else {
		fprintf(stderr, "loadgen: not an IP address: %s\n", addr);
		exit(2);
	}
	if (!cfg.host)
		cfg.host = addr;
	n = snprintf(cfg.req, sizeof(cfg.req),
		     "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: kmesh-loadgen\r\n"
		     "Accept: */*\r\nConnection: close\r\n\r\n", cfg.path, cfg.host);
	if (n < 0 || (size_t)n >= sizeof(cfg.req)) {
		fprintf(stderr, "loadgen: request too long\n");
		exit(2);
	}
	cfg.reqlen = n;
}

int main(int argc, char **argv)
{
	static struct thread th[MAX_THREADS];
	const char *addr = NULL, *port = NULL;
	uint32_t *v[4];
	uint64_t errs[E_N] = { 0 }, bytes = 0, t_last, nerr = 0, attempts = 0;
	size_t total = 0, k;
	double secs;
	int c, i, e, first_errno = 0, overflow = 0;

	while ((c = getopt(argc, argv, "a:p:H:u:c:d:n:w:t:e:l:h")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = optarg; break;
		case 'H': cfg.host = optarg; break;
		case 'u': cfg.path = optarg; break;
		case 'c': cfg.conns = atoi(optarg); break;
		case 'd': cfg.duration = atof(optarg); break;
		case 'n': cfg.count = atol(optarg); break;
		case 'w': cfg.warmup = atof(optarg); break;
		case 't': cfg.timeout_ms = atoi(optarg); break;
		case 'e': cfg.max_errors = atol(optarg); break;
		case 'l': cfg.label = optarg; break;
		default: usage();
		}
	}
	if (!addr || !port || optind != argc || cfg.conns < 1 ||
	    cfg.conns > MAX_THREADS || cfg.duration <= 0 || cfg.warmup < 0 ||
	    cfg.timeout_ms < 1 || cfg.max_errors < 1 || cfg.path[0] != '/')
		usage();
	setup_target(addr, port);
	signal(SIGPIPE, SIG_IGN);
	atomic_store(&remaining, cfg.count);
	if (pthread_barrier_init(&barrier, NULL, cfg.conns + 1))
		return 2;
	for (i = 0; i < cfg.conns; i++)
		if (pthread_create(&th[i].tid, NULL, worker, &th[i])) {
			fprintf(stderr, "loadgen: pthread_create failed\n");
			return 2;
		}
	t_start = now_ns();
	t_measure = t_start + (uint64_t)(cfg.warmup * 1e9);
	t_end = cfg.count >= 0 ? UINT64_MAX :
		t_measure + (uint64_t)(cfg.duration * 1e9);
	pthread_barrier_wait(&barrier);
	for (i = 0; i < cfg.conns; i++)
		pthread_join(th[i].tid, NULL);
	t_last = now_ns();
	if (cfg.count < 0 && !atomic_load(&stop) && t_last > t_end)
		t_last = t_end;	/* what ended after t_end was not counted */

	for (i = 0; i < cfg.conns; i++) {
		total += th[i].n;
		bytes += th[i].bytes;
		attempts += th[i].attempts;
		for (e = 0; e < E_N; e++)
			errs[e] += th[i].errors[e];
		if (!first_errno)
			first_errno = th[i].first_errno;
		overflow |= th[i].overflow;
	}
	for (k = 0; k < 4; k++) {
		v[k] = malloc((total ? total : 1) * sizeof(uint32_t));
		if (!v[k])
			return 2;
	}
	for (total = 0, i = 0; i < cfg.conns; i++)
		for (k = 0; k < th[i].n; k++, total++) {
			v[0][total] = th[i].s[k].total;
			v[1][total] = th[i].s[k].connect;
			v[2][total] = th[i].s[k].send;
			v[3][total] = th[i].s[k].ttfb;
		}
	secs = (t_last - (t_last > t_measure ? t_measure : t_last)) / 1e9;

	printf("{\n  \"tool\": \"kmesh-loadgen\",\n  \"label\": ");
	json_str(cfg.label ? cfg.label : "");
	printf(",\n  \"target\": ");
	json_str(addr);
	printf(",\n  \"port\": %s,\n  \"host\": ", port);
	json_str(cfg.host);
	printf(",\n  \"path\": ");
	json_str(cfg.path);
	printf(",\n  \"concurrency\": %d,\n  \"seconds\": %.3f,\n"
	       "  \"connections\": %zu,\n  \"conn_per_s\": %.1f,\n"
	       "  \"bytes\": %llu,\n  \"mib_per_s\": %.2f,\n",
	       cfg.conns, secs, total, secs > 0 ? total / secs : 0,
	       (unsigned long long)bytes,
	       secs > 0 ? bytes / secs / 1048576.0 : 0);
	for (e = 0; e < E_N; e++)
		nerr += errs[e];
	printf("  \"attempted\": %llu,\n", (unsigned long long)attempts);
	printf("  \"errors\": %llu,\n  \"errors_by_kind\": {",
	       (unsigned long long)nerr);
	for (e = 0; e < E_N; e++)
		printf("%s\"%s\": %llu", e ? ", " : "", err_name[e],
		       (unsigned long long)errs[e]);
	printf("},\n  \"first_error\": ");
	json_str(first_errno ? strerror(first_errno) : "");
	printf(",\n  \"stopped_early\": %s,\n",
	       atomic_load(&stop) ? "true" : "false");
	if (overflow)
		printf("  \"sample_overflow\": true,\n");
	print_stats("latency_us", v[0], total, 0);
	print_stats("connect_us", v[1], total, 0);
	print_stats("send_us", v[2], total, 0);
	print_stats("ttfb_us", v[3], total, 1);
	printf("}\n");
	for (k = 0; k < 4; k++)
		free(v[k]);
	for (i = 0; i < cfg.conns; i++)
		free(th[i].s);
	return nerr || overflow ? 1 : 0;
}
