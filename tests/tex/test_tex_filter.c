/* Layer 1 on its own: the formula allowlist (librender/tex/filter.c), with
 * no TeX run. Every hostile spelling in the table is refused with a
 * message naming what is refused; every formula the repository's
 * examples, fixtures and tests use, and the math a lesson needs, is
 * accepted; a colour group never lands inside a control sequence. */
#include "lrtest.h"
#include "tex/tex_internal.h"

#include <string.h>

typedef struct hostile {
    const char *src;
    const char *needle; /* the message must contain it */
} hostile;

static const hostile hostiles[] = {
    /* \special, the way to PostScript, however it is spelled */
    {"\\special{ps: 1 0 0 setrgbcolor}", "\\special is not allowed"},
    {"\\begin{special}{ps: <2570697065> (w) file}\\end{special}", "\\begin{special} is not allowed"},
    {"\\begin {special}{ps: x}\\end {special}", "\\begin{special}"},
    {"\\begin\n{special}{ps: x}", "\\begin{special}"},
    {"\\begin{spe cial}", "letters only"},
    {"\\begin{spe}cial}", "\\begin{spe} is not allowed"},
    {"\\begin{{special}}", "letters only"},
    {"\\begin{ special}", "letters only"},
    {"\\begin{cas\nes}", "letters only"}, /* TeX reads the line end as a space: "cas es" */
    {"\\begin{special }", "letters only"},
    {"\\begin\\special", "must be followed by an environment name"},
    {"\\begin special", "must be followed by an environment name"},
    {"\\begin\\bgroup special}", "must be followed by an environment name"},
    {"\\begin{pmatrix\\special}", "letters only"},
    {"\\begin{pmatrix}a\\end{special}", "\\end{special} is not allowed"},
    {"x \\begin", "at the end of the formula"},
    {"x \\begin{pmat", "letters only"}, /* the line's end is a space */
    {"\\csname special\\endcsname{ps: x}", "\\csname is not allowed"},
    {"\\expandafter\\special", "\\expandafter is not allowed"},
    {"\\string\\special", "\\string is not allowed"},
    {"\\lowercase{\\SPECIAL{ps: x}}", "\\lowercase is not allowed"},
    {"\\uppercase{\\special}", "\\uppercase is not allowed"},
    {"\\detokenize{x}", "\\detokenize is not allowed"},
    {"\\romannumeral 1000", "\\romannumeral is not allowed"},
    {"\\UseName{special}", "\\UseName is not allowed"},
    {"\\ifcsname special\\endcsname\\fi", "\\ifcsname is not allowed"},
    {"\\pdfprimitive\\special", "\\pdfprimitive is not allowed"},
    {"\\directlua{os.execute('x')}", "\\directlua is not allowed"},
    /* reading and changing how TeX reads */
    {"\\catcode`\\%=12", "\\catcode is not allowed"},
    {"\\makeatletter\\@namedef", "\\makeatletter is not allowed"},
    {"\\@namedef{x}", "\\@ is not allowed"}, /* @ is no letter in a document: \@ is a control symbol */
    {"^^5cspecial", "^^ (a character code escape)"},
    {"x^^M", "^^"},
    {"\\^^5c", "^^"},
    {"a^^", "^^"},
    {"\\spe%\ncial", "\\spe is not allowed"},
    {"%\\special", "% (a TeX comment"},
    {"a % comment", "% (a TeX comment"},
    {"#1", "# (a macro parameter"},
    {"x # y", "# (a macro parameter"},
    {"a\\", "\\ at the end of a line"},
    {"a\\\nb", "\\ at the end of a line"},
    {"a\\ \nb", "\\ at the end of a line"}, /* TeX drops the space first */
    {"a\\\tb", "byte 0x09"},
    {"x \\ ", "\\ at the end of a line"},
    {"a\n\nb", "an empty line"},
    {"a\n  \nb", "an empty line"},
    {"a\n", "an empty line"}, /* the document's own line break follows */
    {"x\001y", "a control character"},
    {"x\ry", "a control character"},
    {"x\x7fy", "a control character"},
    {"\xce\xb1", "a non-ASCII character"},
    {"\\text{caf\xc3\xa9}", "a non-ASCII character"},
    {"\xff", "a non-ASCII character"},
    {"\\\xce\xb1", "byte 0xCE"},
    {"~\\special", "\\special is not allowed"},
    /* definitions, in every spelling */
    {"\\def\\x{y}", "\\def is not allowed"},
    {"\\edef\\x{y}", "\\edef is not allowed"},
    {"\\gdef\\x{y}", "\\gdef is not allowed"},
    {"\\xdef\\x{y}", "\\xdef is not allowed"},
    {"\\let\\x=\\special", "\\let is not allowed"},
    {"\\futurelet\\x", "\\futurelet is not allowed"},
    {"\\newcommand{\\x}{y}", "\\newcommand is not allowed"},
    {"\\renewcommand{\\pi}{y}", "\\renewcommand is not allowed"},
    {"\\providecommand{\\x}{y}", "\\providecommand is not allowed"},
    {"\\DeclareMathOperator{\\x}{y}", "\\DeclareMathOperator is not allowed"},
    {"\\global\\let", "\\global is not allowed"},
    {"\\long\\def", "\\long is not allowed"},
    {"\\chardef\\x=92", "\\chardef is not allowed"},
    {"\\everymath{\\special{x}}", "\\everymath is not allowed"},
    {"\\afterassignment\\x", "\\afterassignment is not allowed"},
    {"\\aftergroup\\x", "\\aftergroup is not allowed"},
    {"x\\endgroup\\begingroup", "\\endgroup is not allowed"},
    {"\\begingroup", "\\begingroup is not allowed"},
    {"\\noexpand\\x", "\\noexpand is not allowed"},
    {"\\unexpanded{x}", "\\unexpanded is not allowed"},
    {"\\the\\catcode", "\\the is not allowed"},
    {"\\number`\\a", "\\number is not allowed"},
    {"\\meaning\\x", "\\meaning is not allowed"},
    {"\\scantokens{x}", "\\scantokens is not allowed"},
    {"\\char92", "\\char is not allowed"},
    {"\\relax", "\\relax is not allowed"},
    /* files, the terminal, the output */
    {"\\input{/etc/passwd}", "\\input is not allowed"},
    {"\\include{x}", "\\include is not allowed"},
    {"\\openin1=x", "\\openin is not allowed"},
    {"\\read1 to\\x", "\\read is not allowed"},
    {"\\write18{touch x}", "\\write is not allowed"},
    {"\\immediate\\write18{x}", "\\immediate is not allowed"},
    {"\\openout1=x", "\\openout is not allowed"},
    {"\\newwrite\\f", "\\newwrite is not allowed"},
    {"\\endinput", "\\endinput is not allowed"},
    {"\\jobname", "\\jobname is not allowed"},
    {"\\usepackage{x}", "\\usepackage is not allowed"},
    {"\\RequirePackage{x}", "\\RequirePackage is not allowed"},
    {"\\documentclass{x}", "\\documentclass is not allowed"},
    {"\\shipout\\hbox{}", "\\shipout is not allowed"},
    {"\\output={x}", "\\output is not allowed"},
    {"\\label{x}", "\\label is not allowed"},
    {"\\typeout{x}", "\\typeout is not allowed"},
    {"\\batchmode", "\\batchmode is not allowed"},
    {"\\par", "\\par is not allowed"},
    {"\\verb|x|", "\\verb is not allowed"},
    {"\\hbox{x}", "\\hbox is not allowed"},
    /* environments that are not math, and ours */
    {"\\end{align*}\\special{x}", "\\end{align*} is not allowed"},
    {"\\begin{align*}", "\\begin{align*} is not allowed"},
    {"\\end{document}", "\\end{document} is not allowed"},
    {"\\begin{filecontents}{x}", "\\begin{filecontents} is not allowed"},
    {"\\begin{verbatim}", "\\begin{verbatim} is not allowed"},
    {"\\begin{lrbox}", "\\begin{lrbox} is not allowed"},
    {"\\begin{document}", "\\begin{document} is not allowed"},
    /* colour: models are a csname too, and color@ holds more than models */
    {"\\color[begingroup]{x}", "colour model"},
    {"\\textcolor[endgroup]{x}{y}", "colour model"},
    {"\\color[ rgb]{1,0,0}", "colour model"},
    {"\\color[rg\\special b]{1,0,0}", "colour model"},
    {"\\color[rgb", "colour model"},
    {"\\pagecolor{red}", "\\pagecolor is not allowed"},
    {"\\definecolor{x}{rgb}{1,0,0}", "\\definecolor is not allowed"},
    {"\\color{\\special}", "\\special is not allowed"},
    {"\\color{\\pi}", "takes a colour name or numbers"},
};

