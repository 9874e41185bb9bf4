/* Optional C loops of xlsx_lkjip (the way MarkupSafe ships its speedups): each function below is the hot loop
 * of a pure-Python function that stays beside it, the reference and the fallback, and gives the same result.
 * Whatever a loop here is not sure of, it hands back to Python: read_cells stops at the first cell it does
 * not handle, render_rows calls the Python function for a value of another type.  xlsx_lkjip/speedups.py
 * loads this module (LKJIP_NO_SPEEDUPS=1 turns it off); tests run both ways and compare the bytes. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

/* The row loop below is compiled twice, for the 1-byte strings nearly every sheet is and for any other kind, so
 * that reading a character is a plain load there: its helpers are inlined into it. */
#if defined(__GNUC__) || defined(__clang__)
#define HOT_INLINE static inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define HOT_INLINE static __forceinline
#else
#define HOT_INLINE static inline
#endif

static PyObject *S_EMPTY, *S_N, *S_S, *S_V_CLOSE;
/* splice_cells' pieces of a cell and an event, and the attributes of a FastRow it reads */
static PyObject *S_C_OPEN, *S_S_OPEN, *S_QUOTE, *S_EMPTY_CLOSE, *S_V_OPEN, *S_ONE, *S_ZERO, *A_CELLS, *A_BODY_END, *A_OFFSETS, *A_TEXT;

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


/* One _CELL_RE token at p, the cells' text ending at n: where its parts lie, or 0 when the pattern does not take
 * a cell there.  The parts: the whole token [p, end), the column letters [letters, digits), the other attributes
 * [attrs, attrs_end), the <v> text of a cell holding just <v> [raw0, raw1), the content of any other [con0, con1). */
typedef struct { Py_ssize_t letters, digits, attrs, attrs_end, raw0, raw1, con0, con1, end; } cell_tok;

