/* Runs many argument vectors through one shim, one process each, without Node in between (which
 * cannot pass arbitrary bytes in argv and costs milliseconds per spawn).
 *
 *   fuzz-driver VECTORS RECORD ERRORS PROGRAM [ARG...]
 *
 * VECTORS holds the vectors one after another, each as its argument count in decimal and then its
 * arguments, every field ended by a NUL byte (the recorder's format). Each vector runs as
 * `PROGRAM ARG... <vector>` with stdin from /dev/null; the recording zig appends its call to
 * RECORD, and after each run the driver appends a field "S<exit status>" there (or "K<signal>"),
 * so calls line up with vectors. The shim's stderr goes to ERRORS, each vector's ended by a NUL. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void fail(const char *what) {
    perror(what);
    exit(99);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) fail(path);
    size_t cap = 1 << 16, n;
    char *data = malloc(cap);
    *len = 0;
    while (data && (n = fread(data + *len, 1, cap - *len, f)) > 0) {
        *len += n;
        if (*len == cap) data = realloc(data, cap *= 2);
    }
    if (!data) fail("out of memory");
    fclose(f);
    return data;
}

static void append(const char *path, const char *text, size_t n) {
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0 || write(fd, text, n) != (ssize_t)n || close(fd) != 0) fail(path);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fputs("usage: fuzz-driver VECTORS RECORD ERRORS PROGRAM [ARG...]\n", stderr);
        return 99;
    }
    size_t len;
    char *data = slurp(argv[1], &len);
    const char *record = argv[2], *errors = argv[3];
    int prefix = argc - 4;
    int errfd = open(errors, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (errfd < 0) fail(errors);
    for (size_t at = 0; at < len;) {
        long count = strtol(data + at, NULL, 10);
        at += strlen(data + at) + 1;
        char **args = malloc(sizeof *args * (size_t)(prefix + count + 1));
        if (!args) fail("out of memory");
        for (int i = 0; i < prefix; i++) args[i] = argv[4 + i];
        for (long i = 0; i < count; i++) {
            args[prefix + i] = data + at;
            at += strlen(data + at) + 1;
        }
        args[prefix + count] = NULL;
        pid_t pid = fork();
        if (pid < 0) fail("fork");
        if (pid == 0) {
            int null = open("/dev/null", O_RDONLY);
            if (null < 0 || dup2(null, 0) < 0 || dup2(errfd, 2) < 0) _exit(98);
            execv(args[0], args);
            _exit(97);
        }
        int status;
        if (waitpid(pid, &status, 0) < 0) fail("waitpid");
        char mark[32];
        int n = WIFEXITED(status) ? snprintf(mark, sizeof mark, "S%d", WEXITSTATUS(status)) : snprintf(mark, sizeof mark, "K%d", WTERMSIG(status));
        append(record, mark, (size_t)n + 1);
        if (write(errfd, "", 1) != 1) fail(errors);
        free(args);
    }
    return 0;
}
