/*
 * pq.h - libpq, loaded when a command or the server first opens a
 * PostgreSQL workspace.
 *
 * Most workspaces are SQLite files, and libpq pulls in OpenSSL, Kerberos and
 * LDAP, which every process would pay to load and relocate; so tminus opens
 * it with dlopen(), as util/sodium.h does libsodium, and calls it through a
 * table. The library's own header still gives the types and constants.
 */
#ifndef TM_UTIL_PQ_H
#define TM_UTIL_PQ_H

#include <libpq-fe.h>

#include "util/error.h"

#define TM_PQ_FUNCS(X) \
	X(PQclear) \
	X(PQcmdStatus) \
	X(PQcmdTuples) \
	X(PQconnectdbParams) \
	X(PQconninfoFree) \
	X(PQconninfoParse) \
	X(PQerrorMessage) \
	X(PQexec) \
	X(PQexecPrepared) \
	X(PQfinish) \
	X(PQfreemem) \
	X(PQgetisnull) \
	X(PQgetResult) \
	X(PQgetlength) \
	X(PQgetvalue) \
	X(PQmakeEmptyPGresult) \
	X(PQntuples) \
	X(PQnfields) \
	X(PQprepare) \
	X(PQreset) \
	X(PQresultErrorField) \
	X(PQresultErrorMessage) \
	X(PQresultStatus) \
	X(PQsendQuery) \
	X(PQsetNoticeProcessor) \
	X(PQstatus) \
	X(PQtransactionStatus) \
	X(PQunescapeBytea) \
	X(PQserverVersion) \
	X(PQescapeIdentifier) \
	X(PQescapeLiteral)

struct tm_pq_api {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): a declarator, not an expression */
#define TM_PQ_PTR(name) __typeof__(&name) name;
	TM_PQ_FUNCS(TM_PQ_PTR)
#undef TM_PQ_PTR
};

/* Opens libpq once (later calls return the first outcome); TM_EIO naming what is missing. */
int tm_pq_load(tm_error *err);

/* The table: loads on first use; its pointers are NULL if loading failed. */
const struct tm_pq_api *tm_pq_api(void);

#ifndef TM_PQ_NO_REDIRECT
#define PQclear (tm_pq_api()->PQclear)
#define PQcmdStatus (tm_pq_api()->PQcmdStatus)
#define PQcmdTuples (tm_pq_api()->PQcmdTuples)
#define PQconnectdbParams (tm_pq_api()->PQconnectdbParams)
#define PQconninfoFree (tm_pq_api()->PQconninfoFree)
#define PQconninfoParse (tm_pq_api()->PQconninfoParse)
#define PQerrorMessage (tm_pq_api()->PQerrorMessage)
#define PQexec (tm_pq_api()->PQexec)
#define PQexecPrepared (tm_pq_api()->PQexecPrepared)
#define PQfinish (tm_pq_api()->PQfinish)
#define PQfreemem (tm_pq_api()->PQfreemem)
#define PQgetisnull (tm_pq_api()->PQgetisnull)
#define PQgetResult (tm_pq_api()->PQgetResult)
#define PQgetlength (tm_pq_api()->PQgetlength)
#define PQgetvalue (tm_pq_api()->PQgetvalue)
#define PQmakeEmptyPGresult (tm_pq_api()->PQmakeEmptyPGresult)
#define PQntuples (tm_pq_api()->PQntuples)
#define PQnfields (tm_pq_api()->PQnfields)
#define PQprepare (tm_pq_api()->PQprepare)
#define PQreset (tm_pq_api()->PQreset)
#define PQresultErrorField (tm_pq_api()->PQresultErrorField)
#define PQresultErrorMessage (tm_pq_api()->PQresultErrorMessage)
#define PQresultStatus (tm_pq_api()->PQresultStatus)
#define PQsendQuery (tm_pq_api()->PQsendQuery)
#define PQsetNoticeProcessor (tm_pq_api()->PQsetNoticeProcessor)
#define PQstatus (tm_pq_api()->PQstatus)
#define PQtransactionStatus (tm_pq_api()->PQtransactionStatus)
#define PQunescapeBytea (tm_pq_api()->PQunescapeBytea)
#define PQserverVersion (tm_pq_api()->PQserverVersion)
#define PQescapeIdentifier (tm_pq_api()->PQescapeIdentifier)
#define PQescapeLiteral (tm_pq_api()->PQescapeLiteral)

#define TM_PQ_STR_(x) #x
#define TM_PQ_STR(x) TM_PQ_STR_(x)
#define TM_PQ_ROUTED(name) \
	_Static_assert(sizeof(TM_PQ_STR(name)) > sizeof(#name), #name " is not routed through tm_pq_api()");
TM_PQ_FUNCS(TM_PQ_ROUTED)
#undef TM_PQ_ROUTED
#endif

#endif