HOT_INLINE int scan_cell(int kind, const void *d, Py_ssize_t n, Py_ssize_t p, cell_tok *t)
{
#define CH(i) PyUnicode_READ(kind, d, (i))
    Py_ssize_t q;
    t->raw0 = t->raw1 = t->con0 = t->con1 = 0;
    if (n - p < 6 || CH(p) != '<' || CH(p + 1) != 'c' || CH(p + 2) != ' ' || CH(p + 3) != 'r'
            || CH(p + 4) != '=' || CH(p + 5) != '"')
        return 0;
    q = t->letters = p + 6;
    while (q < n && CH(q) >= 'A' && CH(q) <= 'Z')
        q++;
    if (q == t->letters || q - t->letters > 3)
        return 0;
    t->digits = q;
    while (q < n && CH(q) >= '0' && CH(q) <= '9')
        q++;
    if (q == t->digits || q >= n || CH(q) != '"')
        return 0;
    t->attrs = ++q;
    while (q < n && CH(q) != '>' && CH(q) != '/')
        q++;
    if (q >= n)
        return 0;
    t->attrs_end = q;
    if (CH(q) == '/') {  /* <c …/> */
        if (q + 1 >= n || CH(q + 1) != '>')
            return 0;
        t->end = q + 2;
        return 1;
    }
    if (q + 4 <= n && CH(q + 1) == '<' && CH(q + 2) == 'v' && CH(q + 3) == '>') {   /* ><v>…</v></c> */
        Py_ssize_t b = q + 4;
        while (b < n && CH(b) != '<')
            b++;
        if (b + 8 <= n && CH(b + 1) == '/' && CH(b + 2) == 'v' && CH(b + 3) == '>' && CH(b + 4) == '<'
                && CH(b + 5) == '/' && CH(b + 6) == 'c' && CH(b + 7) == '>') {
            t->raw0 = q + 4, t->raw1 = b, t->end = b + 8;
            return 1;
        }
    }
    Py_ssize_t k = q + 1;   /* >content</c>: up to the first </c>, with no <c inside */
    for (;;) {
        while (k < n && CH(k) != '<')
            k++;
        if (k + 1 >= n)
            return 0;
        Py_UCS4 c1 = CH(k + 1);
        if (c1 == '/' && k + 3 < n && CH(k + 2) == 'c' && CH(k + 3) == '>')
            break;
        if (c1 == 'c' && k + 2 < n) {
            Py_UCS4 c2 = CH(k + 2);
            if (c2 == ' ' || c2 == '\t' || c2 == '\r' || c2 == '\n' || c2 == '/' || c2 == '>')
                return 0;
        }
        k++;
    }
    t->con0 = q + 1, t->con1 = k, t->end = k + 4;
    return 1;
#undef CH
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
    cell_tok t;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    while (p < n) {
        if (!scan_cell(kind, d, n, p, &t)) {
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        PyObject *tok = Py_BuildValue("(NNNNN)", PyUnicode_Substring(body, p, t.end),
                                      PyUnicode_Substring(body, t.letters, t.digits),
                                      PyUnicode_Substring(body, t.attrs, t.attrs_end),
                                      PyUnicode_Substring(body, t.raw0, t.raw1), PyUnicode_Substring(body, t.con0, t.con1));
        if (tok == NULL || PyList_Append(out, tok) < 0) {
            Py_XDECREF(tok);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(tok);
        p = t.end;
    }
    return out;
}

/* -- io/xlsx_sheet._read_grid_fast: the rows of a sheetData -------------------------------------------- */

#define XML_WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')
#define NAME_START(c) (((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z') || (c) == '_')
#define NAME_CHAR(c) (NAME_START(c) || ((c) >= '0' && (c) <= '9') || (c) == '.' || (c) == '-')

typedef struct { long long *v; Py_ssize_t n, cap; } ibuf;     /* a growing array of C integers */

static int ibuf_add(ibuf *b, long long x)
{
    if (b->n == b->cap) {
        Py_ssize_t cap = b->cap ? 2 * b->cap : 64;
        long long *v = PyMem_Realloc(b->v, cap * sizeof(long long));
        if (v == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->v = v, b->cap = cap;
    }
    b->v[b->n++] = x;
    return 0;
}

/* The <row …> or <row …/> tag at p as _ROW_OPEN and _check_attrs read it: 1, with its r, hidden, whether it is
 * self-closed and where its body starts; 0 for a tag the Python loop decides (no r, a name repeated, prefixed
 * but not declared or starting with xmlns, an entity in hidden, …); -1 on an error. */
HOT_INLINE int row_tag(PyObject *text, int kind, const void *d, Py_ssize_t n, Py_ssize_t p, PyObject *prefixes,
                   long long *r, int *hidden, int *self_closed, Py_ssize_t *body_start)
{
#define CH(i) PyUnicode_READ(kind, d, (i))
    Py_ssize_t names[16][2], q = p + 4, k;
    int count = 0, have_r = 0;
    *hidden = 0;
    if (n - p < 5 || CH(p) != '<' || CH(p + 1) != 'r' || CH(p + 2) != 'o' || CH(p + 3) != 'w')
        return 0;
    for (;;) {   /* (?:_ATTR)*: whitespace, name, =, "value" */
        Py_ssize_t w = q, n0, n1, c, colon = -1, v0, v1;
        while (w < n && XML_WS(CH(w)))
            w++;
        if (w == q || w >= n || !NAME_START(CH(w))) {
            q = w;
            break;
        }
        n0 = w, c = w + 1;
        while (c < n && NAME_CHAR(CH(c)))
            c++;
        if (c + 1 < n && CH(c) == ':' && NAME_START(CH(c + 1))) {
            colon = c, c += 2;
            while (c < n && NAME_CHAR(CH(c)))
                c++;
        }
        n1 = c;
        while (c < n && XML_WS(CH(c)))
            c++;
        if (c >= n || CH(c) != '=')
            return 0;
        c++;
        while (c < n && XML_WS(CH(c)))
            c++;
        if (c >= n || CH(c) != '"')
            return 0;
        v0 = ++c;
        while (c < n && CH(c) != '"' && CH(c) != '<')
            c++;
        if (c >= n || CH(c) != '"')
            return 0;
        v1 = c, q = c + 1;
        /* _check_attrs: names unique, no namespace declaration, prefixes declared */
        if (count == 16 || (n1 - n0 >= 5 && CH(n0) == 'x' && CH(n0 + 1) == 'm' && CH(n0 + 2) == 'l'
                             && CH(n0 + 3) == 'n' && CH(n0 + 4) == 's'))
            return 0;
        for (int i = 0; i < count; i++) {
            if (names[i][1] - names[i][0] != n1 - n0)
                continue;
            for (k = 0; k < n1 - n0 && CH(names[i][0] + k) == CH(n0 + k); k++)
                ;
            if (k == n1 - n0)
                return 0;
        }
        names[count][0] = n0, names[count][1] = n1, count++;
        if (colon >= 0) {
            PyObject *prefix = PyUnicode_Substring(text, n0, colon);
            int known = prefix == NULL ? -1 : PySet_Contains(prefixes, prefix);
            Py_XDECREF(prefix);
            if (known <= 0)
                return known;
        } else if (n1 - n0 == 1 && CH(n0) == 'r') {   /* value.isdigit() and value.isascii() */
            long long x = 0;
            if (v1 == v0 || v1 - v0 > 18)
                return 0;
            for (k = v0; k < v1; k++) {
                Py_UCS4 ch = CH(k);
                if (ch < '0' || ch > '9')
                    return 0;
                x = x * 10 + (ch - '0');
            }
            *r = x, have_r = 1;
        } else if (n1 - n0 == 6 && CH(n0) == 'h' && CH(n0 + 1) == 'i' && CH(n0 + 2) == 'd' && CH(n0 + 3) == 'd'
                   && CH(n0 + 4) == 'e' && CH(n0 + 5) == 'n') {
            for (k = v0; k < v1; k++)
                if (CH(k) == '&')
                    return 0;
            *hidden = (v1 - v0 == 1 && CH(v0) == '1')
                      || (v1 - v0 == 4 && CH(v0) == 't' && CH(v0 + 1) == 'r' && CH(v0 + 2) == 'u' && CH(v0 + 3) == 'e');
        }
    }
    *self_closed = q < n && CH(q) == '/';
    q += *self_closed;
    if (q >= n || CH(q) != '>')
        return 0;
    *body_start = q + 1;
    return have_r;
#undef CH
}

/* A cell's attributes after r, when they are what the C loop takes: s="digits" and/or t="letters", in that order,
 * nothing else (then extra is "" in _CELL_ATTRS).  Returns 1 with the style and where t lies ([t0, t1), empty
 * without t), or 0. */
HOT_INLINE int cell_attrs(int kind, const void *d, Py_ssize_t a, Py_ssize_t b, long *style, Py_ssize_t *t0, Py_ssize_t *t1)
{
#define CH(i) PyUnicode_READ(kind, d, (i))
    long s = 0;
    *t0 = *t1 = 0;
    if (b - a >= 6 && CH(a) == ' ' && CH(a + 1) == 's' && CH(a + 2) == '=' && CH(a + 3) == '"') {
        Py_ssize_t k = a + 4;
        while (k < b && CH(k) >= '0' && CH(k) <= '9') {
            s = s * 10 + (CH(k) - '0');
            if (++k - a > 13)
                return 0;     /* beyond 9 digits: the Python loop */
        }
        if (k == a + 4 || k >= b || CH(k) != '"')
            return 0;
        a = k + 1;
    }
    if (b - a >= 6 && CH(a) == ' ' && CH(a + 1) == 't' && CH(a + 2) == '=' && CH(a + 3) == '"') {
        Py_ssize_t k = a + 4;
        while (k < b && ((CH(k) >= 'A' && CH(k) <= 'Z') || (CH(k) >= 'a' && CH(k) <= 'z')))
            k++;
        if (k == a + 4 || k >= b || CH(k) != '"')
            return 0;
        *t0 = a + 4, *t1 = k, a = k + 1;
    }
    while (a < b && XML_WS(CH(a)))
        a++;
    *style = s;
    return a == b;
#undef CH
}

/* Compares text[a:b] with an ASCII string */
HOT_INLINE int text_is(int kind, const void *d, Py_ssize_t a, Py_ssize_t b, const char *s)
{
    Py_ssize_t n = (Py_ssize_t)strlen(s), k;
    if (b - a != n)
        return 0;
    for (k = 0; k < n; k++)
        if (PyUnicode_READ(kind, d, a + k) != (Py_UCS4)(unsigned char)s[k])
            return 0;
    return 1;
}

typedef struct { cell_tok tok; long col, style; Py_ssize_t t0, t1; } row_cell;

/* The Decimals of the plain numbers met last, by their text: a sheet repeats its figures (0, 100, the targets), and
 * a Decimal is immutable, so cells may share one. */
typedef struct { Py_ssize_t len; char text[16]; PyObject *value; } num_slot;

/* The value of one cell into cells[(r, col)]; 0, or -1 on an error. */
HOT_INLINE int store_cell(PyObject *text, int kind, const void *d, row_cell *c, PyObject *r, PyObject *col,
                      PyObject **blanks, num_slot *numbers, PyObject *cells, PyObject *invalid, PyObject *strings,
                      PyObject *decimal, PyObject *value_of)
{
    PyObject *value = NULL, *kind_s = S_EMPTY, *got = NULL, *cell, *key;
    PyObject *style = PyLong_FromLong(c->style);
    Py_ssize_t a = c->tok.raw0, b = c->tok.raw1;
    int invalid_number = 0;
    if (style == NULL)
        goto fail;
    if (a == b || text_is(kind, d, c->t0, c->t1, "inlineStr")) {   /* no value: a (styled) blank */
        if (c->style < 64 && blanks[c->style] != NULL)
            cell = blanks[c->style], Py_INCREF(cell);
        else if ((cell = PyTuple_Pack(4, Py_None, S_EMPTY, Py_False, style)) == NULL)
            goto fail;
        else if (c->style < 64)
            blanks[c->style] = cell, Py_INCREF(cell);   /* one tuple for the blanks of a style, as immutable */
    } else {
        Py_ssize_t k, idx = 0;
        const char *digits = NULL;
        if (c->t0 == c->t1 || text_is(kind, d, c->t0, c->t1, "n")) {
            char buf[16];
            if (b - a <= 15) {
                for (k = a; k < b; k++) {
                    Py_UCS4 ch = PyUnicode_READ(kind, d, k);
                    if (ch > 127)
                        break;
                    buf[k - a] = (char)ch;
                }
                if (k == b && simple_number(buf, b - a))
                    digits = buf;
            }
            if (digits != NULL) {
                unsigned h = 2166136261u;
                for (k = 0; k < b - a; k++)
                    h = (h ^ (unsigned char)buf[k]) * 16777619u;
                num_slot *slot = &numbers[(h ^ (h >> 8)) & 255];
                if (slot->value != NULL && slot->len == b - a && memcmp(slot->text, buf, b - a) == 0)
                    value = slot->value, Py_INCREF(value);
                else {
                    PyObject *raw = PyUnicode_FromStringAndSize(buf, b - a);
                    value = raw == NULL ? NULL : PyObject_CallOneArg(decimal, raw);
                    Py_XDECREF(raw);
                    if (value == NULL)
                        goto fail;
                    Py_XSETREF(slot->value, value);
                    Py_INCREF(value);
                    slot->len = b - a;
                    memcpy(slot->text, buf, b - a);
                }
                kind_s = S_N;
            }
        } else if (text_is(kind, d, c->t0, c->t1, "s") && b - a <= 9) {
            for (k = a; k < b; k++) {
                Py_UCS4 ch = PyUnicode_READ(kind, d, k);
                if (ch < '0' || ch > '9')
                    break;
                idx = idx * 10 + (ch - '0');
            }
            if (k == b) {
                value = idx < PyList_GET_SIZE(strings) ? PyList_GET_ITEM(strings, idx) : S_EMPTY;
                Py_INCREF(value);
                kind_s = S_S;
            }
        }
        if (value == NULL) {   /* anything else: _value_of, the Python loop's code */
            PyObject *t = PyUnicode_Substring(text, c->t0, c->t1), *raw = PyUnicode_Substring(text, a, b);
            if (t != NULL && raw != NULL)
                got = PyObject_CallFunctionObjArgs(value_of, t, raw, strings, NULL);
            Py_XDECREF(t);
            Py_XDECREF(raw);
            if (got == NULL)
                goto fail;
            if (!PyTuple_Check(got) || PyTuple_GET_SIZE(got) != 3) {
                PyErr_SetString(PyExc_TypeError, "value_of must give (value, kind, invalid)");
                goto fail;
            }
            value = PyTuple_GET_ITEM(got, 0), kind_s = PyTuple_GET_ITEM(got, 1);    /* held by got */
            Py_INCREF(value);
            if ((invalid_number = PyObject_IsTrue(PyTuple_GET_ITEM(got, 2))) < 0)
                goto fail;
        }
        cell = PyTuple_Pack(4, value, kind_s, Py_False, style);
        Py_CLEAR(value);
        Py_CLEAR(got);
        if (cell == NULL)
            goto fail;
    }
    key = PyTuple_Pack(2, r, col);
    if (key == NULL || PyDict_SetItem(cells, key, cell) < 0 || (invalid_number && PyList_Append(invalid, key) < 0)) {
        Py_XDECREF(key);
        Py_DECREF(cell);
        goto fail;
    }
    Py_DECREF(key);
    Py_DECREF(cell);
    Py_DECREF(style);
    return 0;
fail:
    Py_XDECREF(value);
    Py_XDECREF(got);
    Py_XDECREF(style);
    return -1;
}

/* read_rows(text, pos, last_row, max_col, (prefixes, cells, row_cols, filled, hidden_rows, invalid_numbers,
 *           shared_strings, Decimal, value_of, FastRow))
 *   -> (pos, last_row, max_col, order, starts, ends, body_starts)
 * The rows of the sheetData text from pos on, as the loop of _read_grid_fast reads them: cells, row_cols,
 * hidden rows and invalid numbers into the grid's containers, a FastRow (with the cells' offsets instead of their
 * tokens) for each row holding cells, the row numbers and offsets as int64 bytes for the FastRows arrays.  It
 * stops before the first row it does not take whole, which the Python loop reads: anything but cells one
 * after another with s and t attributes only, whose content is a <v> or no element; rows out of order; an
 * attribute of the row _check_attrs would look at twice. */
HOT_INLINE PyObject *rows_of(PyObject *text, Py_ssize_t pos, long long last_row, long max_col, PyObject *ctx, int kind)
{
    PyObject *prefixes, *cells, *row_cols, *filled, *hidden_rows, *invalid, *strings, *decimal, *value_of, *fast_row,
             *out = NULL, *r_obj = NULL, *blanks[64] = {NULL};
    Py_ssize_t cap = 0, i;
    num_slot numbers[256];
    memset(numbers, 0, sizeof numbers);
    if (!PyArg_ParseTuple(ctx, "O!O!O!O!O!O!O!OOO", &PySet_Type, &prefixes, &PyDict_Type, &cells, &PyDict_Type,
                          &row_cols, &PyDict_Type, &filled, &PySet_Type, &hidden_rows, &PyList_Type, &invalid,
                          &PyList_Type, &strings, &decimal, &value_of, &fast_row))
        return NULL;
    const void *d = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    row_cell *row = NULL;
    ibuf order = {0}, starts = {0}, ends = {0}, body_starts = {0}, offs = {0};
#define CH(i) PyUnicode_READ(kind, d, (i))
    while (pos < n) {
        long long r = 0;
        long last_col = 0;
        int hidden, self_closed, taken = 1;
        Py_ssize_t body_start, body_end, row_end, p, ncells = 0;
        offs.n = 0;
        int got = row_tag(text, kind, d, n, pos, prefixes, &r, &hidden, &self_closed, &body_start);
        if (got < 0)
            goto fail;
        if (!got || r <= last_row)
            break;            /* (the Python loop: a row without r, or out of order, is the lxml reader's) */
        /* the cells, one after another, up to </row> (none of them can hold "</row>": their content has no "<") */
        body_end = body_start;
        for (p = body_start; !self_closed; p = row[ncells++].tok.end) {
            if (n - p >= 6 && CH(p) == '<' && CH(p + 1) == '/' && CH(p + 2) == 'r' && CH(p + 3) == 'o'
                    && CH(p + 4) == 'w' && CH(p + 5) == '>') {
                body_end = p;
                break;
            }
            if (ncells == cap) {
                row_cell *more = PyMem_Realloc(row, (cap = cap ? 2 * cap : 64) * sizeof(row_cell));
                if (more == NULL) {
                    PyErr_NoMemory();
                    goto fail;
                }
                row = more;
            }
            row_cell *c = &row[ncells];
            long col = 0;
            if (!scan_cell(kind, d, n, p, &c->tok)
                    || !cell_attrs(kind, d, c->tok.attrs, c->tok.attrs_end, &c->style, &c->t0, &c->t1)) {
                taken = 0;
                break;
            }
            for (i = c->tok.con0; i < c->tok.con1 && CH(i) != '<'; i++)
                ;
            if (i < c->tok.con1) {   /* a child element (<f>, <is>, …): the Python loop */
                taken = 0;
                break;
            }
            for (i = c->tok.letters; i < c->tok.digits; i++)
                col = col * 26 + (long)(CH(i) - 64);
            if (col <= last_col) {   /* cells out of order or repeated: the Python loop falls back */
                taken = 0;
                break;
            }
            c->col = last_col = col;
            if (ibuf_add(&offs, p) < 0)
                goto fail;
        }
        row_end = self_closed ? body_start : body_end + 6;
        if (!taken)
            break;
        if (ibuf_add(&order, r) < 0 || ibuf_add(&starts, pos) < 0 || ibuf_add(&ends, row_end) < 0
                || ibuf_add(&body_starts, body_start) < 0 || (r_obj = PyLong_FromLongLong(r)) == NULL
                || (hidden && PySet_Add(hidden_rows, r_obj) < 0))
            goto fail;
        if (ncells) {
            PyObject *cols = PyList_New(ncells), *offsets, *frow;
            if (cols == NULL || ibuf_add(&offs, body_end) < 0) {
                Py_XDECREF(cols);
                goto fail;
            }
            for (i = 0; i < ncells; i++) {
                PyObject *col = PyLong_FromLong(row[i].col);
                if (col == NULL || store_cell(text, kind, d, &row[i], r_obj, col, blanks, numbers, cells, invalid, strings, decimal,
                                              value_of) < 0) {
                    Py_XDECREF(col);
                    Py_DECREF(cols);
                    goto fail;
                }
                PyList_SET_ITEM(cols, i, col);
            }
            int bad = PyDict_SetItem(row_cols, r_obj, cols);
            Py_DECREF(cols);
            offsets = PyBytes_FromStringAndSize((const char *)offs.v, offs.n * (Py_ssize_t)sizeof(long long));
            frow = bad || offsets == NULL ? NULL : PyObject_CallFunction(fast_row, "OnnnnOONO", r_obj, pos, row_end,
                                                                         body_start, body_end, Py_True, Py_None, offsets, text);
            if (frow == NULL || PyDict_SetItem(filled, r_obj, frow) < 0) {
                Py_XDECREF(frow);
                goto fail;
            }
            Py_DECREF(frow);
            if (last_col > max_col)
                max_col = last_col;
        }
        Py_CLEAR(r_obj);
        last_row = r;
        pos = row_end;
        while (pos < n && XML_WS(CH(pos)))
            pos++;
    }
#undef CH
    out = Py_BuildValue("(nLlNNNN)", pos, last_row, max_col,
                        PyBytes_FromStringAndSize((const char *)order.v, order.n * (Py_ssize_t)sizeof(long long)),
                        PyBytes_FromStringAndSize((const char *)starts.v, starts.n * (Py_ssize_t)sizeof(long long)),
                        PyBytes_FromStringAndSize((const char *)ends.v, ends.n * (Py_ssize_t)sizeof(long long)),
                        PyBytes_FromStringAndSize((const char *)body_starts.v,
                                                  body_starts.n * (Py_ssize_t)sizeof(long long)));
fail:
    Py_XDECREF(r_obj);
    for (i = 0; i < 64; i++)
        Py_XDECREF(blanks[i]);
    for (i = 0; i < 256; i++)
        Py_XDECREF(numbers[i].value);
    PyMem_Free(row);
    PyMem_Free(order.v);
    PyMem_Free(starts.v);
    PyMem_Free(ends.v);
    PyMem_Free(body_starts.v);
    PyMem_Free(offs.v);
    return out;
}

static PyObject *read_rows(PyObject *self, PyObject *args)
{
    PyObject *text, *ctx;
    Py_ssize_t pos;
    long long last_row;
    long max_col;
    if (!PyArg_ParseTuple(args, "UnLlO!", &text, &pos, &last_row, &max_col, &PyTuple_Type, &ctx))
        return NULL;
    if (PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND)
        return rows_of(text, pos, last_row, max_col, ctx, PyUnicode_1BYTE_KIND);
    return rows_of(text, pos, last_row, max_col, ctx, PyUnicode_KIND(text));
}

/* plain_region(data, start, end) -> bool: whether data[start:end] holds nothing but printable ASCII, tab and line
 * feed, without "&" or "]": text xml_text._checked_text takes as it is, decoded as ASCII.  False says nothing:
 * the Python checks decide. */
static PyObject *plain_region(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    Py_ssize_t start, end, i;
    static unsigned char odd[256];
    if (!odd[0]) {
        for (i = 0; i < 256; i++)
            odd[i] = (i < 0x20 && i != '\t' && i != '\n') || i >= 0x80 || i == '&' || i == ']';
    }
    if (!PyArg_ParseTuple(args, "y*nn", &buf, &start, &end))
        return NULL;
    const unsigned char *d = buf.buf;
    int plain = 0 <= start && start <= end && end <= buf.len;
    if (plain) {
        unsigned char seen = 0;
        for (i = start; i < end; i++)
            seen |= odd[d[i]];
        plain = !seen;
    }
    PyBuffer_Release(&buf);
    return PyBool_FromLong(plain);
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

/* A row is written as UTF-8 into one growing buffer and made a str once: no object per piece, no join. */
typedef struct {
    char *p;
    Py_ssize_t n, cap;
} utf8_buf;

static int buf_put(utf8_buf *b, const char *s, Py_ssize_t n)
{
    if (b->n + n > b->cap) {
        Py_ssize_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + n)
            cap *= 2;
        char *p = PyMem_Realloc(b->p, (size_t)cap);
        if (p == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, (size_t)n);
    b->n += n;
    return 0;
}

/* a str's text (its UTF-8, which CPython keeps for an ASCII str without a copy); a new reference is stolen */
static int buf_put_str(utf8_buf *b, PyObject *u, int steal)
{
    int rc = -1;
    if (u != NULL) {
        if (!PyUnicode_Check(u))
            PyErr_SetString(PyExc_TypeError, "a rendered piece must be a str");
        else {
            Py_ssize_t n;
            const char *s = PyUnicode_AsUTF8AndSize(u, &n);
            rc = s == NULL ? -1 : buf_put(b, s, n);
        }
        if (steal)
            Py_DECREF(u);
    }
    return rc;
}

/* A whole number's digits, as "%lld" writes them (PyOS_double_to_string's general path costs ~5 times more). */
static int buf_put_whole(utf8_buf *b, long long v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return buf_put(b, p, tmp + sizeof tmp - p);
}

/* One row's cells written to `b`; returns how many cells, or -1 on an error. */
static Py_ssize_t row_cells(PyObject *values, PyObject *heads, PyObject *make_head, PyObject *text,
                            PyObject *one_cell, utf8_buf *b)
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
            if (buf_put_str(b, head_of(heads, make_head, j, 2, v), 1) < 0)
                goto fail;
            if (plain_text(v)) {
                if (buf_put(b, "<t>", 3) < 0 || buf_put_str(b, v, 0) < 0 || buf_put(b, "</t>", 4) < 0)
                    goto fail;
            } else if (buf_put_str(b, PyObject_CallOneArg(text, v), 1) < 0)
                goto fail;
            if (buf_put(b, "</is></c>", 9) < 0)
                goto fail;
        } else if (PyFloat_CheckExact(v) || PyLong_CheckExact(v)) {
            double d = PyFloat_CheckExact(v) ? PyFloat_AS_DOUBLE(v) : PyLong_AsDouble(v);
            if (d == -1.0 && PyErr_Occurred())
                goto fail;
            int whole = isfinite(d) && floor(d) == d;     /* float(v).is_integer() */
            if (buf_put_str(b, head_of(heads, make_head, j, whole ? 0 : 1, v), 1) < 0)
                goto fail;
            if (whole && fabs(d) < 1e16 && !(d == 0 && signbit(d))) {
                if (buf_put_whole(b, (long long)d) < 0)   /* the same digits as .16G (<= 16 digits, whole) */
                    goto fail;
            } else {
                char *s = PyOS_double_to_string(d, 'G', 16, 0, NULL);   /* f"{v:.16G}" */
                if (s == NULL)
                    goto fail;
                int rc = buf_put(b, s, (Py_ssize_t)strlen(s));
                PyMem_Free(s);
                if (rc < 0)
                    goto fail;
            }
            if (buf_put(b, "</v></c>", 8) < 0)
                goto fail;
        } else {
            PyObject *cell = PyObject_CallFunction(one_cell, "OOnO", heads, make_head, j, v);
            if (cell == NULL)
                goto fail;
            if (cell == Py_None) {
                Py_DECREF(cell);
                continue;
            }
            if (buf_put_str(b, cell, 1) < 0)
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

/* render_rows(rows, heads, make_head, row_head, text, one_cell) -> list[str]: rekap_xml._render_rows (None: a
 * text that is not UTF-8, for the Python loop; `rows` must then be a list, read again). */
static PyObject *render_rows(PyObject *self, PyObject *args)
{
    PyObject *rows, *heads, *make_head, *row_head, *text, *one_cell;
    if (!PyArg_ParseTuple(args, "OO!OOOO", &rows, &PyList_Type, &heads, &make_head, &row_head, &text, &one_cell))
        return NULL;
    utf8_buf b = {NULL, 0, 0};
    PyObject *out = PyList_New(0), *it = PyObject_GetIter(rows), *values = NULL;
    if (out == NULL || it == NULL)
        goto fail;
    while ((values = PyIter_Next(it)) != NULL) {
        b.n = 0;
        if (row_head != Py_None) {
            PyObject *h = PyObject_CallOneArg(row_head, values);
            if (h == NULL)
                goto fail;
            if (!PyUnicode_Check(h) || PyUnicode_GET_LENGTH(h) == 0)
                Py_DECREF(h);
            else if (buf_put_str(&b, h, 1) < 0)
                goto fail;
        }
        Py_ssize_t count = row_cells(values, heads, make_head, text, one_cell, &b);
        if (count < 0)
            goto fail;
        PyObject *row = count ? PyUnicode_DecodeUTF8(b.p, b.n, "surrogatepass") : (Py_INCREF(S_EMPTY), S_EMPTY);
        if (append_steal(out, row) < 0)
            goto fail;
        Py_CLEAR(values);
    }
    if (PyErr_Occurred())
        goto fail;
    Py_DECREF(it);
    PyMem_Free(b.p);
    return out;
fail:
    Py_XDECREF(values);
    Py_XDECREF(it);
    Py_XDECREF(out);
    PyMem_Free(b.p);
    if (PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {   /* a text no UTF-8 holds (a lone surrogate): */
        PyErr_Clear();                                        /* the Python loop renders it as it did */
        Py_RETURN_NONE;
    }
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
 * of its cell, into a cell of the sheet without a formula.  Appends (start, 1, 0, end, xml) to `events`
 * (Splicer.events) as Splicer.apply's Python loop makes them, and returns the index of the first edit it leaves
 * to that loop
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
        /* the cell's token (whole, and its attributes after r) and where it starts */
        PyObject *toks = PyObject_GetAttr(frow, A_CELLS), *whole = NULL, *attrs = NULL;
        Py_ssize_t start = 0, k;
        if (toks == NULL)
            return NULL;
        if (PyList_Check(toks)) {   /* the tokens the Python loop found: the cells end where the body ends */
            PyObject *body_end = PyObject_GetAttr(frow, A_BODY_END);
            if (body_end != NULL && lo < PyList_GET_SIZE(toks)) {
                start = PyLong_AsSsize_t(body_end);
                for (k = lo; k < PyList_GET_SIZE(toks); k++)
                    start -= PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(PyList_GET_ITEM(toks, k), 0));
                PyObject *tok = PyList_GET_ITEM(toks, lo);
                whole = PyTuple_GET_ITEM(tok, 0), attrs = PyTuple_GET_ITEM(tok, 2);
                Py_INCREF(whole);
                Py_INCREF(attrs);
            }
            Py_XDECREF(body_end);
        } else {   /* a row of read_rows: the cells' offsets as int64 bytes, each cell as _CELL_RE takes it */
            PyObject *offs = PyObject_GetAttr(frow, A_OFFSETS), *text = PyObject_GetAttr(frow, A_TEXT);
            if (offs != NULL && text != NULL && PyBytes_Check(offs) && PyUnicode_Check(text)
                    && lo + 1 < PyBytes_GET_SIZE(offs) / (Py_ssize_t)sizeof(long long)) {
                long long o[2];
                memcpy(o, PyBytes_AS_STRING(offs) + lo * sizeof(long long), sizeof o);
                start = (Py_ssize_t)o[0];
                whole = PyUnicode_Substring(text, start, (Py_ssize_t)o[1]);
                Py_ssize_t q = whole == NULL ? -1 : PyUnicode_FindChar(whole, '"', 6, PyUnicode_GET_LENGTH(whole), 1), a;
                for (a = q + 1; q >= 0 && a < PyUnicode_GET_LENGTH(whole); a++) {   /* _CELL_RE: [^>/]* */
                    Py_UCS4 ch = PyUnicode_READ_CHAR(whole, a);
                    if (ch == '>' || ch == '/')
                        break;
                }
                if (q >= 0)
                    attrs = PyUnicode_Substring(whole, q + 1, a);
            }
            Py_XDECREF(offs);
            Py_XDECREF(text);
        }
        Py_DECREF(toks);
        PyObject *parsed = attrs == NULL ? NULL : PyDict_GetItemWithError(cache, attrs);
        PyObject *rule = NULL;
        Py_XDECREF(attrs);
        if (parsed == NULL || (percent && (rule = PyDict_GetItemWithError(rules, PyTuple_GET_ITEM(cell, 3))) == NULL)) {
            Py_XDECREF(whole);
            if (PyErr_Occurred())
                return NULL;
            break;
        }
        Py_ssize_t wlen = PyUnicode_GET_LENGTH(whole), q = PyUnicode_FindChar(whole, '"', 6, wlen, 1), end = wlen;
        while (end > 0) {   /* whole.rstrip(" \t\r\n") */
            Py_UCS4 ch = PyUnicode_READ_CHAR(whole, end - 1);
            if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n')
                break;
            end--;
        }
        PyObject *ref = q < 0 ? NULL : PyUnicode_Substring(whole, 6, q);
        Py_DECREF(whole);
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
        int styled = ok ? PyObject_IsTrue(s) : 0;
        if (ok && styled >= 0) {
            /* <c r="REF"[ s="S"]EXTRA/>  or  <c r="REF"[ s="S"]EXTRA><v>NUM</v></c>, joined at once */
            PyObject *num = clear ? NULL : decimal_text(value, fallback);
            if (clear || num != NULL) {
                PyObject *parts = styled ? PyTuple_Pack(9, S_C_OPEN, ref, S_S_OPEN, s, S_QUOTE, extra,
                                                        clear ? S_EMPTY_CLOSE : S_V_OPEN, clear ? S_EMPTY : num,
                                                        clear ? S_EMPTY : S_V_CLOSE)
                                         : PyTuple_Pack(7, S_C_OPEN, ref, S_QUOTE, extra,
                                                        clear ? S_EMPTY_CLOSE : S_V_OPEN, clear ? S_EMPTY : num,
                                                        clear ? S_EMPTY : S_V_CLOSE);
                if (parts != NULL) {
                    xml = PyUnicode_Join(S_EMPTY, parts);
                    Py_DECREF(parts);
                }
            }
            Py_XDECREF(num);
        }
        Py_DECREF(ref);
        Py_XDECREF(s);
        Py_XDECREF(extra);
        Py_XDECREF(value);
        if (xml == NULL)
            return NULL;
        PyObject *ev = PyTuple_New(5), *a = PyLong_FromSsize_t(start), *b = PyLong_FromSsize_t(start + end);
        if (ev == NULL || a == NULL || b == NULL) {
            Py_XDECREF(ev);
            Py_XDECREF(a);
            Py_XDECREF(b);
            Py_DECREF(xml);
            return NULL;
        }
        PyTuple_SET_ITEM(ev, 0, a);
        PyTuple_SET_ITEM(ev, 1, Py_NewRef(S_ONE));
        PyTuple_SET_ITEM(ev, 2, Py_NewRef(S_ZERO));
        PyTuple_SET_ITEM(ev, 3, b);
        PyTuple_SET_ITEM(ev, 4, xml);
        if (PyList_Append(events, ev) < 0) {
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


/* -- evaluate/compute.evaluate: one row's formulas on one side ----------------------------------------- */

static PyObject *A_KIND, *A_PARTS, *A_TARGET, *A_PERCENT, *M_IS_FINITE, *M_ADJUSTED, *M_QUANTIZE, *S_SUM,
    *S_NO_TARGET, *S_TOO_LARGE;

/* round_half_up(value, places) of evaluate/numbers.py for a finite Decimal whose precision fits the 28-digit
 * context (every capaian): value.quantize(exp, ROUND_HALF_UP, context_28).  Anything else goes to the Python
 * function, `fallback`. */
static PyObject *round_value(PyObject *value, long places, PyObject *decimal_type, PyObject *exp, PyObject *rounding,
                             PyObject *ctx28, PyObject *fallback)
{
    if (Py_TYPE(value) == (PyTypeObject *)decimal_type) {
        PyObject *finite = PyObject_CallMethodNoArgs(value, M_IS_FINITE);
        if (finite == NULL)
            return NULL;
        int ok = finite == Py_True;
        Py_DECREF(finite);
        if (ok) {
            PyObject *adj = PyObject_CallMethodNoArgs(value, M_ADJUSTED);
            if (adj == NULL)
                return NULL;
            long a = PyLong_AsLong(adj);
            Py_DECREF(adj);
            if (a == -1 && PyErr_Occurred())
                PyErr_Clear();
            else if (a + places + 3 <= 28)
                return PyObject_CallMethodObjArgs(value, M_QUANTIZE, exp, rounding, ctx28, NULL);
        }
    }
    return PyObject_CallFunction(fallback, "Ol", value, places);
}

/* evaluate(formulas, values, decimals, constants) -> (out, reasons), or None for what it leaves to Python (values
 * not a dict, a formula whose kind is not a str or whose parts are not a tuple, a ratio with fewer than two
 * parts).  constants: (ZERO, HUNDRED, MAX_DOUBLE, exp of `decimals`, ROUND_HALF_UP, context_28, round_half_up).
 * The same steps, in the same order, as compute._evaluate. */
static PyObject *evaluate(PyObject *self, PyObject *args)
{
    PyObject *formulas, *values, *consts;
    long decimals;
    if (!PyArg_ParseTuple(args, "OOlO!", &formulas, &values, &decimals, &PyTuple_Type, &consts))
        return NULL;
    if (!PyDict_CheckExact(values) || PyTuple_GET_SIZE(consts) != 7)
        Py_RETURN_NONE;
    PyObject *zero = PyTuple_GET_ITEM(consts, 0), *hundred = PyTuple_GET_ITEM(consts, 1),
             *max_double = PyTuple_GET_ITEM(consts, 2), *exp = PyTuple_GET_ITEM(consts, 3),
             *rounding = PyTuple_GET_ITEM(consts, 4), *ctx28 = PyTuple_GET_ITEM(consts, 5),
             *fallback = PyTuple_GET_ITEM(consts, 6), *decimal_type = (PyObject *)Py_TYPE(zero);
    PyObject *seq = PySequence_Fast(formulas, "formulas");
    if (seq == NULL)
        return NULL;
    PyObject *known = PyDict_Copy(values), *out = PyDict_New(), *reasons = PyDict_New();
    PyObject *kind = NULL, *parts = NULL, *target = NULL, *result = NULL;
    int leave = 0;
    if (known == NULL || out == NULL || reasons == NULL)
        goto fail;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *f = PySequence_Fast_GET_ITEM(seq, i);
        if (!(kind = PyObject_GetAttr(f, A_KIND)) || !(parts = PyObject_GetAttr(f, A_PARTS))
                || !(target = PyObject_GetAttr(f, A_TARGET)))
            goto fail;
        if (!PyUnicode_CheckExact(kind) || !PyTuple_CheckExact(parts)) {
            leave = 1;
            goto fail;
        }
        PyObject *reason = NULL;   /* borrowed: one of the interned reasons */
        if (PyUnicode_Compare(kind, S_SUM) == 0) {
            /* the reported parts added; a computed part without a value leaves the sum without one */
            Py_ssize_t np = PyTuple_GET_SIZE(parts);
            for (Py_ssize_t k = 0; k < np; k++) {
                PyObject *p = PyTuple_GET_ITEM(parts, k);
                PyObject *v = PyDict_GetItemWithError(known, p);
                if (v == NULL && PyErr_Occurred())
                    goto fail;
                if (v != NULL && v != Py_None) {
                    PyObject *sum = PyNumber_Add(result == NULL ? zero : result, v);
                    if (sum == NULL)
                        goto fail;
                    Py_XSETREF(result, sum);
                } else {
                    int in_out = PyDict_Contains(out, p);
                    if (in_out < 0)
                        goto fail;
                    if (in_out) {
                        Py_CLEAR(result);
                        break;
                    }
                }
            }
            if (result != NULL) {
                PyObject *a = PyNumber_Absolute(result);
                if (a == NULL)
                    goto fail;
                int big = PyObject_RichCompareBool(a, max_double, Py_GT);
                Py_DECREF(a);
                if (big < 0)
                    goto fail;
                if (big) {
                    Py_CLEAR(result);
                    reason = S_TOO_LARGE;
                }
            }
        } else {
            if (PyTuple_GET_SIZE(parts) < 2) {
                leave = 1;
                goto fail;
            }
            PyObject *num = PyDict_GetItemWithError(known, PyTuple_GET_ITEM(parts, 0)), *den;
            if (num == NULL && PyErr_Occurred())
                goto fail;
            den = PyDict_GetItemWithError(known, PyTuple_GET_ITEM(parts, 1));
            if (den == NULL && PyErr_Occurred())
                goto fail;
            if (num != NULL && num != Py_None) {
                int nil = den == NULL || den == Py_None;
                if (!nil) {
                    PyObject *z = PyLong_FromLong(0);
                    if (z == NULL)
                        goto fail;
                    nil = PyObject_RichCompareBool(den, z, Py_EQ);
                    Py_DECREF(z);
                    if (nil < 0)
                        goto fail;
                }
                if (nil)
                    reason = S_NO_TARGET;
                else {
                    PyObject *value = PyNumber_TrueDivide(num, den);
                    if (value == NULL)
                        goto fail;
                    int percent;
                    PyObject *pc = PyObject_GetAttr(f, A_PERCENT);
                    if (pc == NULL) {
                        Py_DECREF(value);
                        goto fail;
                    }
                    percent = PyObject_IsTrue(pc);
                    Py_DECREF(pc);
                    if (percent < 0) {
                        Py_DECREF(value);
                        goto fail;
                    }
                    if (percent) {
                        Py_SETREF(value, PyNumber_Multiply(value, hundred));
                        if (value == NULL)
                            goto fail;
                    }
                    PyObject *a = PyNumber_Absolute(value);
                    int big = a == NULL ? -1 : PyObject_RichCompareBool(a, max_double, Py_GT);
                    Py_XDECREF(a);
                    if (big < 0) {
                        Py_DECREF(value);
                        goto fail;
                    }
                    if (big)
                        reason = S_TOO_LARGE;
                    else if (!(result = round_value(value, decimals, decimal_type, exp, rounding, ctx28, fallback))) {
                        Py_DECREF(value);
                        goto fail;
                    }
                    Py_DECREF(value);
                }
            }
        }
        if (reason != NULL && PyDict_SetItem(reasons, target, reason) < 0)
            goto fail;
        PyObject *r = result == NULL ? Py_None : result;
        if (PyDict_SetItem(known, target, r) < 0 || PyDict_SetItem(out, target, r) < 0)
            goto fail;
        Py_CLEAR(result);
        Py_CLEAR(kind);
        Py_CLEAR(parts);
        Py_CLEAR(target);
    }
    Py_DECREF(seq);
    Py_DECREF(known);
    return Py_BuildValue("(NN)", out, reasons);
fail:
    Py_XDECREF(result);
    Py_XDECREF(kind);
    Py_XDECREF(parts);
    Py_XDECREF(target);
    Py_XDECREF(known);
    Py_XDECREF(out);
    Py_XDECREF(reasons);
    Py_DECREF(seq);
    if (leave && !PyErr_Occurred())
        Py_RETURN_NONE;
    return NULL;
}

/* -- evaluate/renja.evaluate_renja_sheet: the typed figures of one row ---------------------------------- */

/* typed_row(cells, r, inputs, sides, is_date, is_percent, percent_points, late, zero) -> {side: {number: value}},
 * or None: the row has a cell the Python loop must read (text, a formula's cached text, a date), a figure
 * below zero or one typed after the monitoring round (each a warning), and the Python loop reads the whole
 * row.  For the rest it does what that loop does: an empty cell (nothing typed, no formula) is None, a number
 * cell its value (in a percent style percent_points(value)), a text cell holding just "-" `zero` (parse_number's
 * "nil": no warning, no unit, no dot to read). */
static PyObject *typed_row(PyObject *self, PyObject *args)
{
    PyObject *cells, *r, *inputs, *sides, *is_date, *is_percent, *points, *late, *zero;
    if (!PyArg_ParseTuple(args, "O!OO!O!OOOO!O", &PyDict_Type, &cells, &r, &PyList_Type, &inputs, &PyTuple_Type,
                          &sides, &is_date, &is_percent, &points, &PySet_Type, &late, &zero))
        return NULL;
    PyObject *typed = PyDict_New(), *key = NULL, *value = NULL;
    if (typed == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(sides); i++) {
        PyObject *d = PyDict_New();
        if (d == NULL || PyDict_SetItem(typed, PyTuple_GET_ITEM(sides, i), d) < 0) {
            Py_XDECREF(d);
            goto fail;
        }
        Py_DECREF(d);
    }
    Py_ssize_t n = PyList_GET_SIZE(inputs);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *inp = PyList_GET_ITEM(inputs, i);
        if (!PyTuple_Check(inp) || PyTuple_GET_SIZE(inp) != 3)
            goto leave;
        PyObject *number = PyTuple_GET_ITEM(inp, 0), *side = PyTuple_GET_ITEM(inp, 1), *c = PyTuple_GET_ITEM(inp, 2);
        PyObject *of_side = PyDict_GetItemWithError(typed, side);   /* borrowed */
        if (of_side == NULL)
            goto leave_or_fail;
        if (!(key = PyTuple_Pack(2, r, c)))
            goto fail;
        PyObject *t = PyDict_GetItemWithError(cells, key);   /* (value, kind, formula, style) */
        Py_CLEAR(key);
        if (t == NULL && PyErr_Occurred())
            goto fail;
        if (t != NULL && (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 4))
            goto leave;
        if (t == NULL || (PyTuple_GET_ITEM(t, 0) == Py_None && !PyObject_IsTrue(PyTuple_GET_ITEM(t, 2)))) {
            if (PyErr_Occurred() || PyDict_SetItem(of_side, number, Py_None) < 0)
                goto fail;
            continue;
        }
        PyObject *kind = PyTuple_GET_ITEM(t, 1), *style = PyTuple_GET_ITEM(t, 3), *v = PyTuple_GET_ITEM(t, 0);
        if (!PyUnicode_Check(kind))
            goto leave;
        if (PyUnicode_CompareWithASCIIString(kind, "s") == 0 && PyUnicode_CheckExact(v)
                && PyUnicode_GET_LENGTH(v) == 1 && PyUnicode_READ_CHAR(v, 0) == '-') {
            /* a lone "-": the usual "nothing" of a figure cell, which the Python loop reads as 0 without a word */
            value = Py_NewRef(zero);
            goto read;
        }
        if (PyUnicode_CompareWithASCIIString(kind, "n") != 0)
            goto leave;
        PyObject *is = PyObject_CallOneArg(is_date, style);
        if (is == NULL)
            goto fail;
        int date = PyObject_IsTrue(is);
        Py_DECREF(is);
        if (date < 0)
            goto fail;
        if (date)
            goto leave;
        if (!(is = PyObject_CallOneArg(is_percent, style)))
            goto fail;
        int pct = PyObject_IsTrue(is);
        Py_DECREF(is);
        if (pct < 0)
            goto fail;
        value = pct ? PyObject_CallOneArg(points, PyTuple_GET_ITEM(t, 0)) : Py_NewRef(PyTuple_GET_ITEM(t, 0));
        if (value == NULL)
            goto fail;
    read:
        if (value != Py_None) {
            int below = PyObject_RichCompareBool(value, zero, Py_LT);
            if (below < 0)
                goto fail;
            int after = PySet_Contains(late, number);
            if (after < 0)
                goto fail;
            if (below || after)
                goto leave;
        }
        if (PyDict_SetItem(of_side, number, value) < 0)
            goto fail;
        Py_CLEAR(value);
    }
    return typed;
leave_or_fail:
    if (PyErr_Occurred())
        goto fail;
leave:
    Py_XDECREF(value);
    Py_DECREF(typed);
    Py_RETURN_NONE;
fail:
    Py_XDECREF(key);
    Py_XDECREF(value);
    Py_DECREF(typed);
    return NULL;
}

/* join_events(data, base, events, stop) -> bytes: cell_writer._join_events, one copy into one buffer.  Events
 * are (start, kind, order, end, xml) sorted by start, offsets from `base`, none overlapping the next; None
 * for anything else (the Python function joins it). */
static PyObject *join_events(PyObject *self, PyObject *args)
{
    PyObject *data, *events;
    Py_ssize_t base, stop;
    if (!PyArg_ParseTuple(args, "O!nO!n", &PyBytes_Type, &data, &base, &PyList_Type, &events, &stop))
        return NULL;
    const char *src = PyBytes_AS_STRING(data);
    Py_ssize_t size = PyBytes_GET_SIZE(data), n = PyList_GET_SIZE(events), total = 0, last = 0;
    if (base < 0 || stop > size || base > stop)
        goto bad;
    /* first pass: check every offset and add up the size */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(events, i);
        if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 5 || !PyUnicode_Check(PyTuple_GET_ITEM(e, 4)))
            goto bad;
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(e, 0)), end = PyLong_AsSsize_t(PyTuple_GET_ITEM(e, 3)),
                   len;
        if ((start == -1 || end == -1) && PyErr_Occurred())
            return NULL;
        if (start < last || end < start || base + end > stop)
            goto bad;
        if (PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(e, 4), &len) == NULL)
            return NULL;
        total += (start - last) + len;
        last = end;
    }
    total += stop - (base + last);
    PyObject *out = PyBytes_FromStringAndSize(NULL, total);
    if (out == NULL)
        return NULL;
    char *dst = PyBytes_AS_STRING(out);
    last = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(events, i);
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(e, 0)), end = PyLong_AsSsize_t(PyTuple_GET_ITEM(e, 3)),
                   len;
        const char *xml = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(e, 4), &len);
        memcpy(dst, src + base + last, start - last);
        dst += start - last;
        memcpy(dst, xml, len);
        dst += len;
        last = end;
    }
    memcpy(dst, src + base + last, stop - (base + last));
    return out;