/* Everything the repository's examples, test fixtures and tests compile,
 * and the math of a lesson. */
static const char *const legit[] = {
    /* examples/ and tests/agent/fixtures/ */
    "3^2 + 4^2 = c^2", "9 + 16 = c^2", "A = \\pi r \\cdot r", "A = \\pi r^2", "A = s^{2", "A = s^{2}",
    "C = 2\\pi r", "\\frac{4}{3}", "\\int_0^2 \\frac{x^2}{2}\\,dx = \\frac{4}{3}", "\\pi \\approx", "\\pi r",
    "\\text{area}", "a^2+b^2=c^2", "c = \\sqrt{a^2 + 9}", "c^2 =", "d = \\sqrt{3^2 + 4^2} = 5", "f'(1.5) = 1.5",
    "r = 2:\\quad A = 4\\pi \\approx 12.57",
    /* tests/ */
    "\\frac{a}{b}", "\\sum_{i=1}^{n} i^2", "\\int_0^1 x\\,dx", "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
    "\\sqrt{2}", "x", "Area $x^2$", "a^2 + b^2 = c^2", "e^{i\\pi} + 1 = 0", "a \\\\ write", "\\frac{a}{b",
    "\\alpha + \\beta", "\\frac{1}{n}", "\\sqrt[3]{x}", "\\vec{v}", "\\gamma_1", "area $x^2$",
    "\\frac{a}{b} + \\sqrt{x^2+y^2} = \\int_0^1 f(t)\\,dt", "\\mathbf{F} = m\\mathbf{a}", "\\bm{x}",
    "\\xi \\varepsilon \\theta \\zeta \\rho \\delta", "\\sum_{k} \\sin k \\cos k", "\\lim_{n\\to\\infty} x_n",
    "\\mathbb{R}^n", "\\prod_i \\pm x_i", "\\oint \\nabla \\cdot \\hat{n}", "\\forall x \\exists y",
    "\\det A", "\\binom{n}{k}",
    /* lesson math */
    "\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1", "\\mathcal{L}\\{f\\}(s)", "\\mathrm{d}x", "\\mathfrak{g}",
    "\\text{area} = \\pi r^2", "\\textbf{x} + \\textit{y} + \\emph{z}", "\\left( \\frac{a}{b} \\right)",
    "\\left. f \\right|_{0}^{1}", "\\left\\langle u, v \\right\\rangle", "\\bigl( x \\bigr)",
    "\\begin{bmatrix}1&0\\\\0&1\\end{bmatrix}", "\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}",
    "\\begin{Bmatrix} a \\end{Bmatrix} \\begin{Vmatrix} b \\end{Vmatrix} \\begin{matrix} c \\end{matrix}",
    "f(x) = \\begin{cases} x & x > 0 \\\\ -x & \\text{otherwise} \\end{cases}",
    "\\begin{aligned} a &= b \\\\ &= c \\end{aligned}", "\\begin{array}{c|c} 1 & 2 \\\\ \\hline 3 & 4 \\end{array}",
    "\\begin{smallmatrix} a & b \\end{smallmatrix}", "\\begin{gathered} a \\\\ b \\end{gathered}",
    "\\begin{alignedat}{2} a &= b &\\quad c &= d \\end{alignedat}", "\\begin{split} a &= b \\end{split}",
    "\\sum_{\\substack{i<n \\\\ i \\ne 0}} i", "\\begin{subarray}{l} a \\\\ b \\end{subarray}",
    "\\color{red} x", "\\color[rgb]{1,0,0} x", "\\textcolor{blue}{y}", "\\textcolor[rgb]{0,0,1}{y}",
    "\\color[gray]{0.5}x", "\\color[cmyk]{0,1,1,0}x", "\\color [rgb]{1,0,0}x", "\\color\n[rgb]{1,0,0}x",
    "\\overbrace{a+b}^{2} \\underbrace{x+y}_{z}", "\\boxed{E = mc^2}", "\\phantom{x} \\vphantom{y} \\hphantom{z}",
    "\\operatorname{sgn}(x)", "\\operatorname*{argmax}_x f", "a = b \\tag{1}", "x \\notag", "\\vec{v} \\cdot \\hat{n}",
    "\\boldsymbol{\\alpha} \\pmb{x}", "x \\in \\mathbb{N} \\subseteq \\mathbb{Z}", "\\forall \\epsilon > 0 \\; \\exists \\delta",
    "\\%", "50\\% \\text{ off}", "\\# \\$5 \\& \\_", "\\{ x \\mid x > 0 \\}", "\\| v \\|", "x_1, \\ldots, x_n",
    "\\cdots \\vdots \\ddots \\dots", "\\xrightarrow{f} \\xleftarrow[a]{b}", "A \\Rightarrow B \\iff C \\implies D",
    "\\dfrac{1}{2} \\tfrac{1}{2} \\cfrac{1}{1+\\cfrac{1}{2}}", "f'(x) + f''(x)", "\\nabla \\times \\vec{E}",
    "\\oint_C \\iint_S \\iiint_V", "\\partial_x f", "\\infty \\approx \\equiv \\sim \\simeq \\cong \\propto",
    "a \\equiv b \\pmod{7}", "\\gcd(a,b) \\bmod c", "\\hspace{1em} \\quad \\qquad \\, \\: \\; \\! \\ x",
    "a~b", "x^{\\prime}", "\\overline{AB} \\underline{x}", "\\widehat{ABC} \\widetilde{x}",
    "\\angle ABC = 90^\\circ", "\\triangle ABC \\sim \\triangle DEF", "\\sin^2\\theta + \\cos^2\\theta = 1",
    "a &= b \\\\\n&= c", "a \\\\[2pt] b", "\\log_2 n \\ln x \\exp(x)", "\\max_i \\min_j \\sup \\inf",
    "\\mathrm{Var}(X) = E[X^2] - E[X]^2", "P(A \\mid B) = \\frac{P(B \\mid A) P(A)}{P(B)}", "\\sqrt[n]{x}",
    "\\displaystyle \\sum_{n=1}^\\infty \\frac{1}{n^2} = \\frac{\\pi^2}{6}", "\\leq \\geq \\neq \\ll \\gg",
    "\\to \\mapsto \\leftarrow \\Leftrightarrow \\longrightarrow", "\\cap \\cup \\setminus \\emptyset \\varnothing",
    "\\mathbb{E}[X]", "\\lfloor x \\rfloor \\lceil y \\rceil", "\\Gamma \\Delta \\Omega \\varphi \\ell \\hbar",
    "x \\text{ where } $y$ \\text{ is } \\textrm{real}", "\\mbox{if } x \\fbox{y}", "\\stackrel{?}{=}",
    "\\overset{def}{=} \\underset{x}{\\arg\\min}", "\\sideset{}{'}\\sum", "\\smash{x} \\mathstrut",
    "\\not= \\not\\in", "\\mathop{\\mathrm{rank}}\\limits_{x}", "\\big( \\Big( \\bigg( \\Bigg(",
    "  a  \n  b  ", "\\ x", "\\'e \\`a \\\"o \\^u \\~n \\=a \\.z", "\\text{\\textbf{bold} \\textit{it}}",
};

