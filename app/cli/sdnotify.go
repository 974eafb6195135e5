package cli

import (
	"context"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/bigdatacenter/portal/app/periodic"
)

// systemdNotifier tells systemd how "portal serve" is doing (sd_notify(3); the unit is
// Type=notify): READY=1 once the database is migrated and the listeners are open, STOPPING=1
// when it starts to stop, WATCHDOG=1 when the unit asks for a watchdog. Outside systemd it is
// nil and says nothing.
//
// The protocol is one datagram on a unix socket, written here rather than with go-systemd's
// daemon package: that package reads NOTIFY_SOCKET from the environment at every call, and the
// variable must be gone from the environment before the private database server starts, as
// mariadbd inherits it and speaks the same protocol (systemd would refuse its READY=1, or take
// it for the portal's under NotifyAccess=all).
type systemdNotifier struct {
	socket   *net.UnixAddr
	watchdog time.Duration // how often systemd wants WATCHDOG=1; 0: no watchdog
}

// takeSystemdNotifier reads systemd's variables and removes them from the environment, so
// that no child process inherits them.
func takeSystemdNotifier() *systemdNotifier {
	socket, usec, pid := os.Getenv("NOTIFY_SOCKET"), os.Getenv("WATCHDOG_USEC"), os.Getenv("WATCHDOG_PID")
	for _, k := range []string{"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"} {
		_ = os.Unsetenv(k)
	}
	if socket == "" {
		return nil
	}
	// An abstract socket is written "@name": the net package reads it the same way.
	n := &systemdNotifier{socket: &net.UnixAddr{Name: socket, Net: "unixgram"}}
	if us, err := strconv.ParseInt(usec, 10, 64); err == nil && us > 0 && (pid == "" || pid == strconv.Itoa(os.Getpid())) {
		n.watchdog = time.Duration(us) * time.Microsecond
	}
	return n
}

// notify sends state lines ("READY=1", "STATUS=..."); a failure only loses the news.
func (n *systemdNotifier) notify(state string) error {
	if n == nil {
		return nil
	}
	c, err := net.DialUnix("unixgram", nil, n.socket)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte(state))
	return err
}

// keepAlive sends WATCHDOG=1 at half the interval systemd asked for, until ctx ends.
// With WatchdogSec= in a drop-in, systemd restarts a portal whose process stops running.
func (n *systemdNotifier) keepAlive(ctx context.Context) {
	if n == nil || n.watchdog <= 0 {
		return
	}
	periodic.Run(ctx, n.watchdog/2, nil, func() bool {
		_ = n.notify("WATCHDOG=1")
		return true
	})
}