bad:   /* not what the splice makes: the Python loop gives what it gives */
    Py_RETURN_NONE;
}

/* -- forms/renja._row_strings: the text values of one row ----------------------------------------------- */

/* row_strings(cells, r, cols) -> [value of cells[(r, c)] for c in cols if it is a str], in column order */
static PyObject *row_strings(PyObject *self, PyObject *args)
{
    PyObject *cells, *r, *cols;
    if (!PyArg_ParseTuple(args, "O!OO", &PyDict_Type, &cells, &r, &cols))
        return NULL;
    PyObject *seq = PySequence_Fast(cols, "cols"), *out = PyList_New(0);
    if (seq == NULL || out == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *key = PyTuple_Pack(2, r, PySequence_Fast_GET_ITEM(seq, i));
        if (key == NULL)
            goto fail;
        PyObject *t = PyDict_GetItemWithError(cells, key);
        if (t == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, key);
            Py_DECREF(key);
            goto fail;
        }
        Py_DECREF(key);
        PyObject *v = PySequence_GetItem(t, 0);
        if (v == NULL)
            goto fail;
        int keep = PyUnicode_CheckExact(v) && PyList_Append(out, v) < 0 ? -1 : 0;
        Py_DECREF(v);
        if (keep < 0)
            goto fail;
    }
    Py_DECREF(seq);
    return out;