static void test_hostile(void)
{
    for (size_t i = 0; i < sizeof hostiles / sizeof hostiles[0]; i++) {
        char why[600];
        const char *r = lr_tex_forbidden(hostiles[i].src, why, sizeof why);
        LRT_CHECK_MSG(r != NULL, "hostile formula %zu accepted: \"%s\"", i, hostiles[i].src);
        if (r) {
            LRT_CHECK(r == why);
            LRT_CHECK_MSG(strstr(why, hostiles[i].needle) != NULL, "\"%s\": message \"%s\" lacks \"%s\"",
                          hostiles[i].src, why, hostiles[i].needle);
        }
    }
    /* the message for an environment lists the ones there are */
    char why[600];
    lr_tex_forbidden("\\begin{special}", why, sizeof why);
    LRT_CHECK_MSG(strstr(why, "pmatrix") && strstr(why, "cases") && strstr(why, "aligned"), "%s", why);
    /* a long name is cut, the message stays short */
    char longname[300] = "\\";
    memset(longname + 1, 'q', 250);
    longname[251] = 0;
    LRT_CHECK(lr_tex_forbidden(longname, why, sizeof why) != NULL && strlen(why) < 300);
    /* a small buffer still says no */
    char tiny[4];
    LRT_CHECK(lr_tex_forbidden("\\special", tiny, sizeof tiny) != NULL && strlen(tiny) < 4);
    LRT_CHECK(lr_tex_forbidden("\\special", NULL, 0) != NULL);
}

