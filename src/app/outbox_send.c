/*
 * outbox_send.c - one attempt to send one outbox item (outbox_send.h).
 *
 * Email: SMTP through libcurl (STARTTLS when the server offers it, or smtps://), the message built
 * with curl's MIME API as multipart/alternative plain text and HTML, each quoted-printable, with
 * From, To, Subject (RFC 2047 when not ASCII), Date, Message-ID and List-Unsubscribe.
 *
 * Webhook: an HTTP POST of the item's body (application/json) with X-Tminus-Event,
 * X-Tminus-Delivery (the item's id), X-Tminus-Timestamp (seconds since 1970) and
 * X-Tminus-Signature: "sha256=" and the hex HMAC-SHA256, keyed by the webhook's secret as shown
 * (its hex text), of the timestamp, ".", and the body. Only http and https; no redirect followed;
 * the host resolved once, every address it has checked (core/netaddr.h), and the connection pinned
 * to the checked one (CURLOPT_RESOLVE, and a socket callback that refuses any other), so a DNS
 * answer that changes between the check and the connection cannot reach inside.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/outbox_send.h"
#include "core/netaddr.h"
#include "util/buf.h"
#include "util/curl.h"
#include "util/sodium.h"

#include "util/banned.h"

#define CONNECT_SECONDS 5L
#define TOTAL_SECONDS 15L
#define KEEP_BODY 200              /* bytes of an answer kept in last_error */

/* ---- time ---- */

static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool tm_stamp_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, se;
	char z;
	/* NOLINTNEXTLINE(cert-err34-c): 4 digits at most, checked */
	if (!s || strlen(s) != 20 || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 || z != 'Z' ||
	    mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return false;
	/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): h <= 23, mi <= 59 */
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return true;
}

void tm_stamp_format(int64_t t, char out[TM_STAMP_MAX])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	(void)strftime(out, TM_STAMP_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm); /* the stamp fits: never 0 */
}

/* RFC 5322's date, whatever the locale: "Mon, 04 Jan 2027 08:00:00 +0000". */
static void mail_date(int64_t t, char *out, size_t n)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- shared ---- */

static void fail(tm_send_result *out, bool permanent, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(tm_send_result *out, bool permanent, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(out->error, sizeof(out->error), fmt, ap);
	va_end(ap);
	out->ok = false;
	out->permanent = permanent;
}

/* The start of an answer's body, kept for the log. */
struct answer {
	char text[KEEP_BODY + 1];
	size_t n;
};

static size_t keep_answer(char *data, size_t size, size_t nmemb, void *arg)
{
	struct answer *a = arg;
	size_t len = size * nmemb;
	size_t room = KEEP_BODY - a->n;
	size_t take = len < room ? len : room;
	memcpy(a->text + a->n, data, take);
	a->n += take;
	a->text[a->n] = '\0';
	return len;
}

/* The answer on one line: control characters as spaces, runs of them once, trimmed. */
static void one_line(const char *in, char *out, size_t n)
{
	size_t k = 0;
	bool space = true;
	for (const unsigned char *p = (const unsigned char *)in; *p && k + 1 < n; p++) {
		bool blank = *p < 0x20 || *p == 0x7f || *p == ' ';
		if (blank && space)
			continue;
		/* Bytes past ASCII as '?': the answer was cut anywhere, maybe inside a character. */
		out[k++] = (char)(blank ? ' ' : *p >= 0x80 ? '?' : *p);
		space = blank;
	}
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
}

/* ---- email ---- */

/* A header's value without CR or LF (no header of ours can be made into two). */
static void header_safe(const char *in, tm_buf *out)
{
	for (const char *p = in; *p; p++)
		tm_buf_addc(out, (char)(*p == '\r' || *p == '\n' ? ' ' : *p));
}

/* The subject as RFC 2047 encoded words (UTF-8, base64) when it is not plain ASCII. */
static void subject_header(const char *s, tm_buf *out)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		ascii &= *p >= 0x20 && *p < 0x7f;
	tm_buf_adds(out, "Subject: ");
	if (ascii) {
		tm_buf_adds(out, s);
		return;
	}
	tm_buf clean = TM_BUF_INIT;
	header_safe(s, &clean);
	/* Words of at most 45 bytes (60 characters of base64), never splitting a UTF-8 sequence. */
	const unsigned char *p = (const unsigned char *)clean.s, *end = p + clean.len;
	bool first = true;
	while (p < end) {
		size_t n = (size_t)(end - p) < 45 ? (size_t)(end - p) : 45;
		while (n < (size_t)(end - p) && n > 1 && (p[n] & 0xc0) == 0x80)
			n--;
		tm_buf_adds(out, first ? "=?UTF-8?B?" : "\r\n =?UTF-8?B?");
		for (size_t i = 0; i < n; i += 3) {
			unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
			tm_buf_addc(out, b64[v >> 18 & 63]);
			tm_buf_addc(out, b64[v >> 12 & 63]);
			tm_buf_addc(out, (char)(i + 1 < n ? b64[v >> 6 & 63] : '='));
			tm_buf_addc(out, (char)(i + 2 < n ? b64[v & 63] : '='));
		}
		tm_buf_adds(out, "?=");
		p += n;
		first = false;
	}
	tm_buf_release(&clean);
}