fail:
    Py_XDECREF(seq);
    Py_XDECREF(out);
    return NULL;
}

/* empty_edits(targets, values, cells, r, kept, edits, Edit) -> bool: evaluate_renja_sheet's loop over a side's
 * computed cells when every one it writes (those not in `kept`) is present in the sheet and empty (no value, no
 * formula): then it appends Edit(r, c, kind, value, None) for each computed value that is not None, in order,
 * and returns True.  Otherwise it appends nothing and returns False: the Python loop does the row. */
static PyObject *empty_edits(PyObject *self, PyObject *args)
{
    PyObject *targets, *values, *cells, *r, *kept, *edits, *edit_type;
    if (!PyArg_ParseTuple(args, "O!O!O!OO!O!O", &PyList_Type, &targets, &PyDict_Type, &values, &PyDict_Type, &cells,
                          &r, &PyDict_Type, &kept, &PyList_Type, &edits, &edit_type))
        return NULL;
    if (!PyType_Check(edit_type) || !PyType_IsSubtype((PyTypeObject *)edit_type, &PyTuple_Type))
        Py_RETURN_FALSE;
    Py_ssize_t n = PyList_GET_SIZE(targets);
    int use_kept = PyDict_GET_SIZE(kept) > 0;
    /* first pass: is every cell written present and empty, every value computed? */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *tg = PyList_GET_ITEM(targets, i);
        if (!PyTuple_Check(tg) || PyTuple_GET_SIZE(tg) != 6)
            Py_RETURN_FALSE;
        PyObject *num = PyTuple_GET_ITEM(tg, 1), *c = PyTuple_GET_ITEM(tg, 2);
        if (use_kept) {
            int in = PyDict_Contains(kept, num);
            if (in < 0)
                return NULL;
            if (in)
                continue;
        }
        if (PyDict_GetItemWithError(values, num) == NULL) {
            if (PyErr_Occurred())
                return NULL;
            Py_RETURN_FALSE;
        }
        PyObject *key = PyTuple_Pack(2, r, c);
        if (key == NULL)
            return NULL;
        PyObject *t = PyDict_GetItemWithError(cells, key);
        Py_DECREF(key);
        if (t == NULL) {
            if (PyErr_Occurred())
                return NULL;
            Py_RETURN_FALSE;
        }
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 4 || PyTuple_GET_ITEM(t, 0) != Py_None)
            Py_RETURN_FALSE;
        int formula = PyObject_IsTrue(PyTuple_GET_ITEM(t, 2));
        if (formula < 0)
            return NULL;
        if (formula)
            Py_RETURN_FALSE;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *tg = PyList_GET_ITEM(targets, i), *num = PyTuple_GET_ITEM(tg, 1);
        if (use_kept) {
            int in = PyDict_Contains(kept, num);
            if (in < 0)
                return NULL;
            if (in)
                continue;
        }
        PyObject *v = PyDict_GetItemWithError(values, num);
        if (v == NULL)
            return NULL;   /* (checked above: only an error gets here) */
        if (v == Py_None)
            continue;
        PyObject *fields = PyTuple_Pack(5, r, PyTuple_GET_ITEM(tg, 2), PyTuple_GET_ITEM(tg, 4), v, Py_None);
        PyObject *targs = fields ? PyTuple_Pack(1, fields) : NULL;
        Py_XDECREF(fields);
        PyObject *edit = targs ? PyTuple_Type.tp_new((PyTypeObject *)edit_type, targs, NULL) : NULL;
        Py_XDECREF(targs);
        if (edit == NULL || PyList_Append(edits, edit) < 0) {
            Py_XDECREF(edit);
            return NULL;
        }
        Py_DECREF(edit);
    }
    Py_RETURN_TRUE;
}