static void test_legit(void)
{
    for (size_t i = 0; i < sizeof legit / sizeof legit[0]; i++) {
        char why[600];
        const char *r = lr_tex_forbidden(legit[i], why, sizeof why);
        LRT_CHECK_MSG(r == NULL, "\"%s\" refused: %s", legit[i], why);
    }
    LRT_CHECK(lr_tex_forbidden("", NULL, 0) == NULL);
}

static void test_tables(void)
{
    LRT_CHECK_MSG(lr_tex_allowlist_sorted(), "the allowlist tables must stay sorted (bsearch)");
    LRT_CHECK(lr_tex_allowed_command("frac", 4));
    LRT_CHECK(lr_tex_allowed_command("fracx", 4)); /* the length counts, not the NUL */
    LRT_CHECK(!lr_tex_allowed_command("fra", 3));
    LRT_CHECK(lr_tex_allowed_command("\\", 1) && lr_tex_allowed_command(",", 1));
    LRT_CHECK(!lr_tex_allowed_command("@", 1) && !lr_tex_allowed_command("[", 1));
    LRT_CHECK(!lr_tex_allowed_command("", 0));
    LRT_CHECK(lr_tex_allowed_environment("pmatrix", 7));
    LRT_CHECK(!lr_tex_allowed_environment("align*", 6) && !lr_tex_allowed_environment("special", 7));
}

