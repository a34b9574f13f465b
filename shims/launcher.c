/*
 * tszig launcher: a compiled shim. It applies the same rewrite rules as the sh shim (shims/cc.sh)
 * and execs zig, in time independent of the shell and linear in the number of arguments. tszig
 * generates one source per target and role by filling in the tables at the CONFIG marker from its
 * rule table (src/shims/rules.ts), and compiles it with zig. The generated source is kept next to
 * the binary. Rule semantics, argument for argument, are the sh shim's; both pass the same tests.
 *
 * Nothing particular to one machine is compiled in, so the binary is the same wherever tszig
 * builds it (compiler caches such as sccache hash it). Where zig and its cache are, and the
 * arguments this machine appends, come from the site file next to the executable (<exe>.site:
 * a format line, zig's path, zig's cache directory, then one argument per line). IDENTITY names
 * the target, the zig version and a digest of those arguments with machine paths replaced by
 * fixed names, so that the bytes change whenever the output would.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

enum action { KEEP, DROP, REPLACE, APPEND, REWRITE, JOIN, DROP_NEXT, CPU_NAME, AARCH64_CPU, AARCH64_MARCH, RISCV_MARCH, ARM_FPU, STDIN_ARG, LINK_CHECK };
enum effect { FAIL, UNTARGETED };

struct rule {
    const char *const *patterns; /* sh-style globs, NULL-terminated */
    enum action action;
    const char *strip;           /* REWRITE, JOIN: leading text removed (from the next argument for JOIN) */
    const char *prefix;          /* REWRITE, JOIN: text put in front */
    const char *const *args;     /* REPLACE, APPEND: literal arguments, NULL-terminated */
};

struct call_rule {
    const char *const *patterns;
    enum effect effect;
};

/* @CONFIG@ */

static void die(const char *what, const char *detail) {
    fprintf(stderr, "tszig: %s %s: %s\n", what, detail, strerror(errno));
    exit(127);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory", "");
    return p;
}

static char *concat(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    char *s = xmalloc(la + lb + 1);
    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
    return s;
}

/* One pattern element at p (`?`, a bracket expression with `!` and ranges, or a character, `\`
 * escaping the next) against the byte c; *next is set past it. A `[` without its `]` is a literal
 * `[`, as in sh. */
static int element(const char *p, unsigned char c, const char **next) {
    if (*p == '?') {
        *next = p + 1;
        return 1;
    }
    if (*p == '[') {
        const char *q = p + 1;
        int negate = *q == '!', hit = 0;
        if (negate) q++;
        for (int first = 1; *q && (first || *q != ']'); q++, first = 0) {
            if (q[1] == '-' && q[2] && q[2] != ']') {
                if (c >= (unsigned char)q[0] && c <= (unsigned char)q[2]) hit = 1;
                q += 2;
            } else if ((unsigned char)*q == c) {
                hit = 1;
            }
        }
        if (*q == ']') {
            *next = q + 1;
            return hit != negate;
        }
        *next = p + 1;
        return c == '[';
    }
    if (*p == '\\' && p[1]) p++;
    *next = p + 1;
    return (unsigned char)*p == c;
}

/* sh `case` pattern matching, byte by byte (the sh shim runs with LC_ALL=C). A `*` is retried
 * from its last position only, so the cost is at most the pattern's length times the string's. */
static int glob(const char *p, const char *s) {
    const char *retry_p = NULL, *retry_s = NULL, *next;
    for (;;) {
        if (*p == '*') {
            while (*p == '*') p++;
            if (!*p) return 1;
            retry_p = p, retry_s = s;
            continue;
        }
        if (*p && *s && element(p, (unsigned char)*s, &next)) {
            p = next, s++;
            continue;
        }
        if (!*p && !*s) return 1;
        if (!retry_p || !*retry_s) return 0;
        p = retry_p, s = ++retry_s;
    }
}