/* text with every line ended by CRLF, as mail wants it (curl's quoted-printable encoder keeps a bare
 * LF as "=0A", and a mail reader then shows one long line). */
static void crlf(const char *text, tm_buf *out)
{
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			tm_buf_addc(out, '\r');
		tm_buf_addc(out, *p);
	}
}

/* An address fit for an SMTP envelope: one mailbox, no spaces, brackets or control characters. */
static bool plain_address(const char *a)
{
	const char *at = strchr(a, '@');
	if (!at || at == a || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const unsigned char *p = (const unsigned char *)a; *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("<>(),;:\\\"[]", *p))
			return false;
	return true;
}

/* The domain of an address, for Message-ID ("localhost" when it has none). */
static const char *domain_of(const char *a)
{
	const char *at = strrchr(a, '@');
	return at && at[1] ? at + 1 : "localhost";
}

void tm_send_email(const tm_outbox_config *cfg, const tm_outbox_item *it, const char *now, tm_send_result *out)
{
	tm_error err = TM_ERROR_INIT;
	CURL *c = NULL;
	curl_mime *mime = NULL, *alt = NULL;
	struct curl_slist *rcpt = NULL, *headers = NULL, *inline_part = NULL;
	tm_buf h = TM_BUF_INIT, from_env = TM_BUF_INIT, to_env = TM_BUF_INIT, text = TM_BUF_INIT, html = TM_BUF_INIT;
	char errbuf[CURL_ERROR_SIZE] = "", date[64];
	const char *from = cfg->from && *cfg->from ? cfg->from : "tminus@localhost";
	int64_t t = 0;
	memset(out, 0, sizeof(*out));
	if (!cfg->smtp_url || !*cfg->smtp_url) {
		fail(out, false, "no SMTP server (--smtp or TMINUS_SMTP)");
		return;
	}
	if (!plain_address(it->recipient)) {
		fail(out, true, "'%.200s' is not an email address tminus sends to", it->recipient);
		return;
	}
	if (!plain_address(from)) {
		fail(out, true, "the sender '%.200s' (TMINUS_MAIL_FROM) is not a plain email address", from);
		return;
	}
	if (tm_curl_load(&err)) {
		fail(out, false, "%.290s", err.msg);
		return;
	}
	if (!tm_stamp_parse(now, &t))
		t = (int64_t)time(NULL);
	if (!(c = curl_easy_init())) {
		fail(out, false, "cannot start libcurl");
		return;
	}
	/* The headers, each a line of its own. */
	mail_date(t, date, sizeof(date));
#define HEADER(...)                                                      \
	do {                                                             \
		tm_buf_reset(&h);                                        \
		tm_buf_printf(&h, __VA_ARGS__);                          \
		headers = curl_slist_append(headers, h.s);               \
	} while (0)
	HEADER("From: %s", from);
	HEADER("To: %s", it->recipient);
	tm_buf_reset(&h);
	subject_header(it->subject, &h);
	headers = curl_slist_append(headers, h.s);
	HEADER("Date: %s", date);
	int64_t made = 0;
	tm_stamp_parse(it->created_at, &made);
	HEADER("Message-ID: <tminus.%lld.%lld@%s>", (long long)it->id, (long long)made, domain_of(from));
	tm_buf_reset(&h);
	tm_buf_printf(&h, "List-Unsubscribe: <mailto:%s?subject=unsubscribe>", from);
	if (cfg->base_url && *cfg->base_url) {
		size_t n = strlen(cfg->base_url);
		while (n && cfg->base_url[n - 1] == '/')
			n--;
		tm_buf_adds(&h, ", <");
		tm_buf_add(&h, cfg->base_url, n);
		tm_buf_adds(&h, "/settings>");
	}
	headers = curl_slist_append(headers, h.s);
	HEADER("X-Tminus-Event: %s", it->event);
#undef HEADER

	/* multipart/alternative: the plain text first, the HTML last (the one preferred). */
	mime = curl_mime_init(c);
	alt = curl_mime_init(c);
	crlf(it->body, &text);
	crlf(it->html && *it->html ? it->html : it->body, &html);
	curl_mimepart *part = curl_mime_addpart(alt);
	curl_mime_data(part, text.s, text.len);
	curl_mime_type(part, "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	part = curl_mime_addpart(alt);
	curl_mime_data(part, html.s, html.len);
	curl_mime_type(part, it->html && *it->html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	part = curl_mime_addpart(mime);
	curl_mime_subparts(part, alt);
	alt = NULL; /* the part owns it now */
	curl_mime_type(part, "multipart/alternative");
	inline_part = curl_slist_append(NULL, "Content-Disposition: inline");
	curl_mime_headers(part, inline_part, 1);
	inline_part = NULL;

	tm_buf_printf(&from_env, "<%s>", from);
	tm_buf_printf(&to_env, "<%s>", it->recipient);
	rcpt = curl_slist_append(NULL, to_env.s);
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_env.s);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_SECONDS);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, TOTAL_SECONDS);
	if (cfg->smtp_user && *cfg->smtp_user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password ? cfg->smtp_password : "");
	}
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		out->ok = true;
	} else {
		long code = 0;
		char line[CURL_ERROR_SIZE];
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		one_line(errbuf[0] ? errbuf : curl_easy_strerror(rc), line, sizeof(line));
		/* A 5xx reply to the recipient is the server's final word; anything else may pass. */
		if (code >= 500)
			fail(out, false, "SMTP %ld: %s", code, line);
		else
			fail(out, false, "SMTP: %s", line);
	}
	curl_easy_cleanup(c);
	curl_mime_free(mime);
	curl_slist_free_all(rcpt);
	curl_slist_free_all(headers);
	tm_buf_release(&h);
	tm_buf_release(&from_env);
	tm_buf_release(&to_env);
	tm_buf_release(&text);
	tm_buf_release(&html);
}

