/*
 * banned.h - C library functions tminus does not call, as git's banned.h:
 * a call to one fails to compile, and the error names it
 * ("'sorry_strcpy_is_a_banned_function' undeclared").
 *
 * Each is easy to get wrong and each has a form that is not:
 *
 *   strcpy, strcat     no bound: snprintf(dst, sizeof(dst), "%s", src), or a tm_buf.
 *   strncpy            leaves dst without its NUL when src fills it, and pads the
 *                      rest with zeros: the same snprintf.
 *   strncat            its n is the room left for src (minus the NUL), not dst's
 *                      size: the off-by-one it invites is the overflow it was meant
 *                      to prevent. snprintf at dst + len, or a tm_buf.
 *   sprintf, vsprintf  no bound: snprintf, vsnprintf, tm_buf_printf.
 *   gets               no bound at all (gone from C11): fgets.
 *   atoi, atol, atoll  "12abc" is 12 and "abc" is 0, silently, and overflow is
 *                      undefined: strtol with an end pointer and errno
 *                      (tm_parse_int), as every number a user types is read.
 *   strtok             a hidden static cursor: wrong in the server's threads and
 *                      in any nested loop; strtok_r, strcspn, or a parser.
 *   gmtime, localtime  a shared static struct tm, overwritten by any other thread
 *   ctime, asctime     (the server has several): gmtime_r, localtime_r, and
 *                      strftime into a buffer of the caller's.
 *
 * Where it is included, and why there. A function-like macro only replaces a
 * name followed by '(' that comes after it, and a system header that declares
 * or defines one of these functions (string.h's prototype of strcpy, the
 * inline sprintf of _FORTIFY_SOURCE's bits/stdio2.h) must not see these
 * macros, or it would no longer compile. So, as git does (last in
 * git-compat-util.h), this header comes after every system header: it is the
 * last #include of each .c file under src/, tests/unit/, tests/fuzz/ and
 * bench/. A single forced include (-include util/banned.h) was the other way
 * considered and refused: the compiler reads it before the file's first
 * line, so either it includes the system headers itself first, and then a file
 * that sets a feature macro of its own before its includes (src/http/hasher.c
 * defines _GNU_SOURCE for SCHED_IDLE) gets headers already read without it,
 * or it does not, and the system headers read after it break. Each file's own
 * last line is the one place guaranteed to follow every header it reads, and
 * tests/build/test_banned.py fails the build's tests for a .c file whose last
 * #include is not this one, and proves that each banned call fails to compile.
 *
 * A header of the project included before it may still use a banned name in
 * an inline function or a macro; none does, and review catches a new one.
 */
#ifndef TM_UTIL_BANNED_H
#define TM_UTIL_BANNED_H

#define TM_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) TM_BANNED(strcpy)
#undef strcat
#define strcat(x, y) TM_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) TM_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) TM_BANNED(strncat)

#undef sprintf
#define sprintf(...) TM_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) TM_BANNED(vsprintf)
#undef gets
#define gets(x) TM_BANNED(gets)

#undef atoi
#define atoi(x) TM_BANNED(atoi)
#undef atol
#define atol(x) TM_BANNED(atol)
#undef atoll
#define atoll(x) TM_BANNED(atoll)

#undef strtok
#define strtok(x, y) TM_BANNED(strtok)

#undef gmtime
#define gmtime(t) TM_BANNED(gmtime)
#undef localtime
#define localtime(t) TM_BANNED(localtime)
#undef ctime
#define ctime(t) TM_BANNED(ctime)
#undef asctime
#define asctime(t) TM_BANNED(asctime)

#endif
