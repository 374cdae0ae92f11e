/* paintwatch: starts a GUI program and reports when its first page is painted on the X display.
 *
 *   paintwatch TIMEOUT_MS PROGRAM [ARGS...]
 *
 * Prints "PID MS" (MS = milliseconds from exec to the first frame showing more than a handful of
 * colours, i.e. rendered text, not an empty window) and exits, leaving PROGRAM running for the
 * caller to measure and stop. Polls the root window every 5 ms with XGetImage: cheap and
 * independent of the app, so Closeout and a bare Tauri window are timed the same way.
 * Exit 1 when nothing was painted before TIMEOUT_MS. */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define PAINTED_COLOURS 8
#define MAX_TRACKED 16

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Counts distinct pixel values, stopping once PAINTED_COLOURS are seen. */
static int distinct_colours(XImage *img) {
    unsigned long seen[MAX_TRACKED];
    int count = 0;
    for (int y = 0; y < img->height; y += 2) {
        for (int x = 0; x < img->width; x += 1) {
            unsigned long px = XGetPixel(img, x, y);
            int known = 0;
            for (int i = 0; i < count; i++) known |= seen[i] == px;
            if (!known) {
                seen[count++] = px;
                if (count >= PAINTED_COLOURS) return count;
            }
        }
    }
    return count;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: paintwatch TIMEOUT_MS PROGRAM [ARGS...]\n");
        return 2;
    }
    double timeout = atof(argv[1]);
    Display *dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fprintf(stderr, "paintwatch: cannot open display\n");
        return 2;
    }
    Window root = DefaultRootWindow(dpy);
    XWindowAttributes attrs;
    XGetWindowAttributes(dpy, root, &attrs);

    double start = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(2, 1); /* our stdout is the caller's "PID MS" line: keep the program off it */
        execvp(argv[2], argv + 2);
        perror("paintwatch: exec");
        _exit(127);
    }
    while (now_ms() - start < timeout) {
        XImage *img = XGetImage(dpy, root, 0, 0, attrs.width, attrs.height, AllPlanes, ZPixmap);
        int colours = img ? distinct_colours(img) : 0;
        if (img) XDestroyImage(img);
        if (colours >= PAINTED_COLOURS) {
            printf("%d %.0f\n", (int)pid, now_ms() - start);
            return 0;
        }
        usleep(5000);
    }
    printf("%d -1\n", (int)pid);
    return 1;
}
