// Package periodic is the one loop behind the portal's background work done at an interval
// (the e-mail outbox, a job's lease, the systemd watchdog, certificate files): it stops with
// its context.
package periodic

import (
	"context"
	"time"
)

// Run calls fn one interval after the start, then one interval after each call ends (calls
// never overlap nor catch up), and at once whenever wake receives (nil: never). It returns
// when ctx is done or fn returns false; a call in progress is never cut short.
func Run(ctx context.Context, interval time.Duration, wake <-chan struct{}, fn func() bool) {
	timer := time.NewTimer(interval)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-timer.C:
		}
		if !fn() {
			return
		}
		// Since Go 1.23 Reset discards a tick that fired meanwhile: no draining needed.
		timer.Reset(interval)
	}
}
