/* Optional C loops of xlsx_lkjip (the way MarkupSafe ships its speedups): each function below is the hot loop
 * of a pure-Python function that stays beside it, the reference and the fallback, and gives the same result.
 * Whatever a loop here is not sure of, it hands back to Python: read_cells stops at the first cell it does
 * not handle, render_rows calls the Python function for a value of another type.  xlsx_lkjip/speedups.py
 * loads this module (LKJIP_NO_SPEEDUPS=1 turns it off); tests run both ways and compare the bytes. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

static PyObject *S_EMPTY, *S_N, *S_S, *S_T_OPEN, *S_T_CLOSE, *S_IS_CLOSE, *S_V_CLOSE;

/* -- io/xlsx_sheet._read_grid_fast: the cells of one row --------------------------------------------- */

/* A number <v> the Python loop reads as Decimal(raw) with no further step: -?[0-9]+(.[0-9]+)?, at most 15
 * characters (so finite, far below MAX_EXPONENT, and within the 15 digits Excel shows). */
static int simple_number(const char *p, Py_ssize_t n)
{
    Py_ssize_t i = 0, digits = 0;
    if (n > 15 || n == 0)
        return 0;
    if (p[0] == '-')
        i = 1;
    while (i < n && p[i] >= '0' && p[i] <= '9') { i++; digits++; }
    if (!digits)
        return 0;
    if (i < n && p[i] == '.') {
        Py_ssize_t frac = 0;
        i++;
        while (i < n && p[i] >= '0' && p[i] <= '9') { i++; frac++; }
        if (!frac)
            return 0;
    }
    return i == n;
}

/* read_cells(found, cols, r, cells, attrs_cache, shared_strings, Decimal) -> int
 * Stores cells[(r, col)] = (value, kind, False, style) for found[0], found[1], … (tuples of _CELL_RE.findall:
 * token, letters, attributes, <v> text, other content) as the Python loop would, and returns how many it did:
 * it stops at the first cell that has a formula, an inline string, a type other than number or shared
 * string, attributes not yet in attrs_cache (or other than s and t), an entity or a carriage return, or a
 * number that is not plain.  The Python loop reads the rest of the row. */
static PyObject *read_cells(PyObject *self, PyObject *args)
{
    PyObject *found, *cols, *r, *cells, *cache, *strings, *decimal;
    if (!PyArg_ParseTuple(args, "O!O!OO!O!O!O", &PyList_Type, &found, &PyList_Type, &cols, &r, &PyDict_Type,
                          &cells, &PyDict_Type, &cache, &PyList_Type, &strings, &decimal))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(found), i;
    if (PyList_GET_SIZE(cols) < n)
        n = PyList_GET_SIZE(cols);
    for (i = 0; i < n; i++) {
        PyObject *tok = PyList_GET_ITEM(found, i);
        if (!PyTuple_CheckExact(tok) || PyTuple_GET_SIZE(tok) != 5)
            break;
        PyObject *attrs = PyTuple_GET_ITEM(tok, 2), *raw = PyTuple_GET_ITEM(tok, 3), *body = PyTuple_GET_ITEM(tok, 4);
        PyObject *parsed = PyDict_GetItemWithError(cache, attrs);   /* (s, style, t, extra) */
        if (parsed == NULL) {
            if (PyErr_Occurred())
                return NULL;
            break;
        }
        if (!PyTuple_CheckExact(parsed) || PyTuple_GET_SIZE(parsed) != 4)
            break;
        PyObject *style = PyTuple_GET_ITEM(parsed, 1), *t = PyTuple_GET_ITEM(parsed, 2), *extra = PyTuple_GET_ITEM(parsed, 3);
        if (!PyUnicode_CheckExact(t) || !PyUnicode_CheckExact(extra) || PyUnicode_GET_LENGTH(extra) != 0
                || !PyUnicode_CheckExact(raw) || !PyUnicode_CheckExact(body) || !PyUnicode_IS_ASCII(raw))
            break;
        Py_ssize_t tlen = PyUnicode_GET_LENGTH(t);
        const char *tt = (const char *)PyUnicode_DATA(t);
        int is_string = tlen == 1 && tt[0] == 's';
        if (!(tlen == 0 || is_string || (tlen == 1 && tt[0] == 'n')))
            break;
        Py_ssize_t rlen = PyUnicode_GET_LENGTH(raw);
        if (PyUnicode_GET_LENGTH(body)) {
            if (PyUnicode_FindChar(body, '<', 0, PyUnicode_GET_LENGTH(body), 1) != -1)
                break;            /* a child element: the Python loop */
            rlen = 0;             /* no child element: a (styled) blank */
        }
        PyObject *value, *kind;
        if (rlen == 0) {
            value = Py_None;
            Py_INCREF(value);
            kind = S_EMPTY;
        } else {
            const char *p = (const char *)PyUnicode_DATA(raw);
            if (is_string) {
                Py_ssize_t idx = 0, k;
                if (rlen > 9)
                    break;
                for (k = 0; k < rlen; k++) {
                    if (p[k] < '0' || p[k] > '9')
                        break;
                    idx = idx * 10 + (p[k] - '0');
                }
                if (k < rlen)
                    break;
                value = idx < PyList_GET_SIZE(strings) ? PyList_GET_ITEM(strings, idx) : S_EMPTY;
                Py_INCREF(value);
                kind = S_S;
            } else {
                if (!simple_number(p, rlen))
                    break;
                value = PyObject_CallOneArg(decimal, raw);
                if (value == NULL)
                    return NULL;
                kind = S_N;
            }
        }
        PyObject *key = PyTuple_Pack(2, r, PyList_GET_ITEM(cols, i));
        PyObject *cell = PyTuple_Pack(4, value, kind, Py_False, style);
        Py_DECREF(value);
        if (key == NULL || cell == NULL || PyDict_SetItem(cells, key, cell) < 0) {
            Py_XDECREF(key);
            Py_XDECREF(cell);
            return NULL;
        }
        Py_DECREF(key);
        Py_DECREF(cell);
    }
    return PyLong_FromSsize_t(i);
}


