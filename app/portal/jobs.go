package portal

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bigdatacenter/portal/app/periodic"
	"github.com/bigdatacenter/portal/app/store"
)

// DefaultJobLease is how long a job's run holds its lease between renewals (Options.JobLease):
// when its process dies, another may run the job this long after the last renewal.
const DefaultJobLease = time.Minute

// errLeaseLost ends a run whose lease another process took (it went unrenewed past its term).
var errLeaseLost = errors.New("the job's lease was lost: another process may be running it")

// RunJob runs a scheduled job once across every portal process sharing the database, and
// records the run (start, end, outcome, details, which process) for the admins.
func (s *Service) RunJob(ctx context.Context, name string, fn func(ctx context.Context) (string, error)) error {
	return s.RunJobEvery(ctx, name, 0, fn)
}

// RunJobEvery is RunJob for a job whose schedule fires again in period. The run holds the job's
// lease row, renewed while it runs; a process whose schedule fires meanwhile skips (recorded as
// such). Once done, the lease stays with no one until the period has nearly passed since the
// start (a tenth of it, at most a second, before), so that a process whose schedule fires later
// in the same period does not run it again: "@every" schedules start with each process, so the
// processes' timers may be anywhere in the period (the cluster test saw a job of period 2 s run
// every second with half the period kept). The margin lets this process's own next firing in.
func (s *Service) RunJobEvery(ctx context.Context, name string, period time.Duration, fn func(ctx context.Context) (string, error)) error {
	owner := store.LeaseOwner()
	start := time.Now()
	got, err := s.db.TakeJobLease(ctx, name, owner, s.jobLease)
	if err != nil {
		return err
	}
	if !got {
		// Held after a recent run (this period is done) is not worth a line on the jobs page;
		// held by a run still going on is.
		running, err := s.db.JobLeaseRunning(ctx, name)
		if err != nil || !running {
			return err
		}
		return s.db.RecordSkippedRun(ctx, name, s.now())
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	renewing := s.renewJobLease(runCtx, cancel, name, owner)
	err = s.recordRun(runCtx, name, owner, fn)
	cancel(nil)
	<-renewing
	hold := period - min(period/10, time.Second)
	if rerr := s.db.ReleaseJobLease(context.WithoutCancel(ctx), name, owner, hold-time.Since(start)); rerr != nil && err == nil {
		err = rerr
	}
	return err
}

// renewJobLease renews a run's lease every third of its term until ctx ends; a lease found
// taken by another process cancels the run. The channel closes when it stops.
func (s *Service) renewJobLease(ctx context.Context, cancel context.CancelCauseFunc, name, owner string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		periodic.Run(ctx, s.jobLease/3, nil, func() bool {
			ok, err := s.db.RenewJobLease(ctx, name, owner, s.jobLease)
			switch {
			case err != nil && ctx.Err() == nil:
				s.log.Warn("renewing a job's lease", "job", name, "err", err)
			case err == nil && !ok:
				s.log.Error("stopping a job run: its lease was taken by another process", "job", name)
				cancel(errLeaseLost)
				return false
			}
			return true
		})
	}()
	return done
}

// recordRun runs fn between the records of its start and its end.
func (s *Service) recordRun(ctx context.Context, name, runner string, fn func(ctx context.Context) (string, error)) error {
	id, err := s.db.StartJobRun(ctx, name, runner, s.now())
	if err != nil {
		return err
	}
	details, runErr := fn(ctx)
	if runErr == nil {
		runErr = context.Cause(ctx) // the lease lost mid-run: the work may be incomplete
	}
	outcome := "success"
	if runErr != nil {
		outcome, details = "failure", runErr.Error()
	}
	if err := s.db.FinishJobRun(context.WithoutCancel(ctx), id, outcome, details, s.now()); err != nil {
		return err
	}
	return runErr
}

// JobRuns lists recent job runs (admins).
func (s *Service) JobRuns(ctx context.Context, a Actor, job string, limit int) ([]store.JobRun, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return nil, err
	}
	return s.db.JobRuns(ctx, job, min(max(limit, 1), 200))
}