static int matches(const char *const *patterns, const char *arg) {
    for (; *patterns; patterns++)
        if (glob(*patterns, arg)) return 1;
    return 0;
}

/* Output: the new argv, or lines of a response-file copy. */
struct out {
    char **argv;
    size_t len, cap;
    FILE *file; /* non-NULL while rewriting a response file */
};

static void emit(struct out *o, const char *arg) {
    if (o->file) {
        fputs(arg, o->file);
        fputc('\n', o->file);
        return;
    }
    if (o->len + 1 >= o->cap) {
        o->cap = o->cap * 2 + 16;
        o->argv = realloc(o->argv, o->cap * sizeof *o->argv);
        if (!o->argv) die("out of memory", "");
    }
    o->argv[o->len++] = (char *)arg;
    o->argv[o->len] = NULL;
}

/* A literal for a GNU-style response file: `\` and space escaped, as rustc writes them. */
static const char *rsp_literal(const struct out *o, const char *s) {
    if (!o->file) return s;
    char *r = xmalloc(2 * strlen(s) + 1), *w = r;
    for (; *s; s++) {
        if (*s == '\\' || *s == ' ') *w++ = '\\';
        *w++ = *s;
    }
    *w = '\0';
    return r;
}

/* A growing string: appends cost their own length, whatever the length so far. */
struct buf {
    char *s;
    size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s) die("out of memory", "");
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void put_str(struct buf *b, const char *s) { put(b, s, strlen(s)); }

static char *buf_str(struct buf *b) {
    if (!b->s) put(b, "", 0);
    return b->s;
}

/* A copy of s with every `from` replaced by `to`, or removed when `to` is '\0'. */
static char *tr(const char *s, char from, char to) {
    char *r = xmalloc(strlen(s) + 1), *w = r;
    for (; *s; s++) {
        if (*s != from) *w++ = *s;
        else if (to) *w++ = to;
    }
    *w = '\0';
    return r;
}

/* zig's spelling of an LLVM CPU name: dashes become underscores for names LLVM spells with them. */
static char *cpu_base(const char *cpu) {
    return matches(DASHED_CPUS, cpu) ? tr(cpu, '-', '_') : concat(cpu, "");
}

/* The text of `arg` before its first `=`, with the `=`. */
static char *flag_of(const char *arg) {
    const char *eq = strchr(arg, '=');
    char *flag = xmalloc((size_t)(eq - arg) + 2);
    memcpy(flag, arg, (size_t)(eq - arg) + 1);
    flag[eq - arg + 1] = '\0';
    return flag;
}

/* -mcpu=/-march= with an LLVM CPU name: x86-64-v3 → x86_64_v3, power9 → pwr9. */
static void cpu_name(struct out *o, const char *arg) {
    const char *cpu = cpu_base(strchr(arg, '=') + 1);
    if (glob("power[0-9]*", cpu)) cpu = concat("pwr", cpu + 5);
    else if (!strcmp(cpu, "powerpc64le")) cpu = "ppc64le";
    else if (!strcmp(cpu, "powerpc64")) cpu = "ppc64";
    emit(o, concat(flag_of(arg), cpu));
}

/* zig's spelling of a GCC/LLVM aarch64 extension list ("crc+nofp16" → "+crc-fullfp16"); `none`
 * and empty elements (`crc++aes`) are dropped. */
static char *aarch64_features(const char *list) {
    struct buf out = {0};
    char *rest = concat(list, "");
    for (char *e = rest, *next; e; e = next) {
        next = strchr(e, '+');
        if (next) *next++ = '\0';
        if (!*e || !strcmp(e, "none")) continue;
        const char *sign = "+";
        if (!strncmp(e, "no", 2) && e[2]) sign = "-", e += 2;
        const char *name = e;
        for (const char *const *r = FEATURE_RENAMES; *r; r += 2)
            if (!strcmp(r[0], e)) name = r[1];
        put_str(&out, sign);
        put_str(&out, tr(name, '-', '_'));
    }
    return buf_str(&out);
}