/* scan_row(body) -> list | None: _CELL_RE.findall(body) when the cells cover the whole row body, one after
 * another (what Excel, LibreOffice, openpyxl and xlsxwriter write); None for anything else (whitespace
 * between cells, a cell the pattern does not take), which the Python code then reads with the patterns. */
static PyObject *scan_row(PyObject *self, PyObject *body)
{
    if (!PyUnicode_Check(body)) {
        PyErr_SetString(PyExc_TypeError, "scan_row needs a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(body);
    const void *d = PyUnicode_DATA(body);
    Py_ssize_t n = PyUnicode_GET_LENGTH(body), p = 0;
#define CH(i) PyUnicode_READ(kind, d, (i))
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    while (p < n) {
        Py_ssize_t q = p, letters, digits, attrs, raw0 = 0, raw1 = 0, con0 = 0, con1 = 0, end;
        if (n - p < 6 || CH(p) != '<' || CH(p + 1) != 'c' || CH(p + 2) != ' ' || CH(p + 3) != 'r'
                || CH(p + 4) != '=' || CH(p + 5) != '"')
            goto none;
        q = letters = p + 6;
        while (q < n && CH(q) >= 'A' && CH(q) <= 'Z')
            q++;
        if (q == letters || q - letters > 3)
            goto none;
        digits = q;
        while (q < n && CH(q) >= '0' && CH(q) <= '9')
            q++;
        if (q == digits || q >= n || CH(q) != '"')
            goto none;
        attrs = ++q;
        while (q < n && CH(q) != '>' && CH(q) != '/')
            q++;
        if (q >= n)
            goto none;
        Py_ssize_t a = q;    /* the end of the attributes */
        if (CH(q) == '/') {  /* <c …/> */
            if (q + 1 >= n || CH(q + 1) != '>')
                goto none;
            end = q + 2;
        } else {
            Py_ssize_t b = q + 4;
            int done = 0;
            if (q + 4 <= n && CH(q + 1) == '<' && CH(q + 2) == 'v' && CH(q + 3) == '>') {   /* ><v>…</v></c> */
                while (b < n && CH(b) != '<')
                    b++;
                if (b + 8 <= n && CH(b + 1) == '/' && CH(b + 2) == 'v' && CH(b + 3) == '>' && CH(b + 4) == '<'
                        && CH(b + 5) == '/' && CH(b + 6) == 'c' && CH(b + 7) == '>') {
                    raw0 = q + 4, raw1 = b, end = b + 8, done = 1;
                }
            }
            if (!done) {     /* >content</c>: up to the first </c>, with no <c inside */
                Py_ssize_t k = q + 1;
                for (;;) {
                    while (k < n && CH(k) != '<')
                        k++;
                    if (k + 1 >= n)
                        goto none;
                    Py_UCS4 c1 = CH(k + 1);
                    if (c1 == '/' && k + 3 < n && CH(k + 2) == 'c' && CH(k + 3) == '>')
                        break;
                    if (c1 == 'c' && k + 2 < n) {
                        Py_UCS4 c2 = CH(k + 2);
                        if (c2 == ' ' || c2 == '\t' || c2 == '\r' || c2 == '\n' || c2 == '/' || c2 == '>')
                            goto none;
                    }
                    k++;
                }
                con0 = q + 1, con1 = k, end = k + 4;
            }
        }
        PyObject *tok = Py_BuildValue("(NNNNN)", PyUnicode_Substring(body, p, end),
                                      PyUnicode_Substring(body, letters, digits), PyUnicode_Substring(body, attrs, a),
                                      PyUnicode_Substring(body, raw0, raw1), PyUnicode_Substring(body, con0, con1));
        if (tok == NULL || PyList_Append(out, tok) < 0) {
            Py_XDECREF(tok);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(tok);
        p = end;
    }
#undef CH
    return out;
none:
    Py_DECREF(out);
    Py_RETURN_NONE;
}

/* -- report/rekap_xml._render_rows ------------------------------------------------------------------------ */

/* What rekap_xml._text writes as <t>value</t> without a second look: ASCII, 1 to 64 characters, no & < >,
 * no control character other than tab and line feed, no "_x", and neither end whitespace or "_". */
static int plain_text(PyObject *v)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(v), i;
    if (!PyUnicode_IS_ASCII(v) || n == 0 || n > 64)
        return 0;
    const unsigned char *p = (const unsigned char *)PyUnicode_DATA(v);
    if (p[0] <= 0x20 || p[0] == '_' || p[n - 1] <= 0x20 || p[n - 1] == '_')
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '&' || c == '<' || c == '>' || (c < 0x20 && c != '\t' && c != '\n'))
            return 0;
        if (c == '_' && i + 1 < n && p[i + 1] == 'x')
            return 0;
    }
    return 1;
}