/* renja_side(spec, typed, cells, r, edits, Edit, row[, checks]) -> (reasons, over_budget), or None.  The end of one side of
 * a row in evaluate_renja_sheet, when nothing is kept as typed: compute.evaluate of the side's formulas over
 * `typed`; when every computed cell is present and empty (empty_edits), their edits; `typed` updated with the
 * computed values; the pagu check; the row's figures of the side.  None when the evaluation or the edits are
 * left to Python: then nothing was changed and the Python code does the side.  spec: (formulas, targets,
 * decimals, constants, side, target_n, quarters, realisasi_n, capaian_n, renstra_n or None, (spent_n, pagu_n)
 * or None, empty dict).  over_budget: 0 < pagu < spent (the caller says it). */
static PyObject *A_ROW, *A_KODE, *A_LEVEL, *A_SASARAN, *A_PROGRAM, *A_INDICATOR, *A_UNIT, *A_PREDIKAT, *A_PROGRESS,
    *S_K, *S_RP;
static PyObject *A_TARGET_D, *A_QUARTERS_D, *A_REALISASI_D, *A_CAPAIAN_D, *A_RENSTRA_D[3];

static int set_side(PyObject *row, PyObject *attr, PyObject *side, PyObject *value)
{
    PyObject *d = PyObject_GetAttr(row, attr);
    if (d == NULL)
        return -1;
    int rc = PyDict_Check(d) ? PyDict_SetItem(d, side, value) : PyObject_SetItem(d, side, value);
    Py_DECREF(d);
    return rc;
}

/* typed.get(n) as a new reference when n is "a column" (truthy: Python's `allv.get(n) if n else None`) */
static PyObject *figure_of(PyObject *typed, PyObject *n, int truthy_test)
{
    int use = truthy_test ? PyObject_IsTrue(n) : n != Py_None;
    if (use < 0)
        return NULL;
    if (!use)
        Py_RETURN_NONE;
    PyObject *v = PyDict_GetItemWithError(typed, n);
    if (v == NULL && PyErr_Occurred())
        return NULL;
    v = v == NULL ? Py_None : v;
    Py_INCREF(v);
    return v;
}

/* The checks evaluate_renja_sheet makes before it evaluates a side, when each finds nothing (else 0: the Python code
 * makes them and says what it found).  checks: (sums, year_parts, target_n, zero, hundred, level_like), where sums
 * are the side's sum formulas as (target, parts, column): _typed_totals finds no typed total (a sum with no part
 * reported whose cell holds a value); year_parts (or None): _level_summed keeps nothing (fewer than two quarters
 * reported, their sum at most 100, or level_like(indicator, unit) false) and compute.looks_cumulative is false. */