/* Splits "name+ext+ext" into name (returned) and the extension list (*ext, "" if none). */
static char *split_plus(const char *value, const char **ext) {
    const char *plus = strchr(value, '+');
    if (!plus) {
        *ext = "";
        return concat(value, "");
    }
    char *name = xmalloc((size_t)(plus - value) + 1);
    memcpy(name, value, (size_t)(plus - value));
    name[plus - value] = '\0';
    *ext = plus + 1;
    return name;
}

/* -mcpu=/-march= with an aarch64 CPU and extensions: cortex-a53+nofp16 → cortex_a53-fullfp16. */
static void aarch64_cpu(struct out *o, const char *arg) {
    const char *ext;
    char *cpu = cpu_base(split_plus(strchr(arg, '=') + 1, &ext));
    emit(o, concat(concat(flag_of(arg), cpu), aarch64_features(ext)));
}

/* GCC -march=armv8.2-a+crc → -mcpu=<baseline>+v8_2a+crc, and the assembler keeps the original. */
static void aarch64_march(struct out *o, const char *arg) {
    const char *ext;
    char *version = tr(tr(split_plus(arg + strlen("-march=armv"), &ext), '-', '\0'), '.', '_');
    emit(o, concat(concat(concat(concat("-mcpu=", AARCH64_BASE), "+v"), version), aarch64_features(ext)));
    emit(o, "-Xassembler");
    emit(o, arg);
}

/* RISC-V ISA strings that zig's features cannot say fail the call, as the sh shim's do. */
static void riscv_fail(const char *arg, const char *why, const char *detail) {
    fprintf(stderr, "tszig: cannot map %s to zig CPU features: %s%s\n", arg, why, detail);
    exit(1);
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }

/* A multi-letter extension (zba, zvl256b, zicsr2p0), added to *out without its version. */
static void riscv_multi(struct buf *out, const char *arg, const char *t, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!is_lower(t[i]) && !is_digit(t[i])) {
            char *name = xmalloc(n + 1);
            memcpy(name, t, n);
            name[n] = '\0';
            riscv_fail(arg, "extension names are lower-case letters and digits: ", name);
        }
    size_t end = n, digits = 0;
    while (end > 0 && is_digit(t[end - 1])) end--, digits++;
    if (digits > RISCV_VERSION_DIGITS) riscv_fail(arg, "a version number has too many digits", "");
    if (digits > 0 && end >= 2 && t[end - 1] == 'p' && is_digit(t[end - 2])) {
        end--;
        digits = 0;
        while (end > 0 && is_digit(t[end - 1])) end--, digits++;
        if (digits > RISCV_VERSION_DIGITS) riscv_fail(arg, "a version number has too many digits", "");
    }
    put_str(out, "+");
    put(out, t, end);
}

/* Leading digits of t[*i..n): skipped, at most RISCV_VERSION_DIGITS of them; returns how many. */
static size_t riscv_lead(const char *arg, const char *t, size_t *i, size_t n) {
    size_t digits = 0;
    while (*i < n && is_digit(t[*i])) {
        if (++digits > RISCV_VERSION_DIGITS) riscv_fail(arg, "a version number has too many digits", "");
        (*i)++;
    }
    return digits;
}

/* Single-letter extensions (imafdc, i2p1, gcv), each with an optional version; z, s or x starts a
 * multi-letter extension that takes the rest of the part. */
