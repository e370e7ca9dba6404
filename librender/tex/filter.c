/* The formula filter: an allowlist of what TeX may see in a formula.
 *
 * A formula comes from an LLM and goes into a LaTeX document, so anything
 * TeX can do, it can ask for: \special hands PostScript to Ghostscript
 * inside dvisvgm, \begin{NAME} runs \csname NAME\endcsname, definitions
 * and catcode changes rewrite how the rest is read. A denylist of names
 * cannot keep up with the ways of spelling them, so this filter reads the
 * formula the way TeX's input processor would (line by line, trailing
 * spaces dropped, standard LaTeX document catcodes, which nothing allowed
 * here can change) and accepts it only when every control sequence is one
 * lesson math needs, every environment is a math environment, and nothing
 * can change the reading itself: no ^^ escapes, comments, # parameters,
 * control characters or non-ASCII bytes (8-bit characters are active in
 * LaTeX). Nothing allowed here defines, reads or writes anything.
 *
 * The same tokenizer tells the document builder where a colour group may
 * be inserted (never inside a control sequence's name), so colouring a
 * substring cannot make TeX see a name this filter did not. */
#include "tex/tex_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Control words (names of letters) a formula may use, sorted by strcmp
 * for bsearch (test_tex_filter checks the order). What amsmath, amssymb,
 * amsfonts, bm and color provide for math, and the text commands used
 * inside \text; all of them typeset and nothing else. Undefined names
 * here would do no harm (TeX reports them), but every name is real. */
