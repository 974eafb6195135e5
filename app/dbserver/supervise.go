package dbserver

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// SuperviseOptions bound how hard a supervisor tries before giving up.
type SuperviseOptions struct {
	Log *slog.Logger
	// MaxFailures deaths (or failed restarts) within Window make the supervisor give up.
	MaxFailures int
	Window      time.Duration
	// FirstDelay is the wait before the first restart; it doubles with each recent failure,
	// up to MaxDelay.
	FirstDelay, MaxDelay time.Duration
}

// DefaultSupervision restarts at once-ish and gives up on the fifth failure within five
// minutes: by then the cause is not a passing accident (a full disk, a broken data directory),
// and only the service manager restarting the whole portal, or a person, can do better.
var DefaultSupervision = SuperviseOptions{MaxFailures: 5, Window: 5 * time.Minute,
	FirstDelay: 250 * time.Millisecond, MaxDelay: 30 * time.Second}

// Supervise restarts the server each time it dies without being asked to stop, waiting longer
// after each recent failure. The channel receives one error when the server failed
// MaxFailures times within Window: the caller should then exit with an error so that the
// service manager restarts the portal. After Stop it ends without sending anything.
//
// The connection pool needs no help: its broken connections are discarded and new ones reach
// the restarted server on the same socket.
func (s *Server) Supervise(opt SuperviseOptions) <-chan error {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	fatal := make(chan error, 1)
	go func() {
		if err := s.supervise(opt); err != nil {
			fatal <- err
		}
	}()
	return fatal
}

func (s *Server) supervise(opt SuperviseOptions) error {
	// Restarts wait for readiness under this context, which ends with Stop.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.stopping:
			cancel()
		case <-ctx.Done():
		}
	}()
	var failures []time.Time
	s.mu.Lock()
	r := s.cur
	s.mu.Unlock()
	for {
		select {
		case <-r.exited:
		case <-s.stopping:
			return nil
		}
		if s.isStopping() {
			return nil
		}
		down := time.Now()
		opt.Log.Error("the private database server died: restarting it", "exit", fmt.Sprint(r.err), "log", s.logTail(600))
		last := fmt.Errorf("%v", r.err)
		for {
			failures = recent(append(failures, time.Now()), opt.Window)
			if len(failures) >= opt.MaxFailures {
				return fmt.Errorf("the private database server failed %d times within %s, giving up so that the service restarts the portal (last: %v); its log says:\n%s",
					len(failures), opt.Window, last, s.logTail(2000))
			}
			delay := opt.FirstDelay << (len(failures) - 1)
			if delay > opt.MaxDelay || delay <= 0 {
				delay = opt.MaxDelay
			}
			select {
			case <-time.After(delay):
			case <-s.stopping:
				return nil
			}
			next, err := s.spawn()
			if err == nil {
				if err = s.waitReady(ctx, next); err != nil && next != nil {
					// Not ready in time but alive: make it a clean failure before the next try.
					_ = next.cmd.Process.Kill()
					<-next.exited
				}
			}
			if s.isStopping() {
				return nil
			}
			if err == nil {
				r = next
				opt.Log.Info("private database server restarted", "down_for", time.Since(down).Round(time.Millisecond).String(),
					"pid", next.cmd.Process.Pid)
				break
			}
			last = err
			opt.Log.Error("restarting the private database server failed", "err", err)
		}
	}
}

func (s *Server) isStopping() bool {
	select {
	case <-s.stopping:
		return true
	default:
		return false
	}
}

// recent keeps the times within window of now.
func recent(ts []time.Time, window time.Duration) []time.Time {
	cut := time.Now().Add(-window)
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	return ts[i:]
}
