/* A stand-in for zig in shim tests. Each call appends to $TSZIG_RECORD its argument count in
 * decimal and then every argument (after argv[0]), each terminated by a NUL byte; it exits with
 * $TSZIG_RECORD_EXIT (default 0). With $TSZIG_RECORD_LOCALE set it also appends a line to that file
 * saying what LC_ALL it was given ("LC_ALL=<value>" or "LC_ALL unset"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *path = getenv("TSZIG_RECORD");
    if (!path) {
        fputs("recorder: TSZIG_RECORD not set\n", stderr);
        return 99;
    }
    FILE *f = fopen(path, "ab");
    if (!f) {
        perror(path);
        return 98;
    }
    fprintf(f, "%d", argc - 1);
    fputc(0, f);
    for (int i = 1; i < argc; i++) fwrite(argv[i], 1, strlen(argv[i]) + 1, f);
    fclose(f);
    const char *locale = getenv("TSZIG_RECORD_LOCALE");
    if (locale) {
        FILE *l = fopen(locale, "ab");
        if (!l) {
            perror(locale);
            return 98;
        }
        const char *lc = getenv("LC_ALL");
        if (lc) fprintf(l, "LC_ALL=%s\n", lc);
        else fputs("LC_ALL unset\n", l);
        fclose(l);
    }
    const char *code = getenv("TSZIG_RECORD_EXIT");
    return code ? atoi(code) : 0;
}
