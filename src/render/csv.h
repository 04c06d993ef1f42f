/*
 * csv.h - CSV written for spreadsheets (RFC 4180): fields separated by commas,
 * rows ended by CRLF, a field quoted when it holds a comma, a quote, CR or
 * LF (its quotes doubled). A cell that begins with '=', '+', '-', '@', a tab
 * or CR is a formula to Excel, Sheets and LibreOffice ("CSV injection"): it
 * is written with a leading "'" so that they show it as text instead of
 * running it.
 *
 *   tm_csv_cell(&b, "Title", true);   // first cell of a row
 *   tm_csv_cell(&b, "=1+1", false);   // ,'=1+1
 *   tm_csv_end(&b);                   // \r\n
 */
#ifndef TM_RENDER_CSV_H
#define TM_RENDER_CSV_H

#include <stdbool.h>

#include "util/buf.h"

/* Does a cell with this text begin like a formula (and so gets a leading "'")? */
bool tm_csv_formula_like(const char *s);
/* Appends one cell (NULL: empty), preceded by a comma unless first. */
void tm_csv_cell(tm_buf *b, const char *s, bool first);
/* Ends the row (CRLF). */
void tm_csv_end(tm_buf *b);
/* A whole row of n cells, ended. */
void tm_csv_write_row(tm_buf *b, const char *const *cells, int n);

#endif