static const char *const allowed_words[] = {
    "Bbbk", "Big", "Bigg", "Biggl", "Biggm", "Biggr", "Bigl", "Bigm", "Bigr", "Box", "Bumpeq", "Cap", "Cup",
    "Delta", "Diamond", "Downarrow", "Finv", "Game", "Gamma", "Im", "Lambda", "Leftarrow", "Leftrightarrow",
    "Lleftarrow", "Longleftarrow", "Longleftrightarrow", "Longrightarrow", "Lsh", "Omega", "P", "Phi", "Pi", "Pr",
    "Psi", "Re", "Rightarrow", "Rrightarrow", "Rsh", "S", "Sigma", "Subset", "Supset", "Theta", "Uparrow",
    "Updownarrow", "Upsilon", "Vdash", "Vert", "Vvdash", "Xi", "acute", "aleph", "alpha", "amalg", "angle",
    "approx", "approxeq", "arccos", "arcsin", "arctan", "arg", "arrowvert", "ast", "asymp", "atop", "backepsilon",
    "backprime", "backsim", "backsimeq", "backslash", "bar", "barwedge", "because", "begin", "beta", "beth",
    "between", "bf", "big", "bigcap", "bigcirc", "bigcup", "bigg", "biggl", "biggm", "biggr", "bigl", "bigm",
    "bigodot", "bigoplus", "bigotimes", "bigr", "bigsqcup", "bigstar", "bigtriangledown", "bigtriangleup",
    "biguplus", "bigvee", "bigwedge", "binom", "blacklozenge", "blacksquare", "blacktriangle", "blacktriangledown",
    "blacktriangleleft", "blacktriangleright", "bm", "bmod", "boldsymbol", "bot", "bowtie", "boxdot", "boxed",
    "boxminus", "boxplus", "boxtimes", "bracevert", "breve", "bullet", "bumpeq", "cal", "cap", "cases", "cdot",
    "cdots", "centerdot", "cfrac", "check", "checkmark", "chi", "choose", "circ", "circeq", "circlearrowleft",
    "circlearrowright", "circledR", "circledS", "circledast", "circledcirc", "circleddash", "cline", "clubsuit",
    "colon", "color", "complement", "cong", "coprod", "cos", "cosh", "cot", "coth", "csc", "cup", "curlyeqprec",
    "curlyeqsucc", "curlyvee", "curlywedge", "curvearrowleft", "curvearrowright", "dag", "dagger", "daleth",
    "dashleftarrow", "dashrightarrow", "dashv", "dbinom", "ddag", "ddagger", "ddddot", "dddot", "ddot", "ddots",
    "deg", "delta", "det", "dfrac", "diagdown", "diagup", "diamond", "diamondsuit", "digamma", "dim",
    "displaylimits", "displaystyle", "div", "divideontimes", "dot", "doteq", "doteqdot", "dotplus", "dots", "dotsb",
    "dotsc", "dotsi", "dotsm", "dotso", "doublebarwedge", "downarrow", "downdownarrows", "downharpoonleft",
    "downharpoonright", "ell", "emph", "emptyset", "end", "enspace", "ensuremath", "epsilon", "eqcirc",
    "eqslantgtr", "eqslantless", "equiv", "eta", "eth", "exists", "exp", "fallingdotseq", "fbox", "flat", "forall",
    "frac", "frown", "gamma", "gcd", "ge", "geq", "geqq", "geqslant", "gets", "gg", "ggg", "gimel", "gnapprox",
    "gneq", "gneqq", "gnsim", "grave", "gtrapprox", "gtreqless", "gtreqqless", "gtrless", "gtrsim", "gvertneqq",
    "hat", "hbar", "heartsuit", "hline", "hom", "hookleftarrow", "hookrightarrow", "hphantom", "hslash", "hspace",
    "idotsint", "iff", "iiiint", "iiint", "iint", "imath", "impliedby", "implies", "in", "inf", "infty", "injlim",
    "int", "intercal", "intertext", "iota", "it", "jmath", "kappa", "ker", "kern", "lVert", "lambda", "land",
    "langle", "lbrace", "lbrack", "lceil", "ldots", "le", "left", "leftarrow", "leftarrowtail", "leftharpoondown",
    "leftharpoonup", "leftleftarrows", "leftrightarrow", "leftrightarrows", "leftrightharpoons",
    "leftrightsquigarrow", "leftthreetimes", "leq", "leqq", "leqslant", "lessapprox", "lesseqgtr", "lesseqqgtr",
    "lessgtr", "lesssim", "lfloor", "lg", "lgroup", "lhd", "lim", "liminf", "limits", "limsup", "ll", "llcorner",
    "lll", "lmoustache", "ln", "lnapprox", "lneq", "lneqq", "lnot", "lnsim", "log", "longleftarrow",
    "longleftrightarrow", "longmapsto", "longrightarrow", "looparrowleft", "looparrowright", "lor", "lozenge",
    "lrcorner", "ltimes", "lvert", "lvertneqq", "maltese", "mapsto", "mathbb", "mathbf", "mathbin", "mathcal",
    "mathclose", "mathfrak", "mathinner", "mathit", "mathnormal", "mathop", "mathopen", "mathord", "mathpunct",
    "mathrel", "mathring", "mathrm", "mathsf", "mathstrut", "mathtt", "max", "mbox", "measuredangle", "medspace",
    "mho", "mid", "middle", "min", "mkern", "mod", "models", "mp", "mspace", "mu", "multicolumn", "multimap",
    "nLeftarrow", "nLeftrightarrow", "nRightarrow", "nVDash", "nVdash", "nabla", "natural", "ncong", "ne",
    "nearrow", "neg", "negmedspace", "negthickspace", "negthinspace", "neq", "nexists", "ngeq", "ngeqq",
    "ngeqslant", "ngtr", "ni", "nleftarrow", "nleftrightarrow", "nleq", "nleqq", "nleqslant", "nless", "nmid",
    "nolimits", "nonumber", "not", "notag", "notin", "nparallel", "nprec", "npreceq", "nrightarrow", "nshortmid",
    "nshortparallel", "nsim", "nsubseteq", "nsubseteqq", "nsucc", "nsucceq", "nsupseteq", "nsupseteqq",
    "ntriangleleft", "ntrianglelefteq", "ntriangleright", "ntrianglerighteq", "nu", "nvDash", "nvdash", "nwarrow",
    "odot", "oint", "omega", "ominus", "operatorname", "oplus", "oslash", "otimes", "over", "overbrace",
    "overleftarrow", "overleftrightarrow", "overline", "overrightarrow", "overset", "owns", "parallel", "partial",
    "perp", "phantom", "phi", "pi", "pitchfork", "pm", "pmb", "pmod", "pod", "prec", "precapprox", "preccurlyeq",
    "preceq", "precnapprox", "precneqq", "precnsim", "precsim", "prime", "prod", "projlim", "propto", "psi",
    "qquad", "quad", "rVert", "rangle", "rbrace", "rbrack", "rceil", "restriction", "rfloor", "rgroup", "rhd",
    "rho", "right", "rightarrow", "rightarrowtail", "rightharpoondown", "rightharpoonup", "rightleftarrows",
    "rightleftharpoons", "rightrightarrows", "rightsquigarrow", "rightthreetimes", "risingdotseq", "rm",
    "rmoustache", "rtimes", "rvert", "scriptscriptstyle", "scriptstyle", "searrow", "sec", "setminus", "sf",
    "sharp", "shortmid", "shortparallel", "sideset", "sigma", "sim", "simeq", "sin", "sinh", "smallfrown",
    "smallint", "smallsetminus", "smallsmile", "smash", "smile", "spadesuit", "sphericalangle", "sqcap", "sqcup",
    "sqrt", "sqsubset", "sqsubseteq", "sqsupset", "sqsupseteq", "square", "stackrel", "star", "strut", "subset",
    "subseteq", "subseteqq", "subsetneq", "subsetneqq", "substack", "succ", "succapprox", "succcurlyeq", "succeq",
    "succnapprox", "succneqq", "succnsim", "succsim", "sum", "sup", "supset", "supseteq", "supseteqq", "supsetneq",
    "supsetneqq", "surd", "swarrow", "tag", "tan", "tanh", "tau", "tbinom", "text", "textbf", "textcolor", "textit",
    "textmd", "textnormal", "textrm", "textsc", "textsf", "textsl", "textstyle", "texttt", "textup", "tfrac",
    "therefore", "theta", "thickapprox", "thicksim", "thickspace", "thinspace", "tilde", "times", "to", "top",
    "triangle", "triangledown", "triangleleft", "trianglelefteq", "triangleq", "triangleright", "trianglerighteq",
    "tt", "twoheadleftarrow", "twoheadrightarrow", "ulcorner", "underbrace", "underleftarrow",
    "underleftrightarrow", "underline", "underrightarrow", "underset", "unlhd", "unrhd", "uparrow", "updownarrow",
    "upharpoonleft", "upharpoonright", "uplus", "upsilon", "upuparrows", "urcorner", "vDash", "varDelta",
    "varGamma", "varLambda", "varOmega", "varPhi", "varPi", "varPsi", "varSigma", "varTheta", "varUpsilon", "varXi",
    "varepsilon", "varinjlim", "varkappa", "varliminf", "varlimsup", "varnothing", "varphi", "varpi", "varprojlim",
    "varpropto", "varrho", "varsigma", "varsubsetneq", "varsubsetneqq", "varsupsetneq", "varsupsetneqq", "vartheta",
    "vartriangle", "vartriangleleft", "vartriangleright", "vdash", "vdots", "vec", "vee", "veebar", "vert",
    "vphantom", "wedge", "widehat", "widetilde", "wp", "wr", "xi", "xleftarrow", "xrightarrow", "yen", "zeta",
};

