/*
 * pages.c - the HTML the server shows a person: the sign-in page, the page
 * where one chooses a password (where a one-time password leads), and the
 * web UI's index.html at each of its pages' paths (assets.c serves the rest
 * of the bundle). In the sign-in and password pages every byte of user text
 * goes through tm_buf_add_html; their one stylesheet is inline and allowed
 * by its hash in their Content-Security-Policy, which is otherwise as strict
 * as everywhere else: no script, and requests only to this origin.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "http/assets.h"
#include "http/internal.h"
#include "util/sodium.h"

#include "util/banned.h"

static const char style[] =
	"body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;"
	"background:#f4f5f7;color:#1d2330;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
	"main{background:#fff;border:1px solid #dfe2e8;border-radius:10px;padding:2rem 2.25rem;width:20rem;"
	"box-shadow:0 2px 10px rgba(20,30,50,.06)}"
	"h1{margin:0 0 .2rem;font-size:1.5rem;letter-spacing:.02em}h1 span{color:#d9480f}"
	"p.sub{margin:0 0 1.5rem;color:#5b6476;font-size:.9rem}"
	"label{display:block;font-size:.85rem;font-weight:600;margin:.9rem 0 .3rem}"
	"input{box-sizing:border-box;width:100%;padding:.55rem .65rem;border:1px solid #c5cad3;border-radius:6px;"
	"font:inherit}input:focus{outline:2px solid #4c6ef5;border-color:#4c6ef5}"
	"button{margin-top:1.4rem;width:100%;padding:.6rem;border:0;border-radius:6px;background:#1d2330;color:#fff;"
	"font:inherit;font-weight:600;cursor:pointer}button:hover{background:#343b4d}"
	"button.secondary{background:#fff;color:#1d2330;border:1px solid #c5cad3}button.secondary:hover{background:#f4f5f7}"
	".error{margin:0 0 1rem;padding:.6rem .75rem;border-radius:6px;background:#fff0f0;color:#a61e1e;"
	"font-size:.9rem}.note{margin:0 0 1rem;padding:.6rem .75rem;border-radius:6px;background:#eef3ff;"
	"color:#1d3a8a;font-size:.9rem}p.hint{margin:.3rem 0 0;color:#5b6476;font-size:.8rem}"
	"ul{padding-left:1.2rem}a{color:#364fc7}";

static char csp[300];
static pthread_once_t csp_once = PTHREAD_ONCE_INIT;

/* The pages' policy: the default one, and this stylesheet by its SHA-256. */
static void make_csp(void)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	crypto_hash_sha256(h, (const unsigned char *)style, sizeof(style) - 1);
	sodium_bin2base64(b64, sizeof(b64), h, sizeof(h), sodium_base64_VARIANT_ORIGINAL);
	snprintf(csp, sizeof(csp), "default-src 'none'; style-src 'sha256-%s'; connect-src 'self'; form-action 'self'; "
		 "frame-ancestors 'none'; base-uri 'none'", b64);
}

