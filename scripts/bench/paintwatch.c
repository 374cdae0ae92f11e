/* paintwatch: starts a GUI program and reports when its first page is painted on the X display.
 *
 *   paintwatch TIMEOUT_MS PROGRAM [ARGS...]
 *
 * Prints "PID MS" (MS = milliseconds from exec to the first frame showing more than a handful of
 * colours, i.e. rendered text, not an empty window) and exits, leaving PROGRAM running for the
 * caller to measure and stop. Exit 1 when nothing was painted before TIMEOUT_MS.
 *
 * The watcher must not slow down what it watches: on a 2-core machine, grabbing the whole screen
 * through the X socket every few milliseconds takes most of a core, and the heavier app loses
 * more to that than a bare window does. So it sleeps until X reports damage (XDamage on the root
 * window, which includes every window's drawing), reads the screen through shared memory
 * (MIT-SHM) and samples it sparsely; a slow poll covers any damage event that goes missing. */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#define PAINTED_COLOURS 8
#define SAMPLE_STEP 2      /* every 2nd pixel of every 2nd row: text still shows its shades */
#define FALLBACK_POLL_MS 50

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Counts distinct pixel values, stopping once PAINTED_COLOURS are seen. */
static int distinct_colours(XImage *img) {
    unsigned long seen[PAINTED_COLOURS];
    int count = 0;
    for (int y = 0; y < img->height; y += SAMPLE_STEP) {
        const unsigned int *row = (const unsigned int *)(img->data + (size_t)y * img->bytes_per_line);
        for (int x = 0; x < img->width; x += SAMPLE_STEP) {
            unsigned long px = row[x] & 0xffffff;
            int known = 0;
            for (int i = 0; i < count && !known; i++) known = seen[i] == px;
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
    int damage_event, damage_error;
    if (!dpy || !XShmQueryExtension(dpy) || !XDamageQueryExtension(dpy, &damage_event, &damage_error)) {
        fprintf(stderr, "paintwatch: needs an X display with MIT-SHM and DAMAGE\n");
        return 2;
    }
    int screen = DefaultScreen(dpy);
    Window root = RootWindow(dpy, screen);
    XWindowAttributes attrs;
    XGetWindowAttributes(dpy, root, &attrs);
    if (attrs.depth != 24 && attrs.depth != 32) {
        fprintf(stderr, "paintwatch: needs a 24- or 32-bit screen\n");
        return 2;
    }

    XShmSegmentInfo shm;
    XImage *img = XShmCreateImage(dpy, attrs.visual, attrs.depth, ZPixmap, NULL, &shm, attrs.width, attrs.height);
    shm.shmid = shmget(IPC_PRIVATE, (size_t)img->bytes_per_line * img->height, IPC_CREAT | 0600);
    shm.shmaddr = img->data = shmat(shm.shmid, NULL, 0);
    shm.readOnly = False;
    XShmAttach(dpy, &shm);
    shmctl(shm.shmid, IPC_RMID, NULL); /* freed when both sides detach, even if we are killed */
    XDamageCreate(dpy, root, XDamageReportNonEmpty);
    XSync(dpy, False);

    double start = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(2, 1); /* our stdout is the caller's "PID MS" line: keep the program off it */
        execvp(argv[2], argv + 2);
        perror("paintwatch: exec");
        _exit(127);
    }
    struct pollfd x_fd = {.fd = ConnectionNumber(dpy), .events = POLLIN};
    while (now_ms() - start < timeout) {
        poll(&x_fd, 1, FALLBACK_POLL_MS);
        while (XPending(dpy)) { /* one look per batch of damage */
            XEvent event;
            XNextEvent(dpy, &event);
            if (event.type == damage_event + XDamageNotify)
                XDamageSubtract(dpy, ((XDamageNotifyEvent *)&event)->damage, None, None);
        }
        if (XShmGetImage(dpy, root, img, 0, 0, AllPlanes) && distinct_colours(img) >= PAINTED_COLOURS) {
            printf("%d %.0f\n", (int)pid, now_ms() - start);
            return 0;
        }
    }
    printf("%d -1\n", (int)pid);
    return 1;
}