/* heads[j][slot], made by make_head(j, slot, v) when not made yet: a new reference */
static PyObject *head_of(PyObject *heads, PyObject *make_head, Py_ssize_t j, int slot, PyObject *v)
{
    PyObject *h = PyList_GET_ITEM(heads, j);
    if (PyList_CheckExact(h) && PyList_GET_SIZE(h) == 3) {
        PyObject *got = PyList_GET_ITEM(h, slot);
        if (got != Py_None) {
            Py_INCREF(got);
            return got;
        }
    }
    return PyObject_CallFunction(make_head, "niO", j, slot, v);
}

static int append_steal(PyObject *list, PyObject *item)
{
    if (item == NULL)
        return -1;
    int rc = PyList_Append(list, item);
    Py_DECREF(item);
    return rc;
}

/* One row's cells appended to `parts`; returns how many cells, or -1 on an error. */
static Py_ssize_t row_cells(PyObject *values, PyObject *heads, PyObject *make_head, PyObject *text,
                            PyObject *one_cell, PyObject *parts)
{
    PyObject *seq = PySequence_Fast(values, "a row must be a sequence");
    if (seq == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq), j, count = 0;
    if (n > PyList_GET_SIZE(heads))
        n = PyList_GET_SIZE(heads);
    for (j = 0; j < n; j++) {
        PyObject *v = PySequence_Fast_GET_ITEM(seq, j);
        if (v == Py_None)
            continue;
        if (PyUnicode_CheckExact(v)) {
            if (PyUnicode_GET_LENGTH(v) == 0)
                continue;
            if (append_steal(parts, head_of(heads, make_head, j, 2, v)) < 0)
                goto fail;
            if (plain_text(v)) {
                if (PyList_Append(parts, S_T_OPEN) < 0 || PyList_Append(parts, v) < 0
                        || PyList_Append(parts, S_T_CLOSE) < 0)
                    goto fail;
            } else if (append_steal(parts, PyObject_CallOneArg(text, v)) < 0)
                goto fail;
            if (PyList_Append(parts, S_IS_CLOSE) < 0)
                goto fail;
        } else if (PyFloat_CheckExact(v) || PyLong_CheckExact(v)) {
            double d = PyFloat_CheckExact(v) ? PyFloat_AS_DOUBLE(v) : PyLong_AsDouble(v);
            if (d == -1.0 && PyErr_Occurred())
                goto fail;
            int whole = isfinite(d) && floor(d) == d;     /* float(v).is_integer() */
            if (append_steal(parts, head_of(heads, make_head, j, whole ? 0 : 1, v)) < 0)
                goto fail;
            char *s = PyOS_double_to_string(d, 'G', 16, 0, NULL);   /* f"{v:.16G}" */
            if (s == NULL)
                goto fail;
            PyObject *num = PyUnicode_FromString(s);
            PyMem_Free(s);
            if (append_steal(parts, num) < 0 || PyList_Append(parts, S_V_CLOSE) < 0)
                goto fail;
        } else {
            PyObject *cell = PyObject_CallFunction(one_cell, "OOnO", heads, make_head, j, v);
            if (cell == NULL)
                goto fail;
            if (cell == Py_None) {
                Py_DECREF(cell);
                continue;
            }
            if (append_steal(parts, cell) < 0)
                goto fail;
        }
        count++;
    }
    Py_DECREF(seq);
    return count;
fail:
    Py_DECREF(seq);
    return -1;
}