static void riscv_letters(struct buf *out, const char *arg, const char *t, size_t n) {
    if (n > RISCV_LETTER_RUN) riscv_fail(arg, "a run of single-letter extensions is longer than " RISCV_LETTER_RUN_TEXT " characters", "");
    for (size_t i = 0; i < n;) {
        char c = t[i];
        if (c == 'z' || c == 's' || c == 'x') {
            riscv_multi(out, arg, t + i, n - i);
            return;
        }
        if (!is_lower(c)) {
            char *rest = xmalloc(n - i + 1);
            memcpy(rest, t + i, n - i);
            rest[n - i] = '\0';
            riscv_fail(arg, "an extension starts with a lower-case letter: ", rest);
        }
        i++;
        const char *expansion = NULL;
        for (const char *const *x = RISCV_EXPANSIONS; *x; x += 2)
            if (x[0][0] == c && !x[0][1]) expansion = x[1];
        if (expansion) {
            put_str(out, expansion);
        } else {
            put_str(out, "+");
            put(out, &c, 1);
        }
        /* A version: digits, then `p` and digits (2p1); a `p` after no digits, or before none, is
         * the P extension. */
        if (riscv_lead(arg, t, &i, n) > 0 && i + 1 < n && t[i] == 'p' && is_digit(t[i + 1])) {
            i++;
            riscv_lead(arg, t, &i, n);
        }
    }
}

/* GCC -march=rv64gcv_zba → -mcpu=<baseline>+i+m+a+f+d+zicsr+zifencei+c+v+zba. */
static void riscv_march(struct out *o, const char *arg) {
    if (strncmp(arg, "-march=rv64", 11) != 0) riscv_fail(arg, "the target is 64-bit RISC-V, so the ISA string starts with rv64", "");
    const char *isa = arg + 11;
    struct buf out = {0};
    put_str(&out, "-mcpu=");
    put_str(&out, RISCV_BASE);
    /* The first `_`-separated part holds the base ISA. */
    const char *first = isa;
    while (*first == '_') first++;
    if (first != isa || !(*isa == 'i' || *isa == 'e' || *isa == 'g')) riscv_fail(arg, "the base ISA (i, e or g) follows rv64", "");
    for (const char *t = isa; *t;) {
        const char *end = strchr(t, '_');
        size_t n = end ? (size_t)(end - t) : strlen(t);
        if (n > 0) {
            if (*t == 'z' || *t == 's' || *t == 'x') riscv_multi(&out, arg, t, n);
            else riscv_letters(&out, arg, t, n);
        }
        t += n;
        if (*t == '_') t++;
    }
    emit(o, buf_str(&out));
}

/* -mfpu=neon → -mcpu=<the baseline without its FPU>+neon, which zig takes last; values zig has no
 * equivalent for pass unchanged. */
static void arm_fpu(struct out *o, const char *arg) {
    const char *fpu = arg + strlen("-mfpu=");
    for (const char *const *f = ARM_FPUS; *f; f += 2) {
        if (!strcmp(f[0], fpu)) {
            emit(o, f[1]);
            return;
        }
    }
    emit(o, arg);
}

struct state {
    const char *join;   /* pending JOIN prefix (or DROP_NEXT) */
    const char *jstrip; /* what a pending JOIN removes from the start of the next argument */
    int drop;           /* the pending argument is dropped, not joined */
    const char *joined; /* the argument that started it */
    int lang;           /* the call names a language (-x) somewhere */
    const char *prev;   /* the argument before the current one (argv only) */
};

/* `s` without `prefix` at its start (when it starts with it). */
static const char *without_prefix(const char *s, const char *prefix) {
    size_t n = prefix ? strlen(prefix) : 0;
    return n && !strncmp(s, prefix, n) ? s + n : s;
}

/* A bare `-` is stdin unless it is an option's operand (`-o -`); without -x it gets one. */
static void stdin_lang(struct out *o, const struct state *st, const char *arg) {
    const char *p = st->prev ? st->prev : "";
    if (!st->lang && strcmp(p, "-o") && strcmp(p, "-MF") && strcmp(p, "-MT") && strcmp(p, "-MQ") && strncmp(p, "-X", 2)) {
        emit(o, "-x");
        emit(o, STDIN_LANG);
    }
    emit(o, arg);
}

/* Set by a LINK_CHECK rule: the final call's frameworks and libraries are checked (check_links). */
static int link_check_wanted;