/* ---- webhooks ---- */

/* The address a webhook call may connect to, and nothing else. */
struct pin {
	int family;
	unsigned char addr[16];
	bool bypassed;             /* libcurl tried another address: refused */
};

static curl_socket_t open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct pin *pin = arg;
	const unsigned char *bytes = NULL;
	if (purpose == CURLSOCKTYPE_IPCXN && a->family == AF_INET && pin->family == AF_INET)
		bytes = (const unsigned char *)&((const struct sockaddr_in *)&a->addr)->sin_addr;
	else if (purpose == CURLSOCKTYPE_IPCXN && a->family == AF_INET6 && pin->family == AF_INET6)
		bytes = (const unsigned char *)&((const struct sockaddr_in6 *)&a->addr)->sin6_addr;
	if (!bytes || memcmp(bytes, pin->addr, pin->family == AF_INET ? 4 : 16)) {
		pin->bypassed = true;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* Resolves host, checks every address it has, and pins the first: 0, or a failure in out. */
static int resolve_and_check(const char *host, const char *port, bool allow_private, struct pin *pin, char *text,
			     size_t textsz, tm_send_result *out)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res = NULL;
	int g = getaddrinfo(host, port, &hints, &res);
	if (g) {
		fail(out, false, "cannot resolve '%.200s': %s", host, gai_strerror(g));
		return -1;
	}
	int rc = 0;
	pin->family = 0;
	for (struct addrinfo *ai = res; ai && !rc; ai = ai->ai_next) {
		const unsigned char *bytes;
		size_t len;
		if (ai->ai_family == AF_INET) {
			bytes = (const unsigned char *)&((const struct sockaddr_in *)ai->ai_addr)->sin_addr;
			len = 4;
		} else if (ai->ai_family == AF_INET6) {
			bytes = (const unsigned char *)&((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
			len = 16;
		} else {
			continue;
		}
		char shown[INET6_ADDRSTRLEN];
		inet_ntop(ai->ai_family, bytes, shown, sizeof(shown));
		const char *why = tm_netaddr_private(bytes, len);
		if (why && !allow_private) {
			fail(out, true, "refused: '%.200s' is %s (%s); the webhook does not allow private addresses", host, shown,
			     why);
			rc = -1;
		} else if (!pin->family) {
			pin->family = ai->ai_family;
			memcpy(pin->addr, bytes, len);
			snprintf(text, textsz, "%s", shown);
		}
	}
	freeaddrinfo(res);
	if (!rc && !pin->family) {
		fail(out, false, "'%.200s' has no IPv4 or IPv6 address", host);
		rc = -1;
	}
	return rc;
}

/* The signature header's value: "sha256=" and hex HMAC-SHA256(secret, stamp "." body). */
static int sign(const char *secret, const char *stamp, const char *body, char out[7 + 65], tm_error *err)
{
	if (tm_sodium_load(err))
		return err->code;
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)stamp, strlen(stamp));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): sodium_bin2hex ends it */
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, 65, mac, sizeof(mac));
	return 0;
}