/* render_rows(rows, heads, make_head, row_head, text, one_cell) -> list[str]: rekap_xml._render_rows. */
static PyObject *render_rows(PyObject *self, PyObject *args)
{
    PyObject *rows, *heads, *make_head, *row_head, *text, *one_cell;
    if (!PyArg_ParseTuple(args, "OO!OOOO", &rows, &PyList_Type, &heads, &make_head, &row_head, &text, &one_cell))
        return NULL;
    PyObject *out = PyList_New(0), *parts = PyList_New(0), *it = PyObject_GetIter(rows), *values = NULL;
    if (out == NULL || parts == NULL || it == NULL)
        goto fail;
    while ((values = PyIter_Next(it)) != NULL) {
        if (PyList_SetSlice(parts, 0, PY_SSIZE_T_MAX, NULL) < 0)
            goto fail;
        if (row_head != Py_None) {
            PyObject *h = PyObject_CallOneArg(row_head, values);
            if (h == NULL)
                goto fail;
            if (!PyUnicode_Check(h) || PyUnicode_GET_LENGTH(h) == 0)
                Py_DECREF(h);
            else if (append_steal(parts, h) < 0)
                goto fail;
        }
        Py_ssize_t count = row_cells(values, heads, make_head, text, one_cell, parts);
        if (count < 0)
            goto fail;
        PyObject *row = count ? PyUnicode_Join(S_EMPTY, parts) : (Py_INCREF(S_EMPTY), S_EMPTY);
        if (append_steal(out, row) < 0)
            goto fail;
        Py_CLEAR(values);
    }
    if (PyErr_Occurred())
        goto fail;
    Py_DECREF(it);
    Py_DECREF(parts);
    return out;
fail:
    Py_XDECREF(values);
    Py_XDECREF(it);
    Py_XDECREF(parts);
    Py_XDECREF(out);
    return NULL;
}


/* -- io/cell_writer.Splicer.apply: a number (or a clear) into a cell of the sheet ------------------------ */

/* cell_writer.decimal_text(value): its first branch here, anything else by the Python function */
static PyObject *decimal_text(PyObject *value, PyObject *fallback)
{
    PyObject *text = PyObject_Str(value);
    if (text == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), k;
    if (PyUnicode_IS_ASCII(text) && n > 0 && n <= 28) {
        const char *p = (const char *)PyUnicode_DATA(text);
        if (memchr(p, 'E', n) == NULL && p[n - 1] >= '0' && p[n - 1] <= '9') {
            if (memchr(p, '.', n) != NULL) {
                k = n;
                while (k > 0 && p[k - 1] == '0')
                    k--;
                while (k > 0 && p[k - 1] == '.')
                    k--;
            } else
                k = n;
            if (k == 2 && p[0] == '-' && p[1] == '0')
                p = "0", k = 1;
            PyObject *out = k == n ? (Py_INCREF(text), text) : PyUnicode_FromStringAndSize(p, k);
            Py_DECREF(text);
            return out;
        }
    }
    Py_DECREF(text);
    return PyObject_CallOneArg(fallback, value);
}

