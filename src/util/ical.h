/*
 * ical.h - libical, loaded when first needed.
 *
 * libical pulls in ICU and libstdc++, which cost every process about 3 ms
 * at start-up: more than half of what a small command takes. Only the
 * iCalendar commands need it, so tminus opens it with dlopen() on first use
 * and calls it through this table, keeping libical's own headers for the
 * types. Everything else starts without it.
 *
 *   const struct tm_ical *ic;
 *   if (tm_ical_load(&ic, err)) return err->code;
 *   icalcomponent *cal = ic->icalcomponent_new_vcalendar();
 */
#ifndef TM_UTIL_ICAL_H
#define TM_UTIL_ICAL_H

#include <libical/ical.h>

#include "util/error.h"

#define TM_ICAL_FUNCS(X)                         \
	X(icalcomponent_add_component)           \
	X(icalcomponent_add_property)            \
	X(icalcomponent_as_ical_string_r)        \
	X(icalcomponent_free)                    \
	X(icalcomponent_get_dtend)               \
	X(icalcomponent_get_dtstart)             \
	X(icalcomponent_get_first_component)     \
	X(icalcomponent_get_first_property)      \
	X(icalcomponent_get_next_component)      \
	X(icalcomponent_get_summary)             \
	X(icalcomponent_isa)                     \
	X(icalcomponent_new_vcalendar)           \
	X(icalcomponent_new_vevent)              \
	X(icalcomponent_new_vtodo)               \
	X(icalerror_set_errors_are_fatal)        \
	X(icalparser_parse_string)               \
	X(icalproperty_get_rrule)                \
	X(icalproperty_new_calscale)             \
	X(icalproperty_new_description)          \
	X(icalproperty_new_dtend)                \
	X(icalproperty_new_dtstamp)              \
	X(icalproperty_new_dtstart)              \
	X(icalproperty_new_due)                  \
	X(icalproperty_new_method)               \
	X(icalproperty_new_prodid)               \
	X(icalproperty_new_rrule)                \
	X(icalproperty_new_sequence)             \
	X(icalproperty_new_status)               \
	X(icalproperty_new_summary)              \
	X(icalproperty_new_transp)               \
	X(icalproperty_new_uid)                  \
	X(icalproperty_new_version)              \
	X(icalproperty_new_x)                    \
	X(icalproperty_set_x_name)               \
	X(icalrecur_iterator_free)               \
	X(icalrecur_iterator_new)                \
	X(icalrecur_iterator_next)               \
	X(icalrecurrencetype_clear)              \
	X(icaltime_from_timet_with_zone)         \
	X(icaltime_is_null_time)                 \
	X(icaltime_null_date)                    \
	X(icaltimezone_get_utc_timezone)

struct tm_ical {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): a declarator, not an expression */
#define X(name) __typeof__(&name) name;
	TM_ICAL_FUNCS(X)
#undef X
};

/* Opens libical once, whichever thread asks first (later calls return the same table). */
int tm_ical_load(const struct tm_ical **out, tm_error *err);

#endif