/* Control symbols: a backslash and one other character. Spacing, line
 * breaks, escaped specials and the text accents. */
static const char allowed_symbols[] = "\\,:;!> {}|%#$&_'`\"^~=./";

/* The environments \begin may open: matrices, cases and the inner
 * alignments (the formula itself is already inside align*). */
static const char *const allowed_environments[] = {
    "Bmatrix", "Vmatrix",  "aligned", "alignedat", "array",   "bmatrix",  "cases",
    "gathered", "matrix",  "pmatrix", "smallmatrix", "split", "subarray", "vmatrix",
};

/* The colour models \color[MODEL] and \textcolor[MODEL] may name: color.sty
 * turns MODEL into \csname color@MODEL\endcsname, and that namespace holds
 * more than models (\color@begingroup, \color@endgroup). */
static const char *const allowed_color_models[] = {"cmyk", "gray", "named", "rgb"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

static bool in_list(const char *const *list, size_t n, const char *name, size_t len)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, name, len);
    buf[len] = '\0';
    return bsearch(buf, list, n, sizeof *list, cmp_name) != NULL;
}

bool lr_tex_allowed_command(const char *name, size_t len)
{
    if (len == 1 && !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
        return name[0] != '\0' && strchr(allowed_symbols, name[0]) != NULL;
    return in_list(allowed_words, COUNT(allowed_words), name, len);
}

bool lr_tex_allowed_environment(const char *name, size_t len)
{
    return in_list(allowed_environments, COUNT(allowed_environments), name, len);
}

bool lr_tex_allowlist_sorted(void)
{
    for (size_t i = 1; i < COUNT(allowed_words); i++)
        if (strcmp(allowed_words[i - 1], allowed_words[i]) >= 0)
            return false;
    for (size_t i = 1; i < COUNT(allowed_environments); i++)
        if (strcmp(allowed_environments[i - 1], allowed_environments[i]) >= 0)
            return false;
    for (size_t i = 1; i < COUNT(allowed_color_models); i++)
        if (strcmp(allowed_color_models[i - 1], allowed_color_models[i]) >= 0)
            return false;
    return true;
}

/* ---- TeX's reading of the formula ------------------------------------- */

typedef enum tok_kind {
    TOK_CHAR,   /* a character token (letters, digits, punctuation, braces...) */
    TOK_SPACE,  /* a space token */
    TOK_CS,     /* a control sequence: a word (letters) or a symbol (one other character) */
    TOK_ACTIVE, /* ~ */
    TOK_PAR,    /* an empty line, which TeX reads as \par */
    TOK_BAD     /* something that changes how TeX reads, refused outright */
} tok_kind;

typedef struct tok {
    tok_kind kind;
    size_t pos, len;  /* the bytes of the source it came from */
    const char *name; /* TOK_CS: the name (after the backslash) */
    size_t name_len;
    char c;          /* TOK_CHAR */
    const char *why; /* TOK_BAD */
} tok;

static bool is_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Calls `fn` for each token TeX would read from `s`, placed on lines of
 * its own (the document puts a line break before and after a formula);
 * stops when `fn` returns false. Catcodes are LaTeX's in a document body:
 * @ is not a letter there. */
static void scan(const char *s, size_t n, bool (*fn)(void *, const tok *), void *user)
{
    if (n == 0)
        return;
    for (size_t ls = 0;;) {
        size_t le = ls;
        while (le < n && s[le] != '\n')
            le++;
        size_t end = le;
        while (end > ls && s[end - 1] == ' ') /* TeX drops a line's trailing spaces */
            end--;
        /* TeX replaces ^^ escapes before it forms tokens (\^^5c is \\): look
         * for them in the raw line first. */
        for (size_t i = ls; i + 1 < end; i++)
            if (s[i] == '^' && s[i + 1] == '^') {
                tok t = {TOK_BAD, i, 2, NULL, 0, 0, "^^ (a character code escape)"};
                if (!fn(user, &t))
                    return;
                break;
            }
        enum { ST_N, ST_M, ST_S } state = ST_N;
        for (size_t i = ls; i < end;) {
            unsigned char c = (unsigned char)s[i];
            tok t = {TOK_CHAR, i, 1, NULL, 0, (char)c, NULL};
            if (c == '\\') {
                if (i + 1 >= end) {
                    t.kind = TOK_BAD;
                    t.why = "\\ at the end of a line";
                } else if (is_letter((unsigned char)s[i + 1])) {
                    size_t j = i + 1;
                    while (j < end && is_letter((unsigned char)s[j]))
                        j++;
                    t.kind = TOK_CS;
                    t.name = s + i + 1;
                    t.name_len = j - i - 1;
                    t.len = j - i;
                    state = ST_S;
                } else {
                    t.kind = TOK_CS;
                    t.name = s + i + 1;
                    t.name_len = 1;
                    t.len = 2;
                    state = s[i + 1] == ' ' ? ST_S : ST_M;
                }
            } else if (c == ' ' || c == '\t') {
                if (state == ST_M) {
                    t.kind = TOK_SPACE;
                    state = ST_S;
                } else {
                    i++;
                    continue;
                }
            } else if (c == '%') {
                t.kind = TOK_BAD;
                t.why = "% (a TeX comment; write \\% for a percent sign)";
            } else if (c == '#') {
                t.kind = TOK_BAD;
                t.why = "# (a macro parameter; write \\# for a hash sign)";
            } else if (c >= 0x80) {
                t.kind = TOK_BAD;
                t.why = "a non-ASCII character (write symbols as TeX commands: \\pi, \\times, \\le)";
            } else if (c < 0x20 || c == 0x7f) {
                t.kind = TOK_BAD;
                t.why = "a control character";
            } else if (c == '~') {
                t.kind = TOK_ACTIVE;
                state = ST_M;
            } else {
                state = ST_M;
            }
            if (!fn(user, &t))
                return;
            i += t.len;
        }
        /* The end of the line: \par on an empty one, a space after text */
        if (state != ST_S) {
            tok t = {state == ST_N ? TOK_PAR : TOK_SPACE, end, 0, "par", state == ST_N ? 3 : 0, ' ', NULL};
            if (!fn(user, &t))
                return;
        }
        if (le >= n)
            return;
        ls = le + 1;
    }
}

/* ---- the allowlist ------------------------------------------------------ */

/* Reads the tokens of a formula as LaTeX's \begin, \end, \color and
 * \textcolor would take their arguments. Checking, it stops at the first
 * thing refused; marking (`boundary` set), it records where a colour group
 * may not go and never stops. */
typedef struct check_state {
    enum {
        C_TEXT,
        C_ENV_OPEN,    /* after \begin or \end: the { of the name must follow */
        C_ENV_NAME,    /* in the name */
        C_COLOR,       /* after \color or \textcolor: [model] or {name} */
        C_COLOR_MODEL, /* in [model] */
        C_COLOR_OPEN,  /* after [model]: {name} */
        C_COLOR_NAME   /* in {name} */
    } mode;
    const char *cmd; /* "begin", "end", "color" or "textcolor" */
    char name[33];   /* the environment name or colour model read so far */
    size_t name_len;
    size_t arg_from; /* where the command's arguments start (just after its name) */
    char *why;
    size_t why_size;
    bool refused;
    bool *boundary; /* marking */
} check_state;

static bool refuse(check_state *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static bool refuse(check_state *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why, c->why_size, fmt, ap);
    va_end(ap);
    c->refused = true;
    return false;
}

static bool is_name(const tok *t, const char *name)
{
    return t->kind == TOK_CS && t->name_len == strlen(name) && memcmp(t->name, name, t->name_len) == 0;
}

static bool is_char(const tok *t, char ch)
{
    return t->kind == TOK_CHAR && t->c == ch;
}

/* The arguments of \begin, \end and \color, up to the } at `end`: a colour
 * group there would make them another name or colour. */
static void protect_arguments(check_state *c, size_t end)
{
    for (size_t i = c->arg_from; c->boundary && i <= end; i++)
        c->boundary[i] = false;
}

static bool refuse_environment(check_state *c)
{
    char envs[300];
    size_t used = 0;
    envs[0] = '\0';
    for (size_t i = 0; i < COUNT(allowed_environments) && used < sizeof envs; i++)
        used += (size_t)snprintf(envs + used, sizeof envs - used, "%s%s", i ? ", " : "", allowed_environments[i]);
    return refuse(c, "\\%s{%.*s} is not allowed in a formula (the environments are %s)", c->cmd, (int)c->name_len,
                  c->name, envs);
}

static bool check_token(void *user, const tok *t)
{
    check_state *c = user;
    if (t->kind == TOK_BAD)
        return refuse(c, "%s is not allowed in a formula", t->why);
    switch (c->mode) {
    case C_ENV_OPEN:
        if (is_char(t, '{')) {
            c->mode = C_ENV_NAME;
            c->name_len = 0;
            return true;
        }
        return refuse(c, "\\%s must be followed by an environment name in braces, e.g. \\%s{pmatrix}", c->cmd,
                      c->cmd);
    case C_ENV_NAME:
        if (is_char(t, '}')) {
            c->mode = C_TEXT;
            protect_arguments(c, t->pos);
            return lr_tex_allowed_environment(c->name, c->name_len) ? true : refuse_environment(c);
        }
        if (t->kind == TOK_CHAR && (is_letter((unsigned char)t->c) || t->c == '*') &&
            c->name_len + 1 < sizeof c->name) {
            c->name[c->name_len++] = t->c;
            return true;
        }
        return refuse(c, "\\%s{...} takes an environment name of letters only, e.g. \\%s{pmatrix}", c->cmd, c->cmd);
    case C_COLOR:
    case C_COLOR_OPEN:
        if (c->mode == C_COLOR && is_char(t, '[')) {
            c->mode = C_COLOR_MODEL;
            c->name_len = 0;
            return true;
        }
        c->mode = is_char(t, '{') ? C_COLOR_NAME : C_TEXT;
        if (c->mode == C_COLOR_NAME)
            return true;
        break; /* no braces: this token is the colour, checked as any other */
    case C_COLOR_MODEL:
        if (is_char(t, ']')) {
            c->mode = C_COLOR_OPEN;
            if (in_list(allowed_color_models, COUNT(allowed_color_models), c->name, c->name_len))
                return true;
        } else if (t->kind == TOK_CHAR && is_letter((unsigned char)t->c) && c->name_len + 1 < sizeof c->name) {
            c->name[c->name_len++] = t->c;
            return true;
        }
        return refuse(c, "\\%s[...] takes a colour model: rgb, cmyk, gray or named", c->cmd);
    case C_COLOR_NAME:
        if (is_char(t, '}')) {
            c->mode = C_TEXT;
            protect_arguments(c, t->pos);
            return true;
        }
        break; /* a name, or a colour spec such as 1,0,0; a control sequence in it is checked below */
    case C_TEXT:
        break;
    }
    if (t->kind == TOK_PAR)
        return refuse(c, "an empty line (TeX's \\par) is not allowed in a formula");
    if (t->kind != TOK_CS)
        return true;
    if (!lr_tex_allowed_command(t->name, t->name_len)) {
        unsigned char b = (unsigned char)t->name[0];
        if (t->name_len == 1 && (b <= ' ' || b >= 0x7f))
            return refuse(c, "\\ followed by the byte 0x%02X is not allowed in a formula", b);
        return refuse(c,
                      "\\%.*s is not allowed in a formula: only the math commands of amsmath, amssymb and color "
                      "are (no definitions, files, specials, catcodes or other primitives)",
                      (int)(t->name_len > 40 ? 40 : t->name_len), t->name);
    }
    if (c->mode == C_TEXT && (is_name(t, "begin") || is_name(t, "end"))) {
        c->mode = C_ENV_OPEN;
        c->cmd = t->name[0] == 'b' ? "begin" : "end";
        c->arg_from = t->pos + t->len;
    } else if (c->mode == C_TEXT && (is_name(t, "color") || is_name(t, "textcolor"))) {
        c->mode = C_COLOR;
        c->cmd = t->name[0] == 'c' ? "color" : "textcolor";
        c->arg_from = t->pos + t->len;
    } else if (c->mode == C_COLOR_NAME) {
        return refuse(c, "\\%s{...} takes a colour name or numbers, not \\%.*s", c->cmd,
                      (int)(t->name_len > 40 ? 40 : t->name_len), t->name);
    }
    return true;
}

const char *lr_tex_forbidden(const char *source, char *why, size_t why_size)
{
    char local[8];
    check_state c = {C_TEXT, NULL, {0}, 0, 0, why_size ? why : local, why_size ? why_size : sizeof local, false,
                     NULL};
    c.why[0] = '\0';
    scan(source, strlen(source), check_token, &c);
    if (!c.refused && (c.mode == C_ENV_OPEN || c.mode == C_ENV_NAME))
        refuse(&c, "\\%s at the end of the formula needs an environment name in braces", c.cmd);
    if (!c.refused && c.mode == C_COLOR_MODEL)
        refuse(&c, "\\%s[ is not closed", c.cmd);
    return c.refused ? c.why : NULL;
}

/* ---- where a colour group may go ------------------------------------------ */

static bool mark_token(void *user, const tok *t)
{
    check_state *c = user;
    for (size_t k = 1; k < t->len; k++)
        c->boundary[t->pos + k] = false;
    if (!check_token(c, t)) { /* refused formulas never compile; read on */
        c->refused = false;
        c->mode = C_TEXT;
    }
    return true;
}

void lr_tex_mark_boundaries(const char *source, size_t len, bool *boundary)
{
    for (size_t i = 0; i <= len; i++)
        boundary[i] = true;
    char why[8];
    check_state c = {C_TEXT, NULL, {0}, 0, 0, why, sizeof why, false, boundary};
    scan(source, len, mark_token, &c);
}