static int is_str(PyObject *o, const char *s)
{
    return PyUnicode_Check(o) && PyUnicode_CompareWithASCIIString(o, s) == 0;
}

/* splice_cells(edits, i, states, grid_cells, row_cols, filled, counts, rules, attrs_cache, decimal_text,
 *              events) -> int
 * Splicer.apply's common case for edits[i], edits[i+1], …: a "number", "percent" or "clear" edit, the only one
 * of its cell, into a cell of the sheet without a formula.  Appends (start, 1, 0, end, xml) to `events` as
 * Splicer._render makes them of Splicer.simple, and returns the index of the first edit it leaves to Python
 * (another case, a percent rule or cell attributes not worked out yet). */
static PyObject *splice_cells(PyObject *self, PyObject *args)
{
    PyObject *edits, *states, *grid_cells, *row_cols, *filled, *counts, *rules, *cache, *fallback, *events;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "O!nO!O!O!O!O!O!O!OO!", &PyList_Type, &edits, &i, &PyDict_Type, &states,
                          &PyDict_Type, &grid_cells, &PyDict_Type, &row_cols, &PyDict_Type, &filled, &PyDict_Type,
                          &counts, &PyDict_Type, &rules, &PyDict_Type, &cache, &fallback, &PyList_Type, &events))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(edits);
    PyObject *key = NULL;
    for (; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(edits, i);
        if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 5)
            break;
        PyObject *row = PyTuple_GET_ITEM(e, 0), *col = PyTuple_GET_ITEM(e, 1), *kind = PyTuple_GET_ITEM(e, 2);
        int percent = is_str(kind, "percent"), clear = is_str(kind, "clear");
        if (!percent && !clear && !is_str(kind, "number"))
            break;
        key = PyTuple_Pack(2, row, col);
        if (key == NULL)
            return NULL;
        PyObject *cell = PyDict_GetItemWithError(grid_cells, key);
        if (cell == NULL || PyDict_GetItemWithError(states, key) != NULL)
            break;
        PyObject *count = PyDict_GetItemWithError(counts, key);
        if (count == NULL || !PyLong_Check(count) || PyLong_AsLong(count) != 1)
            break;
        if (!PyTuple_Check(cell) || PyTuple_GET_SIZE(cell) != 4 || PyObject_IsTrue(PyTuple_GET_ITEM(cell, 2)))
            break;
        Py_CLEAR(key);
        /* the cell's index in its row: bisect_left(row_cols[row], col) */
        PyObject *cols = PyDict_GetItemWithError(row_cols, row), *frow = PyDict_GetItemWithError(filled, row);
        if (cols == NULL || frow == NULL || !PyList_Check(cols))
            break;
        long c = PyLong_AsLong(col);
        Py_ssize_t lo = 0, hi = PyList_GET_SIZE(cols);
        while (lo < hi) {
            Py_ssize_t mid = (lo + hi) / 2;
            if (PyLong_AsLong(PyList_GET_ITEM(cols, mid)) < c)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (PyErr_Occurred())
            return NULL;
        PyObject *toks = PyObject_GetAttrString(frow, "cells");
        PyObject *body_end = PyObject_GetAttrString(frow, "body_end");
        if (toks == NULL || body_end == NULL || !PyList_Check(toks) || lo >= PyList_GET_SIZE(toks)) {
            Py_XDECREF(toks);
            Py_XDECREF(body_end);
            if (PyErr_Occurred())
                return NULL;
            break;
        }
        /* where the cell lies: after every cell before it (the row's cells end where its body ends) */
        Py_ssize_t start = PyLong_AsSsize_t(body_end), k;
        Py_DECREF(body_end);
        for (k = lo; k < PyList_GET_SIZE(toks); k++) {
            PyObject *t = PyList_GET_ITEM(toks, k);
            start -= PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(t, 0));
        }
        PyObject *tok = PyList_GET_ITEM(toks, lo);
        Py_INCREF(tok);
        Py_DECREF(toks);
        PyObject *parsed = PyDict_GetItemWithError(cache, PyTuple_GET_ITEM(tok, 2));
        PyObject *rule = NULL;
        if (parsed == NULL || (percent && (rule = PyDict_GetItemWithError(rules, PyTuple_GET_ITEM(cell, 3))) == NULL)) {
            Py_DECREF(tok);
            if (PyErr_Occurred())
                return NULL;
            break;
        }
        PyObject *whole = PyTuple_GET_ITEM(tok, 0);
        Py_ssize_t wlen = PyUnicode_GET_LENGTH(whole), q = PyUnicode_FindChar(whole, '"', 6, wlen, 1), end = wlen;
        while (end > 0) {   /* whole.rstrip(" \t\r\n") */
            Py_UCS4 ch = PyUnicode_READ_CHAR(whole, end - 1);
            if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n')
                break;
            end--;
        }
        PyObject *ref = q < 0 ? NULL : PyUnicode_Substring(whole, 6, q);
        Py_DECREF(tok);
        if (ref == NULL)
            return NULL;
        PyObject *s = PyTuple_GET_ITEM(parsed, 0), *extra = PyTuple_GET_ITEM(parsed, 3), *value = PyTuple_GET_ITEM(e, 3);
        Py_INCREF(s);
        Py_INCREF(extra);
        Py_INCREF(value);
        int ok = 1;
        if (percent) {
            PyObject *new_s = PyTuple_GET_ITEM(rule, 1);
            if (PyObject_IsTrue(PyTuple_GET_ITEM(rule, 0))) {
                PyObject *hundred = PyLong_FromLong(100), *v = hundred ? PyNumber_TrueDivide(value, hundred) : NULL;
                Py_XDECREF(hundred);
                Py_SETREF(value, v);
                ok = v != NULL;
            }
            if (ok && new_s != Py_None && PyObject_IsTrue(new_s)) {
                if (!PyObject_IsTrue(s)) {
                    PyObject *x = PyUnicode_FromFormat("%U s=\"%U\"", extra, new_s);
                    Py_SETREF(extra, x);
                    ok = x != NULL;
                } else {
                    Py_INCREF(new_s);
                    Py_SETREF(s, new_s);
                }
            }
        }
        PyObject *xml = NULL;
        if (ok) {
            PyObject *head = PyObject_IsTrue(s) ? PyUnicode_FromFormat("<c r=\"%U\" s=\"%U\"%U", ref, s, extra)
                                                : PyUnicode_FromFormat("<c r=\"%U\"%U", ref, extra);
            if (head != NULL && clear)
                xml = PyUnicode_FromFormat("%U/>", head);
            else if (head != NULL) {
                PyObject *num = decimal_text(value, fallback);
                if (num != NULL)
                    xml = PyUnicode_FromFormat("%U><v>%U</v></c>", head, num);
                Py_XDECREF(num);
            }
            Py_XDECREF(head);
        }
        Py_DECREF(ref);
        Py_XDECREF(s);
        Py_XDECREF(extra);
        Py_XDECREF(value);
        if (xml == NULL)
            return NULL;
        PyObject *ev = Py_BuildValue("(niinN)", start, 1, 0, start + end, xml);
        if (ev == NULL || PyList_Append(events, ev) < 0) {
            Py_XDECREF(ev);
            return NULL;
        }
        Py_DECREF(ev);
    }
    Py_XDECREF(key);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromSsize_t(i);
}

static PyMethodDef methods[] = {
    {"read_cells", read_cells, METH_VARARGS, "The plain cells of one row into the grid (xlsx_sheet)."},
    {"splice_cells", splice_cells, METH_VARARGS, "Numbers into cells of a sheet (cell_writer.Splicer.apply)."},
    {"scan_row", scan_row, METH_O, "_CELL_RE.findall of a row body the cells cover (xlsx_sheet)."},
    {"render_rows", render_rows, METH_VARARGS, "Rekap rows as worksheet XML (rekap_xml._render_rows)."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void)
{
    if (!(S_EMPTY = PyUnicode_InternFromString("")) || !(S_N = PyUnicode_InternFromString("n"))
            || !(S_S = PyUnicode_InternFromString("s")) || !(S_T_OPEN = PyUnicode_InternFromString("<t>"))
            || !(S_T_CLOSE = PyUnicode_InternFromString("</t>"))
            || !(S_IS_CLOSE = PyUnicode_InternFromString("</is></c>"))
            || !(S_V_CLOSE = PyUnicode_InternFromString("</v></c>")))
        return NULL;
    return PyModule_Create(&module);
}
