/*
 * feeds.c - calendars the company subscribes to: /feeds/launches.ics (the
 * portfolio) and /feeds/people/{person}.ics (that person's tasks), each
 * behind the user's feed token in ?token=. A wrong or missing token is a
 * 404, as if the feed did not exist. A weak ETag over the content (not the
 * export time) lets clients poll with If-None-Match cheaply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/internal.h"
#include "present/ics.h"
#include "util/sodium.h"

#include "util/banned.h"

/* From three months back to a year ahead: what a subscribed calendar shows. */
static int feed(struct call *c, const char *person)
{
	tm_user u;
	tm_agenda ag;
	tm_error ignored = TM_ERROR_INIT;
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN], name[TM_NAME_MAX + 40];
	char *text = NULL, *stamped = NULL;
	int rc = tm_app_feed_check(c->app, tm_call_query(c, "token"), &u, &ignored);
	if (rc == TM_EIO) {
		/* The key file beside the database is unreadable or damaged: the operator's to fix, and
		 * its path is not for anonymous clients. */
		fprintf(stderr, "tminus: %s\n", ignored.msg);
		return tm_fail(&c->err, TM_EIO, "the server cannot read its feed key: its log says why");
	}
	if (rc)
		return tm_fail(&c->err, TM_ENOTFOUND, "no such feed");
	tm_agenda_query q = { .from = tm_date_format(c->app->today - 92, from),
			      .to = tm_date_format(c->app->today + 366, to), .person = person };
	rc = tm_app_agenda(c->app, &q, &ag, &c->err);
	if (rc)
		return rc == TM_EINVAL || rc == TM_ENOTFOUND ? tm_fail(&c->err, TM_ENOTFOUND, "no such feed") : rc;
	/* One user's token reads only their own person's feed. */
	if (person && (!u.person_id || ag.person.id != u.person_id)) {
		tm_agenda_release(&ag);
		return tm_fail(&c->err, TM_ENOTFOUND, "no such feed");
	}
	snprintf(name, sizeof(name), "%s", person ? ag.person.name : "Launches");
	rc = tm_ics_agenda(&ag, name, 0, &text, &c->err);
	if (!rc) {
		unsigned char h[16];
		char hex[33], tag[48];
		crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		snprintf(tag, sizeof(tag), "W/\"%s\"", hex);
		tm_reply_header(c->rep, "ETag", tag);
		tm_reply_header(c->rep, "Cache-Control", "private, max-age=300");
		const char *inm = tm_call_header(c, "If-None-Match");
		if (inm && (strstr(inm, hex) || !strcmp(inm, "*"))) {
			tm_reply_text(c->rep, 304, "text/calendar; charset=utf-8", "", 0);
		} else if (!(rc = tm_ics_agenda(&ag, name, time(NULL), &stamped, &c->err))) {
			tm_reply_text(c->rep, 200, "text/calendar; charset=utf-8", stamped, strlen(stamped));
		}
	}
	free(text);
	free(stamped);
	tm_agenda_release(&ag);
	return rc;
}

static int h_launches(struct call *c)
{
	return feed(c, NULL);
}

static int h_person(struct call *c)
{
	return feed(c, c->param[0]);
}

const struct tm_route tm_routes_feeds[] = {
	{ "GET", "/feeds/launches.ics", h_launches, TM_OPEN },
	{ "GET", "/feeds/people/:.ics", h_person, TM_OPEN },
	{ NULL, NULL, NULL, 0 },
};