static int side_checks_pass(PyObject *checks, PyObject *typed, PyObject *cells, PyObject *r, PyObject *row)
{
    PyObject *sums = PyTuple_GET_ITEM(checks, 0), *year = PyTuple_GET_ITEM(checks, 1),
             *target_n = PyTuple_GET_ITEM(checks, 2), *zero = PyTuple_GET_ITEM(checks, 3),
             *hundred = PyTuple_GET_ITEM(checks, 4), *level_like = PyTuple_GET_ITEM(checks, 5);
    if (!PyTuple_Check(sums) || (year != Py_None && !PyTuple_Check(year)))
        return 0;
    PyObject *reported[32];
    Py_ssize_t nrep = 0, ns = PyTuple_GET_SIZE(sums);
    if (ns > 32)
        return 0;
    for (Py_ssize_t i = 0; i < ns; i++) {
        PyObject *sp = PyTuple_GET_ITEM(sums, i);
        if (!PyTuple_Check(sp) || PyTuple_GET_SIZE(sp) != 3 || !PyTuple_Check(PyTuple_GET_ITEM(sp, 1)))
            return 0;
        PyObject *parts = PyTuple_GET_ITEM(sp, 1);
        int found = 0;
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(parts) && !found; k++) {
            PyObject *p = PyTuple_GET_ITEM(parts, k);
            PyObject *v = PyDict_GetItemWithError(typed, p);
            if (v == NULL && PyErr_Occurred())
                return -1;
            if (v != NULL && v != Py_None)
                found = 1;
            for (Py_ssize_t j = 0; j < nrep && !found; j++) {
                int eq = PyObject_RichCompareBool(reported[j], p, Py_EQ);
                if (eq < 0)
                    return -1;
                found = eq;
            }
        }
        if (found) {
            reported[nrep++] = PyTuple_GET_ITEM(sp, 0);
            continue;
        }
        PyObject *key = PyTuple_Pack(2, r, PyTuple_GET_ITEM(sp, 2));
        if (key == NULL)
            return -1;
        PyObject *t = PyDict_GetItemWithError(cells, key);
        Py_DECREF(key);
        if (t == NULL) {
            if (PyErr_Occurred())
                return -1;
            continue;
        }
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 4)
            return 0;
        int formula = PyObject_IsTrue(PyTuple_GET_ITEM(t, 2));
        if (formula < 0)
            return -1;
        if (formula || PyTuple_GET_ITEM(t, 0) == Py_None)
            continue;
        return 0;   /* a total typed with no part reported: _typed_totals reads it */
    }
    if (year == Py_None)
        return 1;
    Py_ssize_t nq = PyTuple_GET_SIZE(year), n = 0;
    PyObject *q[8];
    if (nq > 8)
        return 0;
    for (Py_ssize_t k = 0; k < nq; k++) {
        PyObject *v = PyDict_GetItemWithError(typed, PyTuple_GET_ITEM(year, k));
        if (v == NULL && PyErr_Occurred())
            return -1;
        if (v != NULL && v != Py_None)
            q[n++] = v;
    }
    if (n < 2)
        return 1;   /* (looks_cumulative needs three) */
    PyObject *total = Py_NewRef(zero);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_SETREF(total, PyNumber_Add(total, q[k]));
        if (total == NULL)
            return -1;
    }
    int over = PyObject_RichCompareBool(total, hundred, Py_GT);
    if (over > 0) {   /* _level_summed: summed past 100, is it a level? */
        PyObject *indicator = PyObject_GetAttr(row, A_INDICATOR), *unit = indicator ? PyObject_GetAttr(row, A_UNIT) : NULL;
        PyObject *said = unit ? PyObject_CallFunctionObjArgs(level_like, indicator, unit, NULL) : NULL;
        Py_XDECREF(indicator);
        Py_XDECREF(unit);
        over = said == NULL ? -1 : PyObject_IsTrue(said);
        Py_XDECREF(said);
        if (over != 0) {
            Py_DECREF(total);
            return over < 0 ? -1 : 0;
        }
    } else if (over < 0) {
        Py_DECREF(total);
        return -1;
    }
    /* compute.looks_cumulative(quarters, target) */
    PyObject *target = PyDict_GetItemWithError(typed, target_n);
    if (target == NULL && PyErr_Occurred()) {
        Py_DECREF(total);
        return -1;
    }
    int pass = 1;
    if (n >= 3 && target != NULL && target != Py_None) {
        int positive = PyObject_RichCompareBool(target, zero, Py_GT), rising = positive;
        for (Py_ssize_t k = 1; k < n && rising > 0; k++)
            rising = PyObject_RichCompareBool(q[k], q[k - 1], Py_GT);
        if (rising < 0) {
            Py_DECREF(total);
            return -1;
        }
        if (rising) {
            /* abs(last - target) <= target / 20 and sum >= target * 2 */
            PyObject *twenty = PyLong_FromLong(20), *two = PyLong_FromLong(2);
            PyObject *diff = PyNumber_Subtract(q[n - 1], target), *ad = diff ? PyNumber_Absolute(diff) : NULL;
            PyObject *bound = twenty ? PyNumber_TrueDivide(target, twenty) : NULL;
            PyObject *twice = two ? PyNumber_Multiply(target, two) : NULL;
            int near = ad && bound ? PyObject_RichCompareBool(ad, bound, Py_LE) : -1;
            int big = near > 0 && twice ? PyObject_RichCompareBool(total, twice, Py_GE) : (near < 0 ? -1 : 0);
            Py_XDECREF(twenty);
            Py_XDECREF(two);
            Py_XDECREF(diff);
            Py_XDECREF(ad);
            Py_XDECREF(bound);
            Py_XDECREF(twice);
            if (near < 0 || big < 0) {
                Py_DECREF(total);
                return -1;
            }
            pass = !(near && big);
        }
    }
    Py_DECREF(total);
    return pass;
}

static PyObject *renja_side(PyObject *self, PyObject *args)
{
    PyObject *spec, *typed, *cells, *r, *edits, *edit_type, *row, *checks = Py_None;
    if (!PyArg_ParseTuple(args, "O!O!O!OO!OO|O", &PyTuple_Type, &spec, &PyDict_Type, &typed, &PyDict_Type, &cells,
                          &r, &PyList_Type, &edits, &edit_type, &row, &checks))
        return NULL;
    if (PyTuple_GET_SIZE(spec) != 12)
        Py_RETURN_NONE;
    if (checks != Py_None) {
        if (!PyTuple_Check(checks) || PyTuple_GET_SIZE(checks) != 6)
            Py_RETURN_NONE;
        int pass = side_checks_pass(checks, typed, cells, r, row);
        if (pass < 0)
            return NULL;
        if (!pass)
            Py_RETURN_NONE;
    }
    PyObject *formulas = PyTuple_GET_ITEM(spec, 0), *targets = PyTuple_GET_ITEM(spec, 1),
             *decimals = PyTuple_GET_ITEM(spec, 2), *consts = PyTuple_GET_ITEM(spec, 3),
             *side = PyTuple_GET_ITEM(spec, 4), *target_n = PyTuple_GET_ITEM(spec, 5),
             *quarters = PyTuple_GET_ITEM(spec, 6), *realisasi_n = PyTuple_GET_ITEM(spec, 7),
             *capaian_n = PyTuple_GET_ITEM(spec, 8), *renstra_n = PyTuple_GET_ITEM(spec, 9),
             *pagu = PyTuple_GET_ITEM(spec, 10), *no_kept = PyTuple_GET_ITEM(spec, 11);
    if (!PyList_Check(quarters) || (renstra_n != Py_None && (!PyTuple_Check(renstra_n) || PyTuple_GET_SIZE(renstra_n) != 3))
            || (pagu != Py_None && (!PyTuple_Check(pagu) || PyTuple_GET_SIZE(pagu) != 2)) || !PyDict_CheckExact(no_kept)
            || PyDict_GET_SIZE(no_kept) != 0)
        Py_RETURN_NONE;
    PyObject *eargs = PyTuple_Pack(4, formulas, typed, decimals, consts);
    if (eargs == NULL)
        return NULL;
    PyObject *done = evaluate(self, eargs);
    Py_DECREF(eargs);
    if (done == NULL || done == Py_None)
        return done;
    PyObject *out = PyTuple_GET_ITEM(done, 0), *reasons = PyTuple_GET_ITEM(done, 1);
    PyObject *xargs = PyTuple_Pack(7, targets, out, cells, r, no_kept, edits, edit_type);
    PyObject *wrote = xargs ? empty_edits(self, xargs) : NULL;
    Py_XDECREF(xargs);
    if (wrote != Py_True) {   /* an error, or a computed cell holding something: the Python loop */
        Py_DECREF(done);
        if (wrote == NULL)
            return NULL;
        Py_DECREF(wrote);
        Py_RETURN_NONE;
    }
    Py_DECREF(wrote);
    if (PyDict_Update(typed, out) < 0)
        goto fail;
    int over = 0;
    if (pagu != Py_None) {   /* 0 < pagu < spent */
        PyObject *spent = PyDict_GetItemWithError(typed, PyTuple_GET_ITEM(pagu, 0)), *budget;
        if (spent == NULL && PyErr_Occurred())
            goto fail;
        budget = PyDict_GetItemWithError(typed, PyTuple_GET_ITEM(pagu, 1));
        if (budget == NULL && PyErr_Occurred())
            goto fail;
        if (spent != NULL && spent != Py_None && budget != NULL && budget != Py_None) {
            int pos = PyObject_RichCompareBool(S_ZERO, budget, Py_LT);
            if (pos < 0)
                goto fail;
            if (pos) {
                over = PyObject_RichCompareBool(budget, spent, Py_LT);
                if (over < 0)
                    goto fail;
            }
        }
    }
    PyObject *v;
    if (!(v = figure_of(typed, target_n, 1)) || set_side(row, A_TARGET_D, side, v) < 0) {
        Py_XDECREF(v);
        goto fail;
    }
    Py_DECREF(v);
    Py_ssize_t nq = PyList_GET_SIZE(quarters);
    PyObject *qs = PyList_New(nq);
    if (qs == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < nq; i++) {
        PyObject *q = PyDict_GetItemWithError(typed, PyList_GET_ITEM(quarters, i));
        if (q == NULL && PyErr_Occurred()) {
            Py_DECREF(qs);
            goto fail;
        }
        q = q == NULL ? Py_None : q;
        Py_INCREF(q);
        PyList_SET_ITEM(qs, i, q);
    }
    int rc = set_side(row, A_QUARTERS_D, side, qs);
    Py_DECREF(qs);
    if (rc < 0)
        goto fail;
    if (!(v = figure_of(typed, realisasi_n, 1)) || set_side(row, A_REALISASI_D, side, v) < 0) {
        Py_XDECREF(v);
        goto fail;
    }
    Py_DECREF(v);
    if (!(v = figure_of(typed, capaian_n, 0)) || set_side(row, A_CAPAIAN_D, side, v) < 0) {
        Py_XDECREF(v);
        goto fail;
    }
    Py_DECREF(v);
    if (renstra_n != Py_None) {
        for (int k = 0; k < 3; k++) {
            PyObject *g = PyDict_GetItemWithError(typed, PyTuple_GET_ITEM(renstra_n, k));
            if (g == NULL && PyErr_Occurred())
                goto fail;
            if (set_side(row, A_RENSTRA_D[k], side, g == NULL ? Py_None : g) < 0)
                goto fail;
        }
    }
    PyObject *result = Py_BuildValue("(OO)", reasons, over ? Py_True : Py_False);
    Py_DECREF(done);
    return result;
fail:
    Py_DECREF(done);
    return NULL;
}

/* cell_texts(cells, r, cols, text) -> [text(r, c) for c in cols]: Grid.text of each cell, a str value stripped
 * here, any other value but None by the Python method `text`. */
static PyObject *cell_texts(PyObject *self, PyObject *args)
{
    PyObject *cells, *r, *cols, *text;
    if (!PyArg_ParseTuple(args, "O!OO!O", &PyDict_Type, &cells, &r, &PyList_Type, &cols, &text))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(cols);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *c = PyList_GET_ITEM(cols, i), *key = PyTuple_Pack(2, r, c), *got;
        if (key == NULL)
            goto fail;
        PyObject *t = PyDict_GetItemWithError(cells, key);
        Py_DECREF(key);
        if (t == NULL && PyErr_Occurred())
            goto fail;
        PyObject *v = t != NULL && PyTuple_Check(t) && PyTuple_GET_SIZE(t) > 0 ? PyTuple_GET_ITEM(t, 0) : NULL;
        if (t == NULL || v == Py_None)
            got = Py_NewRef(S_EMPTY);
        else if (v != NULL && PyUnicode_CheckExact(v)) {
            Py_ssize_t len = PyUnicode_GET_LENGTH(v);
            if (len == 0 || (!Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(v, 0))
                             && !Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(v, len - 1))))
                got = Py_NewRef(v);   /* str.strip() would give it back as it is */
            else
                got = PyObject_CallMethod(v, "strip", NULL);
        } else
            got = PyObject_CallFunctionObjArgs(text, r, c, NULL);
        if (got == NULL)
            goto fail;
        PyList_SET_ITEM(out, i, got);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* exported_zeros(cells, rows, cols) -> bool: evaluate/renja._exported_zeros' loop (every filled cell of rows x cols
 * a plain number 0, and at least one) */
static PyObject *exported_zeros(PyObject *self, PyObject *args)
{
    PyObject *cells, *rows, *cols, *zero = NULL;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyDict_Type, &cells, &PyList_Type, &rows, &PyList_Type, &cols))
        return NULL;
    int zeros = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(rows); i++) {
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(cols); j++) {
            PyObject *key = PyTuple_Pack(2, PyList_GET_ITEM(rows, i), PyList_GET_ITEM(cols, j));
            if (key == NULL)
                goto fail;
            PyObject *t = PyDict_GetItemWithError(cells, key);
            Py_DECREF(key);
            if (t == NULL) {
                if (PyErr_Occurred())
                    goto fail;
                continue;
            }
            if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 4) {
                PyErr_SetString(PyExc_TypeError, "exported_zeros: a grid cell is not (value, kind, formula, style)");
                goto fail;
            }
            int formula = PyObject_IsTrue(PyTuple_GET_ITEM(t, 2));
            if (formula < 0)
                goto fail;
            PyObject *v = PyTuple_GET_ITEM(t, 0);
            if (v == Py_None && !formula)
                continue;
            if (formula || !PyUnicode_Check(PyTuple_GET_ITEM(t, 1))
                    || PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(t, 1), "n") != 0)
                goto no;
            if (zero == NULL && !(zero = PyLong_FromLong(0)))
                goto fail;
            int nonzero = PyObject_RichCompareBool(v, zero, Py_NE);
            if (nonzero < 0)
                goto fail;
            if (nonzero)
                goto no;
            zeros = 1;
        }
    }
    Py_XDECREF(zero);
    return PyBool_FromLong(zeros);
no:
    Py_XDECREF(zero);
    Py_RETURN_FALSE;
fail:
    Py_XDECREF(zero);
    return NULL;
}

/* -- figures as the rekap and the round record write them --------------------------------------------------- */

/* A finite Decimal as a float: what float(value) gives (the shortest text, then the correctly rounded double),
 * without the method call.  NULL with no error set: not a plain finite number (the caller asks Python). */