/* Applies the first rule that matches `arg`; returns 0 when none did. */
static int apply(struct out *o, struct state *st, const char *arg) {
    for (size_t i = 0; i < sizeof RULES / sizeof *RULES; i++) {
        const struct rule *r = &RULES[i];
        if (!matches(r->patterns, arg)) continue;
        switch (r->action) {
        case KEEP: emit(o, arg); break;
        case DROP: break;
        case REPLACE:
            for (const char *const *a = r->args; *a; a++) emit(o, rsp_literal(o, *a));
            break;
        case APPEND:
            emit(o, arg);
            for (const char *const *a = r->args; *a; a++) emit(o, rsp_literal(o, *a));
            break;
        case REWRITE: emit(o, concat(rsp_literal(o, r->prefix), arg + strlen(r->strip))); break;
        case JOIN: st->join = r->prefix, st->jstrip = r->strip, st->drop = 0, st->joined = arg; break;
        case DROP_NEXT: st->join = "", st->drop = 1, st->joined = arg; break;
        case CPU_NAME: cpu_name(o, arg); break;
        case AARCH64_CPU: aarch64_cpu(o, arg); break;
        case AARCH64_MARCH: aarch64_march(o, arg); break;
        case RISCV_MARCH: riscv_march(o, arg); break;
        case ARM_FPU: arm_fpu(o, arg); break;
        case STDIN_ARG: stdin_lang(o, st, arg); break;
        case LINK_CHECK: link_check_wanted = 1, emit(o, arg); break;
        }
        return 1;
    }
    return 0;
}

/* The response file cannot be read or its copy written: exit 1, as the sh shim does. */
static void rsp_fail(const char *path, const char *why) {
    fprintf(stderr, "tszig: cannot rewrite linker response file %s: %s\n", path, why ? why : strerror(errno));
    exit(1);
}

/* rustc's response file: one argument per line (`\` and space escaped); rules apply per line. */
static char *rewrite_rsp(const char *path, struct state *st) {
    FILE *in = fopen(path, "rb");
    struct stat info;
    if (!in || fstat(fileno(in), &info) != 0) rsp_fail(path, NULL);
    if (!S_ISREG(info.st_mode)) rsp_fail(path, "not a file");
    char *copy = concat(path, ".tszig");
    struct out o = {0};
    o.file = fopen(copy, "wb");
    if (!o.file) rsp_fail(path, NULL);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) != -1) {
        if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
        char *arg = concat(line, "");
        if (st->join) {
            if (!st->drop) emit(&o, concat(st->join, without_prefix(arg, st->jstrip)));
            st->join = NULL;
        } else if (!apply(&o, st, arg)) {
            emit(&o, arg);
        }
    }
    if (ferror(in) || fclose(o.file) != 0) rsp_fail(path, NULL);
    fclose(in);
    return concat("@", copy);
}

/* This executable's own path: the kernel's record of it, else argv[0] when that is a path. */
static char *self_path(const char *argv0) {
#if defined(__linux__)
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = '\0';
        return concat(buf, "");
    }
#elif defined(__APPLE__)
    char buf[4096];
    uint32_t size = sizeof buf;
    if (_NSGetExecutablePath(buf, &size) == 0) return concat(buf, "");
#endif
    return concat(argv0, "");
}

/* The site file's lines after the format line: zig, its cache, then the appended arguments. */
struct site {
    char *zig, *cache;
    char **args;
    size_t nargs;
};

