/*
 * date.c - civil-date arithmetic (Howard Hinnant's days-from-civil
 * algorithms), working-day steps and launch offsets.
 */
#include "core/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int tm_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

bool tm_date_valid_ymd(int y, int m, int d)
{
	return y >= TM_DATE_MIN_YEAR && y <= TM_DATE_MAX_YEAR && m >= 1 && m <= 12 &&
	       d >= 1 && d <= tm_days_in_month(y, m);
}

bool tm_date_in_range(tm_date date)
{
	return date >= tm_date_from_ymd(TM_DATE_MIN_YEAR, 1, 1) && date <= tm_date_from_ymd(TM_DATE_MAX_YEAR, 12, 31);
}

tm_date tm_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void tm_date_to_ymd(tm_date z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parses YYYY-MM-DD; in_range refuses a date outside the range tminus plans. */
static int parse(const char *s, bool in_range, tm_date *out, tm_error *err)
{
	if (!s || !*s)
		return tm_fail(err, TM_EINVAL, "missing date (expected YYYY-MM-DD)");
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return tm_fail(err, TM_EINVAL, "invalid date '%.40s': expected YYYY-MM-DD", s);
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return tm_fail(err, TM_EINVAL, "invalid date '%s': expected YYYY-MM-DD", s);
	if (in_range && (y < TM_DATE_MIN_YEAR || y > TM_DATE_MAX_YEAR))
		return tm_fail(err, TM_EINVAL, "date %s is out of range: tminus plans dates from %s", s, TM_DATE_RANGE_TEXT);
	if (m < 1 || m > 12)
		return tm_fail(err, TM_EINVAL, "invalid date '%s': there is no month %d", s, m);
	if (d < 1 || d > tm_days_in_month(y, m))
		return tm_fail(err, TM_EINVAL, "invalid date '%s': month %d of %d has %d days",
			       s, m, y, tm_days_in_month(y, m));
	*out = tm_date_from_ymd(y, m, d);
	return 0;
}

int tm_date_parse(const char *s, tm_date *out, tm_error *err)
{
	return parse(s, true, out, err);
}

int tm_date_parse_any(const char *s, tm_date *out, tm_error *err)
{
	return parse(s, false, out, err);
}

char *tm_date_format(tm_date date, char *buf)
{
	int y, m, d;
	/* Four digits for the year: clamp the whole date, so what is written is still a date. */
	if (date < tm_date_from_ymd(0, 1, 1))
		date = tm_date_from_ymd(0, 1, 1);
	else if (date > tm_date_from_ymd(9999, 12, 31))
		date = tm_date_from_ymd(9999, 12, 31);
	tm_date_to_ymd(date, &y, &m, &d);
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

int tm_date_weekday(tm_date date)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int w = (date + 3) % 7;
	if (w < 0)
		w += 7;
	return w + 1;
}

tm_date tm_date_add_months(tm_date date, int months)
{
	int y, m, d;
	tm_date_to_ymd(date, &y, &m, &d);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	int dim = tm_days_in_month(y, m);
	return tm_date_from_ymd(y, m, d > dim ? dim : d);
}

void tm_date_iso_week(tm_date date, int *year, int *week)
{
	/* The Thursday of this week decides the ISO year. */
	tm_date thu = date - (tm_date_weekday(date) - 4);
	int y, m, d;
	tm_date_to_ymd(thu, &y, &m, &d);
	*year = y;
	*week = (thu - tm_date_from_ymd(y, 1, 1)) / 7 + 1;
}

/* The index of the first holiday on or after date. */
static size_t holiday_lower_bound(const tm_calendar *cal, tm_date date)
{
	size_t lo = 0, hi = cal->n_holidays;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->holidays[mid] < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool tm_cal_is_holiday(const tm_calendar *cal, tm_date date)
{
	if (!cal || !cal->n_holidays)
		return false;
	size_t lo = holiday_lower_bound(cal, date);
	return lo < cal->n_holidays && cal->holidays[lo] == date;
}

bool tm_cal_is_workday(const tm_calendar *cal, tm_date date)
{
	return tm_date_weekday(date) <= 5 && !tm_cal_is_holiday(cal, date);
}

tm_date tm_cal_workday_on_or_before(const tm_calendar *cal, tm_date date)
{
	/* Bounded: a calendar with a year of holidays is a user error, not a hang. */
	for (int i = 0; i < 3660 && !tm_cal_is_workday(cal, date); i++)
		date--;
	return date;
}

tm_date tm_cal_workday_on_or_after(const tm_calendar *cal, tm_date date)
{
	for (int i = 0; i < 3660 && !tm_cal_is_workday(cal, date); i++)
		date++;
	return date;
}

tm_date tm_cal_add_workdays(const tm_calendar *cal, tm_date date, int n)
{
	int step = n < 0 ? -1 : 1;
	int left = n < 0 ? -n : n;
	/* Whole weeks first when there are no holidays: 5 working days = 7 days. */
	if (!cal || !cal->n_holidays) {
		while (left > 5 && tm_cal_is_workday(cal, date)) {
			date += 7 * step;
			left -= 5;
		}
	}
	while (left > 0) {
		date += step;
		if (tm_cal_is_workday(cal, date))
			left--;
	}
	return date;
}

/*
 * Counted, not walked: the weekdays of whole weeks, the few days left, less the holidays on
 * weekdays in between. Plans and the load call it for every task, over spans of years.
 */
int tm_cal_workdays_between(const tm_calendar *cal, tm_date a, tm_date b)
{
	int sign = 1;
	if (b < a) {
		tm_date t = a;
		a = b;
		b = t;
		sign = -1;
	}
	int days = b - a, n = days / 7 * 5;
	for (tm_date d = a + 1 + days / 7 * 7; d <= b; d++)
		n += tm_date_weekday(d) <= 5;
	if (cal && cal->n_holidays)
		for (size_t i = holiday_lower_bound(cal, a + 1); i < cal->n_holidays && cal->holidays[i] <= b; i++)
			if (tm_date_weekday(cal->holidays[i]) <= 5 && (i == 0 || cal->holidays[i - 1] != cal->holidays[i]))
				n--;
	return sign * n;
}

int tm_offset_parse(const char *s, tm_offset *out, tm_error *err)
{
	if (!s || !*s)
		return tm_fail(err, TM_EINVAL, "missing offset (expected T, T-3w, T+10d, T-5bd, T+1m or T+1q)");
	if (s[0] != 'T' && s[0] != 't')
		return tm_fail(err, TM_EINVAL, "invalid offset '%.40s': an offset starts with T (T-3w, T+10d)", s);
	if (s[1] == '\0') {
		out->amount = 0;
		out->unit = TM_UNIT_DAY;
		return 0;
	}
	if (s[1] != '+' && s[1] != '-')
		return tm_fail(err, TM_EINVAL, "invalid offset '%.40s': expected + or - after T", s);
	int sign = s[1] == '-' ? -1 : 1;
	const char *p = s + 2;
	int amount = 0, nd = 0;
	while (isdigit((unsigned char)*p)) {
		if (++nd > 3)
			return tm_fail(err, TM_EINVAL, "invalid offset '%.40s': at most %d units from T",
				       s, TM_OFFSET_MAX_AMOUNT);
		amount = amount * 10 + (*p++ - '0');
	}
	if (nd == 0)
		return tm_fail(err, TM_EINVAL, "invalid offset '%.40s': expected a number after '%c'", s, s[1]);
	char unit;
	if (strcmp(p, "d") == 0)
		unit = TM_UNIT_DAY;
	else if (strcmp(p, "bd") == 0)
		unit = TM_UNIT_BDAY;
	else if (strcmp(p, "w") == 0)
		unit = TM_UNIT_WEEK;
	else if (strcmp(p, "m") == 0)
		unit = TM_UNIT_MONTH;
	else if (strcmp(p, "q") == 0)
		unit = TM_UNIT_QUARTER;
	else
		return tm_fail(err, TM_EINVAL,
			       "invalid offset '%.40s': unit must be d (days), bd (working days), w (weeks), m (months) or q (quarters)",
			       s);
	out->amount = sign * amount;
	out->unit = (char)(amount ? unit : TM_UNIT_DAY);
	return 0;
}

char *tm_offset_format(const tm_offset *off, char *buf)
{
	if (off->amount == 0) {
		snprintf(buf, TM_OFFSET_STRLEN, "T");
		return buf;
	}
	snprintf(buf, TM_OFFSET_STRLEN, "T%c%d%s", off->amount < 0 ? '-' : '+',
		 off->amount < 0 ? -off->amount : off->amount,
		 off->unit == TM_UNIT_BDAY ? "bd" : (char[]){ off->unit, '\0' });
	return buf;
}

tm_date tm_offset_resolve(const tm_offset *off, tm_date t, const tm_calendar *cal)
{
	if (off->amount == 0)
		return t;
	tm_date d = t;
	switch (off->unit) {
	case TM_UNIT_DAY: d = t + off->amount; break;
	case TM_UNIT_WEEK: d = t + 7 * off->amount; break;
	case TM_UNIT_MONTH: d = tm_date_add_months(t, off->amount); break;
	case TM_UNIT_QUARTER: d = tm_date_add_months(t, 3 * off->amount); break;
	case TM_UNIT_BDAY: d = tm_cal_add_workdays(cal, t, off->amount); break;
	default: break;
	}
	if (tm_cal_is_workday(cal, d))
		return d;
	return off->amount < 0 ? tm_cal_workday_on_or_before(cal, d) : tm_cal_workday_on_or_after(cal, d);
}

int tm_offset_resolve_in_range(const tm_offset *off, tm_date t, const tm_calendar *cal, tm_date *out, tm_error *err)
{
	tm_date d = tm_offset_resolve(off, t, cal);
	if (!tm_date_in_range(d)) {
		char o[TM_OFFSET_STRLEN], a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
		return tm_fail(err, TM_EINVAL, "%s from launch day %s falls on %s: tminus plans dates from %s",
			       tm_offset_format(off, o), tm_date_format(t, a), tm_date_format(d, b), TM_DATE_RANGE_TEXT);
	}
	*out = d;
	return 0;
}

int tm_due_parse(const char *s, tm_due *out, tm_error *err)
{
	memset(out, 0, sizeof(*out));
	if (s && (s[0] == 'T' || s[0] == 't')) {
		out->is_offset = true;
		return tm_offset_parse(s, &out->offset, err);
	}
	if (s && isdigit((unsigned char)s[0]))
		return tm_date_parse(s, &out->date, err);
	return tm_fail(err, TM_EINVAL, "invalid due '%.40s': expected a date (YYYY-MM-DD) or an offset from T (T-3w, T+10d, T-5bd)",
		       s ? s : "");
}

/* ---- quarters ---- */

/* Reads "2027", the year of a quarter; p moves past it. */
static bool read_year(const char **p, int *year)
{
	int y = 0, n = 0;
	while (isdigit((unsigned char)**p) && n < 5) {
		y = y * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*year = y;
	return n == 4;
}

/* Reads "q1" / "Q1"; p moves past it. */
static bool read_quarter(const char **p, int *q)
{
	if (**p != 'q' && **p != 'Q')
		return false;
	(*p)++;
	if (**p < '1' || **p > '4')
		return false;
	*q = **p - '0';
	(*p)++;
	return true;
}

int tm_quarter_parse(const char *s, int *year, int *q, tm_error *err)
{
	const char *p = s;
	int y = 0, k = 0;
	bool ok;
	if (*p == 'q' || *p == 'Q') {
		ok = read_quarter(&p, &k);
		if (ok && (*p == ' ' || *p == '-'))
			p++;
		ok = ok && read_year(&p, &y);
	} else {
		ok = read_year(&p, &y);
		if (ok && (*p == ' ' || *p == '-'))
			p++;
		ok = ok && read_quarter(&p, &k);
	}
	if (!ok || *p)
		return tm_fail_field(err, TM_EINVAL, "quarter", "invalid quarter '%.40s': write it 2027Q1, 2027-Q1 or Q1 2027", s);
	if (y < TM_DATE_MIN_YEAR || y > TM_DATE_MAX_YEAR)
		return tm_fail_field(err, TM_EINVAL, "quarter", "invalid quarter '%.40s': outside the years tminus plans (%s)", s,
				     TM_DATE_RANGE_TEXT);
	*year = y;
	*q = k;
	return 0;
}

char *tm_quarter_format(int year, int q, char *buf)
{
	snprintf(buf, TM_QUARTER_STRLEN, "%04uQ%u", (unsigned)year % 10000u, (unsigned)q % 10u);
	return buf;
}

void tm_quarter_bounds(int year, int q, tm_date *first, tm_date *last)
{
	*first = tm_date_from_ymd(year, 3 * q - 2, 1);
	*last = tm_date_add_months(*first, 3) - 1;
}

void tm_quarter_of(tm_date date, int *year, int *q)
{
	int m, d;
	tm_date_to_ymd(date, year, &m, &d);
	*q = (m - 1) / 3 + 1;
}