static void test_boundaries(void)
{
    bool b[32];
    const char *s = "\\beta x";
    lr_tex_mark_boundaries(s, strlen(s), b);
    LRT_CHECK(b[0] && !b[1] && !b[2] && !b[3] && !b[4] && b[5] && b[6] && b[7]);
    s = "a\\\\b"; /* "\\b" at 2 is the end of \\ and a letter, not \b */
    lr_tex_mark_boundaries(s, strlen(s), b);
    LRT_CHECK(b[0] && b[1] && !b[2] && b[3] && b[4]);
    s = "x^2+\\pi";
    lr_tex_mark_boundaries(s, strlen(s), b);
    LRT_CHECK(b[0] && b[1] && b[2] && b[3] && b[4] && !b[5] && !b[6] && b[7]);
    /* nothing between \begin and the } of its name, nor in a colour's
     * model and name: these become csnames */
    s = "\\begin {cases}a";
    lr_tex_mark_boundaries(s, strlen(s), b);
    LRT_CHECK(b[0] && b[14] && b[15]);
    for (int i = 1; i < 14; i++)
        LRT_CHECK_MSG(!b[i], "boundary at %d of \"%s\"", i, s);
    s = "\\color[rgb]{1,0,0}x";
    lr_tex_mark_boundaries(s, strlen(s), b);
    LRT_CHECK(b[0] && b[18] && b[19]);
    for (int i = 1; i < 18; i++)
        LRT_CHECK_MSG(!b[i], "boundary at %d of \"%s\"", i, s);
    s = "\\textcolor{red}{d}";
    lr_tex_mark_boundaries(s, strlen(s), b);
    LRT_CHECK(!b[12] && b[16] && b[17] && b[18]);
}

int main(void)
{
    test_tables();
    test_hostile();
    test_legit();
    test_boundaries();
    return lrt_finish("tex_filter");
}