// AlertOverdue notifies the staff in charge and the admins of every milestone and every task
// past due and not finished, in the portal and by e-mail, once per milestone or task and day
// (D4). Clients are never alerted: a task may be internal, and a late step is the staff's to
// explain.
func (s *Service) AlertOverdue(ctx context.Context) (string, error) {
	today := s.today()
	overdue, err := s.db.OverdueMilestones(ctx, today, 0, 100000)
	if err != nil {
		return "", err
	}
	alerted, err := alertEach(ctx, s, overdue, func(m store.OverdueMilestone) alert {
		return alert{m.ProjectID, func(ctx context.Context) (bool, error) { return s.db.ClaimOverdueAlert(ctx, m.ID, today, s.now()) },
			note{kind: NoteOverdue, params: NoteParams{ProjectID: m.ProjectID, Project: m.ProjectName, Client: m.ClientName, MilestoneID: m.ID,
				Step: m.Title, Due: m.DueDate.Format(time.DateOnly), Days: int(today.Sub(*m.DueDate).Hours() / 24)}}}
	})
	if err != nil {
		return "", err
	}
	tasks, err := s.db.OverdueTasks(ctx, today, 100000)
	if err != nil {
		return "", err
	}
	tasksAlerted, err := alertEach(ctx, s, tasks, func(t store.OverdueTask) alert {
		return alert{t.ProjectID, func(ctx context.Context) (bool, error) { return s.db.ClaimTaskOverdueAlert(ctx, t.ID, today, s.now()) },
			note{kind: NoteOverdue, params: NoteParams{ProjectID: t.ProjectID, Project: t.ProjectName, Client: t.ClientName, MilestoneID: t.MilestoneID,
				Step: t.MilestoneTitle, TaskID: t.ID, Task: t.Title, Due: t.DueDate.Format(time.DateOnly), Days: int(today.Sub(*t.DueDate).Hours() / 24)}}}
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d overdue milestones, %d alerted today; %d overdue tasks, %d alerted today", len(overdue), alerted, len(tasks), tasksAlerted), nil
}

// alert is what a daily alert job sends about one item: the note, to the staff of projectID
// and the admins, when claim says it is the item's first alert of the day.
type alert struct {
	projectID int64
	claim     func(ctx context.Context) (bool, error)
	note      note
}

// alertEach sends the alert of each item (alertOnce) and answers how many were sent.
func alertEach[T any](ctx context.Context, s *Service, items []T, alertOf func(T) alert) (int, error) {
	sent := 0
	for _, it := range items {
		ok, err := s.alertOnce(ctx, alertOf(it))
		if err != nil {
			return 0, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// alertOnce sends an alert if its claim says it is the first of the day, in one transaction
// with the claim.
func (s *Service) alertOnce(ctx context.Context, a alert) (bool, error) {
	var notified []store.Notification
	sent := false
	err := s.db.Tx(ctx, func(ctx context.Context) error {
		fresh, err := a.claim(ctx)
		if err != nil || !fresh {
			return err
		}
		_, staff, err := s.db.ProjectAudience(ctx, a.projectID)
		if err != nil {
			return err
		}
		admins, err := s.db.ActiveAdmins(ctx)
		if err != nil {
			return err
		}
		notified, err = s.notify(ctx, System("overdue alerts"), append(staff, admins...), a.note)
		sent = err == nil
		return err
	})
	if err != nil {
		return false, err
	}
	s.announce(ctx, notified, nil, "", nil)
	return sent, nil
}

// ReportJobFailure tells every admin that a scheduled job failed, in the portal and by e-mail
// (this kind has no preference: it is always e-mailed "immediately").
func (s *Service) ReportJobFailure(ctx context.Context, what string, cause error) {
	var notified []store.Notification
	err := s.db.Tx(ctx, func(ctx context.Context) error {
		admins, err := s.db.ActiveAdmins(ctx)
		if err != nil {
			return err
		}
		notified, err = s.notify(ctx, System("scheduled jobs"), admins, note{kind: NoteJobFailure, params: NoteParams{Job: what, Error: cause.Error()}})
		if err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		s.log.Error("reporting a job failure", "job", what, "err", err)
		return
	}
	s.announce(ctx, notified, nil, "", nil)
}