static void page(struct call *c, const char *title, const tm_buf *body)
{
	tm_buf b = TM_BUF_INIT;
	pthread_once(&csp_once, make_csp);
	tm_buf_adds(&b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	tm_buf_add_html(&b, title);
	tm_buf_printf(&b, " · tminus</title><style>%s</style></head>\n<body><main>\n<h1>t<span>minus</span></h1>\n", style);
	tm_buf_add(&b, body->s, body->len);
	tm_buf_adds(&b, "</main></body></html>\n");
	tm_reply_text(c->rep, 200, "text/html; charset=utf-8", b.s, b.len);
	tm_reply_header(c->rep, "Content-Security-Policy", csp);
	tm_buf_release(&b);
}

static int h_login_page(struct call *c)
{
	const char *error = tm_call_query(c, "error");
	tm_buf b = TM_BUF_INIT;
	tm_buf_adds(&b, "<p class=\"sub\">Launch coordination for the whole team</p>\n");
	if (error && !strcmp(error, "signin"))
		tm_buf_adds(&b, "<p class=\"error\" role=\"alert\">Unknown user or wrong password.</p>\n");
	else if (error && !strcmp(error, "wait"))
		tm_buf_adds(&b, "<p class=\"error\" role=\"alert\">Too many failed sign-ins from here: wait a little and "
				"try again.</p>\n");
	const char *next = tm_call_query(c, "next");
	tm_buf_adds(&b, "<form method=\"post\" action=\"/login\">\n");
	if (next && tm_next_ok(next)) {
		tm_buf_adds(&b, "<input type=\"hidden\" name=\"next\" value=\"");
		tm_buf_add_html(&b, next);
		tm_buf_adds(&b, "\">\n");
	}
	tm_buf_adds(&b, ""
			"<label for=\"user\">User</label><input id=\"user\" name=\"user\" autocomplete=\"username\" "
			"autocapitalize=\"none\" required autofocus>\n"
			"<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" "
			"autocomplete=\"current-password\" required>\n"
			"<button type=\"submit\">Sign in</button>\n</form>\n");
	page(c, "Sign in", &b);
	tm_buf_release(&b);
	return 0;
}

static void see_other(struct call *c, const char *where)
{
	char text[64 + TM_NEXT_MAX];
	int n = snprintf(text, sizeof(text), "see %s\n", where);
	tm_reply_header(c->rep, "Location", where);
	tm_reply_text(c->rep, 303, "text/plain; charset=utf-8", text, n < (int)sizeof(text) ? (size_t)n : strlen(text));
}

/* What went wrong with the password form, by the code auth.c sends back. */
static const struct {
	const char *code, *text;
} password_errors[] = {
	{ "current", "The current password is wrong." },
	{ "new", "The new password must have 8 to 1024 characters." },
	{ "same", "The new password must differ from the current one." },
	{ "repeat", "The new password and its repetition differ." },
	{ "missing", "Fill in every field." },
	{ "wait", "Too many attempts at once or from here: wait a little and try again." },
};

/* GET /password: choose a password; where a one-time password leads after sign-in. */
static int h_password_page(struct call *c)
{
	const char *error = tm_call_query(c, "error");
	tm_buf b = TM_BUF_INIT;
	if (!c->who.known) {
		see_other(c, "/login");
		return 0;
	}
	tm_buf_adds(&b, "<p class=\"sub\">Choose a password for <strong>");
	tm_buf_add_html(&b, c->who.user.name);
	tm_buf_adds(&b, "</strong></p>\n");
	if (c->who.user.must_change_password)
		tm_buf_adds(&b, "<p class=\"note\" role=\"status\">You signed in with a one-time password. Choose your own "
				"to go on: nothing else opens until you do.</p>\n");
	for (size_t i = 0; error && i < sizeof(password_errors) / sizeof(password_errors[0]); i++)
		if (!strcmp(error, password_errors[i].code))
			tm_buf_printf(&b, "<p class=\"error\" role=\"alert\">%s</p>\n", password_errors[i].text);
	tm_buf_adds(&b, "<form method=\"post\" action=\"/api/v1/me/password\">\n"
			"<input type=\"text\" name=\"user\" autocomplete=\"username\" value=\"");
	tm_buf_add_html(&b, c->who.user.name);
	tm_buf_adds(&b, "\" hidden>\n<label for=\"current\">Current password</label><input id=\"current\" name=\"current\" "
			"type=\"password\" autocomplete=\"current-password\" required autofocus>\n"
			"<label for=\"new\">New password</label><input id=\"new\" name=\"new\" type=\"password\" "
			"autocomplete=\"new-password\" minlength=\"8\" maxlength=\"1024\" required>\n"
			"<p class=\"hint\">At least 8 characters; a few unrelated words make a good one.</p>\n"
			"<label for=\"repeat\">New password again</label><input id=\"repeat\" name=\"repeat\" type=\"password\" "
			"autocomplete=\"new-password\" minlength=\"8\" maxlength=\"1024\" required>\n");
	if (c->who.via_cookie) {
		char csrf[TM_SESSION_TEXT];
		tm_app_session_csrf(c->who.session, csrf);
		tm_buf_adds(&b, "<input type=\"hidden\" name=\"csrf\" value=\"");
		tm_buf_add_html(&b, csrf);
		tm_buf_adds(&b, "\">\n");
	}
	tm_buf_adds(&b, "<button type=\"submit\">Set password</button>\n</form>\n");
	if (c->who.via_cookie) {
		char csrf[TM_SESSION_TEXT];
		tm_app_session_csrf(c->who.session, csrf);
		tm_buf_adds(&b, "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"");
		tm_buf_add_html(&b, csrf);
		tm_buf_adds(&b, "\"><button type=\"submit\" class=\"secondary\">Sign out</button></form>\n");
	}
	page(c, "Choose a password", &b);
	tm_buf_release(&b);
	return 0;
}

/* The web UI's policy: scripts and styles from this origin's files only (no inline script or
 * style, no eval), requests to this origin only. */
static const char app_csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
			      "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/*
 * The web UI: every page of it is index.html (the script routes by path).
 * Someone not signed in goes to the sign-in page, someone with a one-time
 * password to the page where they choose their own.
 */
static int h_app(struct call *c)
{
	if (!c->who.known) {
		/* Back here after signing in: a shared link to a launch opens the launch. */
		char to[32 + TM_NEXT_MAX];
		snprintf(to, sizeof(to), "/login?next=%s", c->url);
		see_other(c, strcmp(c->url, "/") && tm_next_ok(c->url) ? to : "/login");
		return 0;
	}
	if (c->who.user.must_change_password) {
		see_other(c, "/password");
		return 0;
	}
	const struct tm_asset *index = tm_asset_find("/index.html");
	if (!index)
		return tm_fail(&c->err, TM_EINTERNAL, "this binary was built without its web UI");
	tm_asset_reply(c, index, "no-store");
	tm_reply_header(c->rep, "Content-Security-Policy", app_csp);
	return 0;
}

/* A browser's address that is no page: said in a page with a way home, not as JSON. */
void tm_page_not_found(struct tm_reply *rep, const char *path)
{
	struct call c = { .rep = rep };
	tm_buf b = TM_BUF_INIT;
	tm_buf_adds(&b, "<p class=\"sub\">No page of tminus is at <code>");
	tm_buf_add_html(&b, path);
	tm_buf_adds(&b, "</code>.</p>\n<p><a href=\"/\">The portfolio</a> lists every launch.</p>\n");
	page(&c, "Not found", &b);
	rep->status = 404;
	tm_buf_release(&b);
}

const struct tm_route tm_routes_pages[] = {
	{ "GET", "/", h_app, TM_OPEN },
	{ "GET", "/launches", h_app, TM_OPEN },
	{ "GET", "/launches/:", h_app, TM_OPEN },
	{ "GET", "/launches/:/delay", h_app, TM_OPEN },
	{ "GET", "/launches/:/import", h_app, TM_OPEN },
	{ "GET", "/dashboard", h_app, TM_OPEN },
	{ "GET", "/backlog", h_app, TM_OPEN },
	{ "GET", "/experiments", h_app, TM_OPEN },
	{ "GET", "/experiments/:", h_app, TM_OPEN },
	{ "GET", "/roadmap", h_app, TM_OPEN },
	{ "GET", "/glossary", h_app, TM_OPEN },
	{ "GET", "/decisions", h_app, TM_OPEN },
	{ "GET", "/my", h_app, TM_OPEN },
	{ "GET", "/people", h_app, TM_OPEN },
	{ "GET", "/settings", h_app, TM_OPEN },
	{ "GET", "/login", h_login_page, TM_OPEN },
	{ "GET", "/password", h_password_page, TM_OPEN },
	{ NULL, NULL, NULL, 0 },
};