/* A Decimal's text of at most 15 significant digits and at most 22 after the point, without an exponent, as
 * the double nearest to it: its digits as a whole number and a power of ten are both exact doubles, and one
 * IEEE division rounds correctly, as strtod does (Clinger's fast path).  0: not such a text. */
static int short_decimal_double(const char *p, Py_ssize_t n, double *out)
{
    static const double pow10[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
                                     1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    Py_ssize_t i = 0;
    int neg = 0, digits = 0, frac = 0, dot = 0, any = 0;
    unsigned long long m = 0;
    if (n > 0 && p[0] == '-') {
        neg = 1;
        i = 1;
    }
    for (; i < n; i++) {
        char c = p[i];
        if (c >= '0' && c <= '9') {
            any = 1;
            if (dot)
                frac++;
            if (m == 0 && c == '0')
                continue;   /* a leading zero: no digit of significance */
            if (++digits > 15)
                return 0;
            m = m * 10 + (unsigned long long)(c - '0');
        } else if (c == '.' && !dot)
            dot = 1;
        else
            return 0;   /* an exponent, Infinity, NaN: strtod's way */
    }
    if (!any || frac > 22)
        return 0;
    double d = frac ? (double)m / pow10[frac] : (double)m;
    *out = neg ? -d : d;
    return 1;
}

static PyObject *decimal_float(PyObject *value)
{
    PyObject *text = PyObject_Str(value);
    if (text == NULL)
        return NULL;
    Py_ssize_t n;
    const char *p = PyUnicode_AsUTF8AndSize(text, &n);
    PyObject *out = NULL;
    double quick;
    if (p != NULL && short_decimal_double(p, n, &quick))
        out = PyFloat_FromDouble(quick);
    else if (p != NULL && n > 0 && n < 64 && strpbrk(p, "INsn") == NULL) {   /* not Infinity, NaN, sNaN */
        char *end;
        double d = PyOS_string_to_double(p, &end, NULL);
        if (d == -1.0 && PyErr_Occurred())
            PyErr_Clear();
        else if (*end == '\0' && isfinite(d))
            out = PyFloat_FromDouble(d);
    }
    Py_DECREF(text);
    return out;
}

/* sheet_numbers(values, decimal_type, sheet_number) -> [sheet_number(v) for v in values]: None stays None, a
 * finite Decimal becomes its float here, anything else goes to the Python function. */
static PyObject *sheet_numbers(PyObject *self, PyObject *args)
{
    PyObject *values, *decimal_type, *fallback;
    if (!PyArg_ParseTuple(args, "O!OO", &PyList_Type, &values, &decimal_type, &fallback))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(values);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = PyList_GET_ITEM(values, i), *got = NULL;
        if (v == Py_None)
            got = Py_NewRef(Py_None);
        else {
            if ((PyObject *)Py_TYPE(v) == decimal_type)
                got = decimal_float(v);
            if (got == NULL && !PyErr_Occurred())
                got = PyObject_CallOneArg(fallback, v);
        }
        if (got == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, got);
    }
    return out;
}

/* -- evaluate/renja.py: a sheet's rows as the record and the rekap take them -------------------------------- */


/* d.get(key) of a dict attribute of `obj`, as a new reference; -2 in *bad (and NULL) when it is not a dict */
static PyObject *side_of(PyObject *d, PyObject *key, int *bad)
{
    if (!PyDict_CheckExact(d)) {
        *bad = 1;
        return NULL;
    }
    PyObject *v = PyDict_GetItemWithError(d, key);
    if (v == NULL && PyErr_Occurred())
        return NULL;
    return Py_NewRef(v == NULL ? Py_None : v);
}

/* the attributes of a RenjaRowResult, new references in `out` (n of them); 0, or -1 on an error */
static int attrs_of(PyObject *obj, PyObject **names, PyObject **out, int n)
{
    for (int i = 0; i < n; i++) {
        out[i] = PyObject_GetAttr(obj, names[i]);
        if (out[i] == NULL) {
            for (int k = 0; k < i; k++)
                Py_DECREF(out[k]);
            return -1;
        }
    }
    return 0;
}

/* the K and Rp figures of the dict attributes a[from..to) into line[*j...]; -1 on an error, *bad when one is not
 * a dict (the slots left are NULL) */
static int put_sides(PyObject *line, Py_ssize_t *j, PyObject **a, int from, int to, int *bad)
{
    for (int k = from; k < to && !*bad; k++) {
        for (int sd = 0; sd < 2 && !*bad; sd++) {
            PyObject *v = side_of(a[k], sd ? S_RP : S_K, bad);
            if (v == NULL) {
                if (!*bad)
                    return -1;
            } else
                PyList_SET_ITEM(line, (*j)++, v);
        }
    }
    return 0;
}

/* renja_record_rows(rows) -> evaluate/renja._record_rows(rows), or None when a row's figures are not held as that
 * function expects (dicts of sides, quarters as lists or None): then the Python function makes them. */
static PyObject *renja_record_rows(PyObject *self, PyObject *args)
{
    PyObject *rows;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &rows))
        return NULL;
    PyObject *names[15] = {A_ROW, A_KODE, A_LEVEL, A_SASARAN, A_PROGRAM, A_INDICATOR, A_UNIT, A_TARGET_D,
                           A_REALISASI_D, A_CAPAIAN_D, A_PREDIKAT, A_QUARTERS_D, A_RENSTRA_D[0], A_RENSTRA_D[1],
                           A_RENSTRA_D[2]};
    Py_ssize_t n = PyList_GET_SIZE(rows);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *a[15];
        if (attrs_of(PyList_GET_ITEM(rows, i), names, a, 15) < 0)
            goto fail;
        PyObject *line = PyList_New(28);
        int bad = 0, err = line == NULL;
        Py_ssize_t j = 0;
        for (int k = 0; k < 7 && !err; k++)
            PyList_SET_ITEM(line, j++, Py_NewRef(a[k]));
        if (!err)   /* target, realisasi, capaian: K then Rp */
            err = put_sides(line, &j, a, 7, 10, &bad) < 0;
        if (!err && !bad)
            PyList_SET_ITEM(line, j++, Py_NewRef(a[10]));   /* predikat */
        for (int sd = 0; sd < 2 && !err && !bad; sd++) {   /* _four(quarters K), _four(quarters Rp) */
            PyObject *q = side_of(a[11], sd ? S_RP : S_K, &bad);
            if (q == NULL) {
                err = !bad;
                break;
            }
            if (q != Py_None && !PyList_CheckExact(q))
                bad = 1;
            else {
                Py_ssize_t m = q == Py_None ? 0 : PyList_GET_SIZE(q);
                for (Py_ssize_t k = 0; k < 4; k++)
                    PyList_SET_ITEM(line, j++, Py_NewRef(k < m ? PyList_GET_ITEM(q, k) : Py_None));
            }
            Py_DECREF(q);
        }
        if (!err && !bad)   /* the Renstra target, realisasi, capaian */
            err = put_sides(line, &j, a, 12, 15, &bad) < 0;
        for (int k = 0; k < 15; k++)
            Py_DECREF(a[k]);
        if (err || bad) {
            /* (the slots not filled yet are NULL: list_dealloc skips them) */
            Py_XDECREF(line);
            Py_DECREF(out);
            if (err)
                return NULL;
            Py_RETURN_NONE;
        }
        PyList_SET_ITEM(out, i, line);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* renja_indikator_rows(rows, where, quarter_names, decimal_type, sheet_number) -> the rows of
 * evaluate/renja._indikator_rows as a list, or None when a row's figures are not held as it expects. */
static PyObject *renja_indikator_rows(PyObject *self, PyObject *args)
{
    PyObject *rows, *where, *qnames, *decimal_type, *fallback;
    if (!PyArg_ParseTuple(args, "O!O!O!OO", &PyList_Type, &rows, &PyTuple_Type, &where, &PyTuple_Type, &qnames,
                          &decimal_type, &fallback))
        return NULL;
    PyObject *names[13] = {A_ROW, A_KODE, A_LEVEL, A_PROGRAM, A_INDICATOR, A_UNIT, A_TARGET_D, A_QUARTERS_D,
                           A_REALISASI_D, A_CAPAIAN_D, A_PREDIKAT, A_PROGRESS, NULL};
    Py_ssize_t n = PyList_GET_SIZE(rows), nw = PyTuple_GET_SIZE(where), nq = PyTuple_GET_SIZE(qnames);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *a[12];
        if (attrs_of(PyList_GET_ITEM(rows, i), names, a, 12) < 0)
            goto fail;
        PyObject *line = PyList_New(nw + 22), *figs[14] = {NULL};
        int bad = 0, err = line == NULL;
        Py_ssize_t j = 0;
        for (Py_ssize_t k = 0; k < nw && !err; k++)
            PyList_SET_ITEM(line, j++, Py_NewRef(PyTuple_GET_ITEM(where, k)));
        for (int k = 0; k < 6 && !err; k++)
            PyList_SET_ITEM(line, j++, Py_NewRef(a[k]));
        /* target K, Rp; TW I..IV K and Rp alternating; realisasi K, Rp; capaian K, Rp */
        PyObject *qk = NULL, *qr = NULL;
        if (!err) {
            figs[0] = side_of(a[6], S_K, &bad);
            figs[1] = figs[0] ? side_of(a[6], S_RP, &bad) : NULL;
            qk = figs[1] ? side_of(a[7], S_K, &bad) : NULL;
            qr = qk ? side_of(a[7], S_RP, &bad) : NULL;
            if (qr != NULL && ((qk != Py_None && !PyList_CheckExact(qk)) || (qr != Py_None && !PyList_CheckExact(qr))))
                bad = 1;
            else if (qr != NULL) {
                for (Py_ssize_t k = 0; k < 4; k++) {
                    Py_ssize_t mk = qk == Py_None ? 0 : PyList_GET_SIZE(qk), mr = qr == Py_None ? 0 : PyList_GET_SIZE(qr);
                    figs[2 + 2 * k] = Py_NewRef(k < mk ? PyList_GET_ITEM(qk, k) : Py_None);
                    figs[3 + 2 * k] = Py_NewRef(k < mr ? PyList_GET_ITEM(qr, k) : Py_None);
                }
                figs[10] = side_of(a[8], S_K, &bad);
                figs[11] = figs[10] ? side_of(a[8], S_RP, &bad) : NULL;
                figs[12] = figs[11] ? side_of(a[9], S_K, &bad) : NULL;
                figs[13] = figs[12] ? side_of(a[9], S_RP, &bad) : NULL;
            }
            if (figs[13] == NULL)
                err = !bad;
        }
        Py_XDECREF(qk);
        Py_XDECREF(qr);
        for (int k = 0; k < 14 && !err && !bad; k++) {
            PyObject *v = figs[k], *got = NULL;
            if (v == Py_None)
                got = Py_NewRef(Py_None);
            else {
                if ((PyObject *)Py_TYPE(v) == decimal_type)
                    got = decimal_float(v);
                if (got == NULL && !PyErr_Occurred())
                    got = PyObject_CallOneArg(fallback, v);
            }
            if (got == NULL)
                err = 1;
            else
                PyList_SET_ITEM(line, j++, got);
        }
        for (int k = 0; k < 14; k++)
            Py_XDECREF(figs[k]);
        if (!err && !bad) {
            PyList_SET_ITEM(line, j++, Py_NewRef(a[10]));   /* predikat */
            /* the latest quarter's own cumulative progress, when the sheet has any */
            PyObject *last = Py_None, *progress = a[11];
            int has = PyObject_IsTrue(progress);
            if (has < 0)
                err = 1;
            else if (has && !PyDict_CheckExact(progress))
                bad = 1;
            else if (has) {
                for (Py_ssize_t k = 0; k < nq; k++) {
                    PyObject *v = PyDict_GetItemWithError(progress, PyTuple_GET_ITEM(qnames, k));
                    if (v == NULL && PyErr_Occurred()) {
                        err = 1;
                        break;
                    }
                    if (v != NULL && v != Py_None)
                        last = v;
                }
            }
            if (!err && !bad) {
                PyObject *got = last == Py_None ? Py_NewRef(Py_None) : PyObject_CallOneArg(fallback, last);
                if (got == NULL)
                    err = 1;
                else
                    PyList_SET_ITEM(line, j++, got);
            }
        }
        for (int k = 0; k < 12; k++)
            Py_DECREF(a[k]);
        if (err || bad) {
            Py_XDECREF(line);
            Py_DECREF(out);
            if (err)
                return NULL;
            Py_RETURN_NONE;
        }
        PyList_SET_ITEM(out, i, line);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* record_figures(rows, decimal_type) -> [[str(v) if type(v) is Decimal else v for v in row] for row in rows] */
static PyObject *record_figures(PyObject *self, PyObject *args)
{
    PyObject *rows, *decimal_type;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &rows, &decimal_type))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(rows);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PySequence_Fast(PyList_GET_ITEM(rows, i), "a record row");
        if (row == NULL)
            goto fail;
        Py_ssize_t m = PySequence_Fast_GET_SIZE(row);
        PyObject *copy = PyList_New(m);
        if (copy == NULL) {
            Py_DECREF(row);
            goto fail;
        }
        for (Py_ssize_t j = 0; j < m; j++) {
            PyObject *v = PySequence_Fast_GET_ITEM(row, j);
            PyObject *got = (PyObject *)Py_TYPE(v) == decimal_type ? PyObject_Str(v) : Py_NewRef(v);
            if (got == NULL) {
                Py_DECREF(copy);
                Py_DECREF(row);
                goto fail;
            }
            PyList_SET_ITEM(copy, j, got);
        }
        Py_DECREF(row);
        PyList_SET_ITEM(out, i, copy);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* A str as json.dumps(ensure_ascii=False) writes it: quoted, with '"', '\\' and the control characters escaped */