static void read_site(struct site *site, const char *argv0) {
    char *path = concat(self_path(argv0), ".site");
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0;
    if (f) {
        size_t cap = 0, n;
        do {
            if (len + 4096 > cap) {
                cap = cap * 2 + 4096;
                text = realloc(text, cap + 1);
                if (!text) die("out of memory", "");
            }
            n = fread(text + len, 1, cap - len, f);
            len += n;
        } while (n > 0);
        fclose(f);
    }
    size_t nlines = 0;
    char **lines = NULL;
    for (char *p = text, *end = text + len; p && p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break; /* every line ends in a newline; a torn last line is not used */
        *nl = '\0';
        lines = realloc(lines, (nlines + 1) * sizeof *lines);
        if (!lines) die("out of memory", "");
        lines[nlines++] = p;
        p = nl + 1;
    }
    if (nlines < 3 || strcmp(lines[0], SITE_MAGIC) != 0) {
        fprintf(stderr, "tszig: cannot read %s; run cargo tszig or tszig env again to rewrite it (shim: %s)\n", path, IDENTITY);
        exit(127);
    }
    site->zig = lines[1];
    site->cache = lines[2];
    site->args = lines + 3;
    site->nargs = nlines - 3;
}

/* A list of strings: directories, frameworks or libraries named by the final call. */
struct names {
    const char **v;
    size_t n;
};

static void add_name(struct names *l, const char *s) {
    l->v = realloc(l->v, (l->n + 1) * sizeof *l->v);
    if (!l->v) die("out of memory", "");
    l->v[l->n++] = s;
}

struct link_notes {
    struct names fdir, ldir, fw, lib, seen;
    struct names *want; /* the list the next argument goes to (after -F, -L, -framework) */
};

/* Notes one argument of the final call: -F and -L directories, frameworks, libraries to check. */
static void note_link_arg(struct link_notes *ln, const char *a) {
    if (ln->want) {
        add_name(ln->want, a);
        ln->want = NULL;
    } else if (!strcmp(a, "-F")) {
        ln->want = &ln->fdir;
    } else if (!strncmp(a, "-F", 2)) {
        add_name(&ln->fdir, a + 2);
    } else if (!strcmp(a, "-L")) {
        ln->want = &ln->ldir;
    } else if (!strncmp(a, "-L", 2)) {
        add_name(&ln->ldir, a + 2);
    } else if (!strcmp(a, "-framework") || !strcmp(a, "-weak_framework") || !strcmp(a, "-needed_framework")) {
        ln->want = &ln->fw;
    } else if (glob("-Wl,-framework,*", a) || glob("-Wl,-weak_framework,*", a) || glob("-Wl,-needed_framework,*", a)) {
        add_name(&ln->fw, strchr(a + 4, ',') + 1);
    } else if (!strncmp(a, "-l", 2)) {
        for (const char *const *c = CHECK_LIBS; *c; c++)
            if (!strcmp(a + 2, *c)) add_name(&ln->lib, a + 2);
    }
}

/* A response-file line without its escapes (rustc escapes `\` and space); a lone `\` at the end goes. */
static char *unescape(const char *s) {
    char *r = xmalloc(strlen(s) + 1), *w = r;
    for (; *s; s++) {
        if (*s == '\\' && !*++s) break;
        *w++ = *s;
    }
    *w = '\0';
    return r;
}

/* Whether one of `dirs` holds `prefix name suffix` for one of the suffixes. */
static int found_in(const struct names *dirs, const char *prefix, const char *name, const char *const *suffixes) {
    for (size_t i = 0; i < dirs->n; i++)
        for (const char *const *x = suffixes; *x; x++)
            if (access(concat(concat(concat(concat(dirs->v[i], "/"), prefix), name), *x), F_OK) == 0) return 1;
    return 0;
}

/* Whether `what` was reported already (a framework or library named twice is reported once). */
static int said(struct link_notes *ln, const char *what) {
    for (size_t i = 0; i < ln->seen.n; i++)
        if (!strcmp(ln->seen.v[i], what)) return 1;
    add_name(&ln->seen, what);
    return 0;
}

/*
 * The call's frameworks must be in its -F directories, and its libraries without a stub in its -L
 * directories (rustc's response file included); otherwise the call fails here, saying what to do.
 */
