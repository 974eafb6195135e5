// Package jobs runs the portal's scheduled work with robfig/cron: each job is panic-safe and
// never overlaps a still-running run of itself.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one scheduled task.
type Job struct {
	Name     string
	Schedule string // cron spec, e.g. "@every 15m" or "0 2 * * *"
	// Run does the work; period is how long until the schedule fires again (for a lease that
	// keeps the other portal processes from running the same period).
	Run func(ctx context.Context, period time.Duration) error
}

// Scheduler runs jobs until stopped.
type Scheduler struct {
	cron *cron.Cron
	log  *slog.Logger
	ctx  context.Context
	stop context.CancelFunc
	loc  *time.Location
}

// cronLogger routes cron's own messages (recovered panics) to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}

// New prepares a scheduler for jobs, whose schedules read in loc; Start runs it.
func New(log *slog.Logger, loc *time.Location, list []Job) (*Scheduler, error) {
	ctx, stop := context.WithCancel(context.Background())
	cl := cronLogger{log}
	c := cron.New(cron.WithLocation(loc), cron.WithLogger(cl),
		// SkipIfStillRunning must wrap Recover: it hands its token back only when the job returns,
		// so a panic reaching it would block the job forever.
		cron.WithChain(cron.SkipIfStillRunning(cl), cron.Recover(cl)))
	s := &Scheduler{cron: c, log: log, ctx: ctx, stop: stop, loc: loc}
	for _, j := range list {
		if j.Schedule == "" {
			continue // disabled in the configuration
		}
		sched, err := cron.ParseStandard(j.Schedule)
		if err != nil {
			stop()
			return nil, fmt.Errorf("job %s: schedule %q: %w", j.Name, j.Schedule, err)
		}
		c.Schedule(sched, cron.FuncJob(func() { s.run(j, sched) }))
	}
	return s, nil
}

func (s *Scheduler) run(j Job, sched cron.Schedule) {
	start := time.Now()
	now := start.In(s.loc)
	err := j.Run(s.ctx, sched.Next(now).Sub(now))
	if err != nil {
		s.log.Error("job failed", "job", j.Name, "took", time.Since(start).Round(time.Millisecond), "err", err)
		return
	}
	s.log.Debug("job done", "job", j.Name, "took", time.Since(start).Round(time.Millisecond))
}

// Start runs the schedule in the background.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops scheduling, cancels running jobs' context and waits for them up to ctx.
func (s *Scheduler) Stop(ctx context.Context) {
	done := s.cron.Stop()
	s.stop()
	select {
	case <-done.Done():
	case <-ctx.Done():
	}
}