void tm_send_webhook(const tm_webhook *w, const tm_outbox_item *it, const char *now, tm_send_result *out)
{
	tm_error err = TM_ERROR_INIT;
	CURL *c = NULL;
	CURLU *u = NULL;
	char *scheme = NULL, *host = NULL, *port = NULL;
	struct curl_slist *headers = NULL, *resolve = NULL;
	struct pin pin = { 0 };
	struct answer answer = { .n = 0 };
	tm_buf h = TM_BUF_INIT;
	char errbuf[CURL_ERROR_SIZE] = "", addr[INET6_ADDRSTRLEN] = "", stamp[24], sig[7 + 65];
	int64_t t = 0;
	memset(out, 0, sizeof(*out));
	if (tm_curl_load(&err)) {
		fail(out, false, "%.290s", err.msg);
		return;
	}
	if (!tm_stamp_parse(now, &t))
		t = (int64_t)time(NULL);
	snprintf(stamp, sizeof(stamp), "%lld", (long long)t);
	if (sign(w->secret, stamp, it->body, sig, &err)) {
		fail(out, false, "%.290s", err.msg);
		return;
	}
	/* The URL: http or https, and its host and port. */
	u = curl_url();
	if (!u || curl_url_set(u, CURLUPART_URL, w->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
		fail(out, true, "'%.200s' is not a URL tminus calls", w->url);
		goto out;
	}
	if (strcmp(scheme, "http") && strcmp(scheme, "https")) {
		fail(out, true, "refused: '%s' URLs are not called (http and https only)", scheme);
		goto out;
	}
	/* An IPv6 literal comes in brackets; getaddrinfo wants it bare. */
	char bare[256];
	size_t hl = strlen(host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']')
		snprintf(bare, sizeof(bare), "%.*s", (int)(hl - 2), host + 1);
	else
		snprintf(bare, sizeof(bare), "%s", host);
	if (resolve_and_check(bare, port, w->allow_private, &pin, addr, sizeof(addr), out))
		goto out;
	tm_buf_printf(&h, "%s:%s:%s%s%s", host, port, pin.family == AF_INET6 ? "[" : "", addr,
		      pin.family == AF_INET6 ? "]" : "");
	resolve = curl_slist_append(NULL, h.s);

	if (!(c = curl_easy_init())) {
		fail(out, false, "cannot start libcurl");
		goto out;
	}
#define HEADER(...)                                                      \
	do {                                                             \
		tm_buf_reset(&h);                                        \
		tm_buf_printf(&h, __VA_ARGS__);                          \
		headers = curl_slist_append(headers, h.s);               \
	} while (0)
	HEADER("Content-Type: application/json");
	HEADER("User-Agent: tminus-webhook/1");
	HEADER("X-Tminus-Event: %s", it->event);
	HEADER("X-Tminus-Delivery: %lld", (long long)it->id);
	HEADER("X-Tminus-Timestamp: %s", stamp);
	HEADER("X-Tminus-Signature: %s", sig);
	HEADER("Expect:");
#undef HEADER
	curl_easy_setopt(c, CURLOPT_URL, w->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &pin);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, it->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(it->body));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_answer);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_SECONDS);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, TOTAL_SECONDS);
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	char said[KEEP_BODY + 1];
	one_line(answer.text, said, sizeof(said));
	if (rc != CURLE_OK) {
		char line[CURL_ERROR_SIZE];
		one_line(errbuf[0] ? errbuf : curl_easy_strerror(rc), line, sizeof(line));
		if (pin.bypassed)
			fail(out, true, "refused: the connection went to another address than the one checked (%s)", addr);
		else
			fail(out, false, "%s", line);
	} else if (code >= 300 && code < 400) {
		char *location = NULL;
		curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
		fail(out, false, "HTTP %ld: a redirect to '%.150s', not followed", code, location ? location : "(no Location)");
	} else if (code < 200 || code >= 300) {
		fail(out, false, "HTTP %ld%s%s", code, said[0] ? ": " : "", said);
	} else {
		out->ok = true;
	}
out:
	if (c)
		curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	curl_slist_free_all(resolve);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	if (u)
		curl_url_cleanup(u);
	tm_buf_release(&h);
}