static void check_links(const struct out *o) {
    static const char *const framework_suffix[] = {".framework", NULL};
    static const char *const library_suffixes[] = {".tbd", ".dylib", ".a", ".so", NULL};
    struct link_notes ln = {0};
    for (size_t i = 2; i < o->len; i++) {
        const char *a = o->argv[i];
        if (!glob("@*linker-arguments.tszig", a)) {
            note_link_arg(&ln, a);
            continue;
        }
        FILE *f = fopen(a + 1, "rb");
        if (!f) continue;
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, f)) != -1) {
            if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
            note_link_arg(&ln, unescape(line));
        }
        fclose(f);
    }
    int bad = 0;
    for (size_t i = 0; i < ln.fw.n; i++) {
        if (said(&ln, concat("framework ", ln.fw.v[i])) || found_in(&ln.fdir, "", ln.fw.v[i], framework_suffix)) continue;
        fprintf(stderr, "tszig: cannot link framework %s for %s: zig brings no macOS frameworks, and no -F directory of this call has it\n", ln.fw.v[i], LINK_TARGET);
        bad = 1;
    }
    for (size_t i = 0; i < ln.lib.n; i++) {
        if (said(&ln, concat("lib ", ln.lib.v[i])) || found_in(&ln.ldir, "lib", ln.lib.v[i], library_suffixes)) continue;
        fprintf(stderr, "tszig: cannot link -l%s for %s: macOS has lib%s, but tszig has no stub for it, and no -L directory of this call has it\n", ln.lib.v[i], LINK_TARGET, ln.lib.v[i]);
        bad = 1;
    }
    if (bad) {
        fprintf(stderr, "tszig: hint: set SDKROOT to a macOS SDK (or sdk = \"<path>\" under [target.%s] in tszig.toml)\n", LINK_TARGET);
        exit(1);
    }
}

static void run_zig(const struct site *site, struct out *o) {
    for (size_t i = 0; i < site->nargs; i++) emit(o, site->args[i]);
    if (link_check_wanted) check_links(o);
    const char *cache = getenv("ZIG_GLOBAL_CACHE_DIR");
    if (!cache || !*cache) setenv("ZIG_GLOBAL_CACHE_DIR", site->cache, 1);
    execv(site->zig, o->argv);
    die("cannot run", site->zig);
}

int main(int argc, char **argv) {
    struct site site;
    read_site(&site, argv[0]);
    struct state st = {0};
    /* Whole-call rules, decided by the first argument that matches one. */
    for (int i = 1; i < argc; i++) {
        if (glob("-x*", argv[i])) st.lang = 1;
        for (size_t c = 0; c < sizeof CALL_RULES / sizeof *CALL_RULES; c++) {
            if (!CALL_RULES[c].patterns[0] || !matches(CALL_RULES[c].patterns, argv[i])) continue;
            if (CALL_RULES[c].effect == FAIL) {
                fprintf(stderr, "tszig: %s: zig cc is not an MSVC-style compiler\n", argv[i]);
                return 1;
            }
            struct out o = {0};
            emit(&o, site.zig);
            emit(&o, TOOL);
            for (const char *const *b = UNTARGETED_BAKED; *b; b++) emit(&o, *b);
            for (int j = 1; j < argc; j++) emit(&o, argv[j]);
            run_zig(&site, &o);
        }
    }

    struct out o = {0};
    emit(&o, site.zig);
    emit(&o, TOOL);
    for (const char *const *b = BAKED; *b; b++) emit(&o, *b);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        st.prev = i > 1 ? argv[i - 1] : NULL;
        int rsp = glob("@*linker-arguments", arg);
        /* A pending join takes this argument, unless it is a response file (then its first line). */
        if (st.join && !rsp) {
            if (!st.drop) emit(&o, concat(st.join, without_prefix(arg, st.jstrip)));
            st.join = NULL;
            continue;
        }
        if (rsp) emit(&o, rewrite_rsp(arg + 1, &st));
        else if (!apply(&o, &st, arg)) emit(&o, arg);
    }
    /* A joining or dropping flag with nothing after it is passed on as it was. */
    if (st.join) emit(&o, st.joined);
    run_zig(&site, &o);
    return 127;
}