static int json_string(_PyUnicodeWriter *w, PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t i = 0;
    while (i < n) {   /* (most texts need no escape: written at once) */
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == '"' || ch == '\\' || ch < 0x20)
            break;
        i++;
    }
    if (_PyUnicodeWriter_WriteChar(w, '"') < 0)
        return -1;
    if (i == n)
        return _PyUnicodeWriter_WriteStr(w, s) < 0 || _PyUnicodeWriter_WriteChar(w, '"') < 0 ? -1 : 0;
    for (i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        const char *esc = NULL;
        char buf[7];
        switch (ch) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (ch < 0x20) {
                buf[0] = '\\'; buf[1] = 'u'; buf[2] = '0'; buf[3] = '0';
                buf[4] = "0123456789abcdef"[(ch >> 4) & 0xf];
                buf[5] = "0123456789abcdef"[ch & 0xf];
                buf[6] = 0;
                esc = buf;
            }
        }
        if (esc != NULL ? _PyUnicodeWriter_WriteASCIIString(w, esc, (Py_ssize_t)strlen(esc)) < 0
                        : _PyUnicodeWriter_WriteChar(w, ch) < 0)
            return -1;
    }
    return _PyUnicodeWriter_WriteChar(w, '"');
}

/* record_json(rows, decimal_type) -> json.dumps(record_figures(rows, decimal_type), ensure_ascii=False,
 * separators=(",", ":")) (batch/round_record._rows_json), or None when a value is not None, a bool, an int, a str
 * or a Decimal (the Python function writes it) */
static PyObject *record_json(PyObject *self, PyObject *args)
{
    PyObject *rows, *decimal_type;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &rows, &decimal_type))
        return NULL;
    _PyUnicodeWriter w;
    _PyUnicodeWriter_Init(&w);
    w.overallocate = 1;
    Py_ssize_t n = PyList_GET_SIZE(rows);
    if (_PyUnicodeWriter_WriteChar(&w, '[') < 0)
        goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyList_GET_ITEM(rows, i);
        if (!PyList_CheckExact(row) && !PyTuple_CheckExact(row))
            goto other;
        if ((i && _PyUnicodeWriter_WriteChar(&w, ',') < 0) || _PyUnicodeWriter_WriteChar(&w, '[') < 0)
            goto fail;
        Py_ssize_t m = PySequence_Fast_GET_SIZE(row);
        for (Py_ssize_t j = 0; j < m; j++) {
            PyObject *v = PySequence_Fast_GET_ITEM(row, j);
            int bad;
            if (j && _PyUnicodeWriter_WriteChar(&w, ',') < 0)
                goto fail;
            if (v == Py_None)
                bad = _PyUnicodeWriter_WriteASCIIString(&w, "null", 4) < 0;
            else if (v == Py_True)
                bad = _PyUnicodeWriter_WriteASCIIString(&w, "true", 4) < 0;
            else if (v == Py_False)
                bad = _PyUnicodeWriter_WriteASCIIString(&w, "false", 5) < 0;
            else if (PyUnicode_CheckExact(v))
                bad = json_string(&w, v) < 0;
            else if (PyLong_CheckExact(v) || (PyObject *)Py_TYPE(v) == decimal_type) {
                PyObject *text = PyObject_Str(v);
                if (text == NULL)
                    goto fail;
                bad = (PyLong_CheckExact(v) ? _PyUnicodeWriter_WriteStr(&w, text) : json_string(&w, text)) < 0;
                Py_DECREF(text);
            } else
                goto other;
            if (bad)
                goto fail;
        }
        if (_PyUnicodeWriter_WriteChar(&w, ']') < 0)
            goto fail;
    }
    if (_PyUnicodeWriter_WriteChar(&w, ']') < 0)
        goto fail;
    return _PyUnicodeWriter_Finish(&w);
other:
    _PyUnicodeWriter_Dealloc(&w);
    Py_RETURN_NONE;
fail:
    _PyUnicodeWriter_Dealloc(&w);
    return NULL;
}

/* strings_by_row(cells, first) -> {r: [str values of row r]} for every row r >= first holding text, in one pass
 * over the grid in its own order (forms/renja._footers asks any() of a row's texts: their order is not used) */
static PyObject *strings_by_row(PyObject *self, PyObject *args)
{
    PyObject *cells;
    long first;
    if (!PyArg_ParseTuple(args, "O!l", &PyDict_Type, &cells, &first))
        return NULL;
    PyObject *out = PyDict_New(), *key, *t;
    if (out == NULL)
        return NULL;
    Py_ssize_t pos = 0;
    while (PyDict_Next(cells, &pos, &key, &t)) {
        if (!PyTuple_Check(key) || PyTuple_GET_SIZE(key) != 2 || !PyTuple_Check(t) || PyTuple_GET_SIZE(t) < 1) {
            PyErr_SetString(PyExc_TypeError, "strings_by_row: a grid cell is not (row, col) -> (value, ...)");
            goto fail;
        }
        PyObject *v = PyTuple_GET_ITEM(t, 0), *r = PyTuple_GET_ITEM(key, 0);
        if (!PyUnicode_CheckExact(v))
            continue;
        long row = PyLong_AsLong(r);
        if (row == -1 && PyErr_Occurred())
            goto fail;
        if (row < first)
            continue;
        PyObject *list = PyDict_GetItemWithError(out, r);
        if (list == NULL) {
            if (PyErr_Occurred() || !(list = PyList_New(0)))
                goto fail;
            int bad = PyDict_SetItem(out, r, list);
            Py_DECREF(list);
            if (bad < 0)
                goto fail;
        }
        if (PyList_Append(list, v) < 0)
            goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"read_cells", read_cells, METH_VARARGS, "The plain cells of one row into the grid (xlsx_sheet)."},
    {"splice_cells", splice_cells, METH_VARARGS, "Numbers into cells of a sheet (cell_writer.Splicer.apply)."},
    {"plain_region", plain_region, METH_VARARGS, "Whether a sheetData region needs none of the text checks (xml_text)."},
    {"read_rows", read_rows, METH_VARARGS, "The rows of a sheetData into the grid (xlsx_sheet)."},
    {"scan_row", scan_row, METH_O, "_CELL_RE.findall of a row body the cells cover (xlsx_sheet)."},
    {"sheet_numbers", sheet_numbers, METH_VARARGS, "Figures as rekap cells (evaluate/form_kind.sheet_number)."},
    {"record_json", record_json, METH_VARARGS, "Record rows as JSON text (batch/round_record._rows_json)."},
    {"record_figures", record_figures, METH_VARARGS, "Record rows, Decimals as text (batch/round_record.py)."},
    {"exported_zeros", exported_zeros, METH_VARARGS, "Computed cells all 0 (evaluate/renja._exported_zeros)."},
    {"cell_texts", cell_texts, METH_VARARGS, "Grid.text of some cells of a row (evaluate/renja.py)."},
    {"strings_by_row", strings_by_row, METH_VARARGS, "The text values of each row (forms/renja._footers)."},
    {"row_strings", row_strings, METH_VARARGS, "The text values of one row (forms/renja._row_strings)."},
    {"join_events", join_events, METH_VARARGS, "The spliced sheetData as bytes (cell_writer._join_events)."},
    {"empty_edits", empty_edits, METH_VARARGS, "The edits of a row's empty computed cells (evaluate/renja.py)."},
    {"renja_side", renja_side, METH_VARARGS, "The end of one side of a Renja row (evaluate/renja.py)."},
    {"renja_record_rows", renja_record_rows, METH_VARARGS, "A Renja sheet's record rows (evaluate/renja._record_rows)."},
    {"renja_indikator_rows", renja_indikator_rows, METH_VARARGS, "A Renja sheet's rekap rows (renja._indikator_rows)."},
    {"typed_row", typed_row, METH_VARARGS, "The typed figures of one Renja row (evaluate/renja.py)."},
    {"evaluate", evaluate, METH_VARARGS, "One row's formulas on one side (evaluate/compute.evaluate)."},
    {"render_rows", render_rows, METH_VARARGS, "Rekap rows as worksheet XML (rekap_xml._render_rows)."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void)
{
    if (!(S_EMPTY = PyUnicode_InternFromString("")) || !(S_N = PyUnicode_InternFromString("n"))
            || !(S_S = PyUnicode_InternFromString("s"))
            || !(S_V_CLOSE = PyUnicode_InternFromString("</v></c>")))
        return NULL;
    if (!(S_C_OPEN = PyUnicode_InternFromString("<c r=\"")) || !(S_S_OPEN = PyUnicode_InternFromString("\" s=\""))
            || !(S_QUOTE = PyUnicode_InternFromString("\"")) || !(S_EMPTY_CLOSE = PyUnicode_InternFromString("/>"))
            || !(S_V_OPEN = PyUnicode_InternFromString("><v>")) || !(S_ONE = PyLong_FromLong(1))
            || !(S_ZERO = PyLong_FromLong(0)) || !(A_CELLS = PyUnicode_InternFromString("_cells"))
            || !(A_BODY_END = PyUnicode_InternFromString("body_end"))
            || !(A_TARGET_D = PyUnicode_InternFromString("target"))
            || !(A_QUARTERS_D = PyUnicode_InternFromString("quarters"))
            || !(A_REALISASI_D = PyUnicode_InternFromString("realisasi"))
            || !(A_CAPAIAN_D = PyUnicode_InternFromString("capaian"))
            || !(A_RENSTRA_D[0] = PyUnicode_InternFromString("renstra_target"))
            || !(A_RENSTRA_D[1] = PyUnicode_InternFromString("renstra_realisasi"))
            || !(A_RENSTRA_D[2] = PyUnicode_InternFromString("renstra_capaian"))
            || !(A_ROW = PyUnicode_InternFromString("row")) || !(A_KODE = PyUnicode_InternFromString("kode"))
            || !(A_LEVEL = PyUnicode_InternFromString("level")) || !(A_SASARAN = PyUnicode_InternFromString("sasaran"))
            || !(A_PROGRAM = PyUnicode_InternFromString("program"))
            || !(A_INDICATOR = PyUnicode_InternFromString("indicator"))
            || !(A_UNIT = PyUnicode_InternFromString("unit")) || !(A_PREDIKAT = PyUnicode_InternFromString("predikat"))
            || !(A_PROGRESS = PyUnicode_InternFromString("progress")) || !(S_K = PyUnicode_InternFromString("K"))
            || !(S_RP = PyUnicode_InternFromString("Rp"))
            || !(A_OFFSETS = PyUnicode_InternFromString("_offsets")) || !(A_TEXT = PyUnicode_InternFromString("text")))
        return NULL;
    if (!(A_KIND = PyUnicode_InternFromString("kind")) || !(A_PARTS = PyUnicode_InternFromString("parts"))
            || !(A_TARGET = PyUnicode_InternFromString("target"))
            || !(A_PERCENT = PyUnicode_InternFromString("percent"))
            || !(M_IS_FINITE = PyUnicode_InternFromString("is_finite"))
            || !(M_ADJUSTED = PyUnicode_InternFromString("adjusted"))
            || !(M_QUANTIZE = PyUnicode_InternFromString("quantize")) || !(S_SUM = PyUnicode_InternFromString("sum"))
            || !(S_NO_TARGET = PyUnicode_InternFromString("no-target"))
            || !(S_TOO_LARGE = PyUnicode_InternFromString("too-large")))
        return NULL;
    return PyModule_Create(&module);
}
