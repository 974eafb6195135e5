package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/jobs"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/backup"
)

// scheduledJobs is the portal's schedule (D4). Every job runs under a database lock and leaves
// a run record that admins see; schedules read in server.time_zone.
func scheduledJobs(cfg config.Config, db *boot.Database, svc *portal.Service, fs storage.Store) []jobs.Job {
	job := func(name, schedule string, fn func(ctx context.Context) (string, error)) jobs.Job {
		return jobs.Job{Name: name, Schedule: schedule, Run: func(ctx context.Context, period time.Duration) error {
			return svc.RunJobEvery(ctx, name, period, fn)
		}}
	}
	return []jobs.Job{
		job("cleanup", "@every 15m", func(ctx context.Context) (string, error) {
			r, err := svc.Cleanup(ctx)
			return fmt.Sprintf("%d sessions, %d links, %d throttles, %d idempotency keys, %d temporary files removed",
				r.Sessions, r.Links, r.Throttles, r.IdempotencyKeys, r.TempFiles), err
		}),
		job("notification-emails", cfg.Alerts.EmailSchedule, func(ctx context.Context) (string, error) {
			n, err := svc.SendDueNotificationEmails(ctx)
			return fmt.Sprintf("%d e-mails queued", n), err
		}),
		job("overdue-alerts", cfg.Alerts.OverdueSchedule, func(ctx context.Context) (string, error) {
			steps, err := svc.AlertOverdue(ctx)
			if err != nil {
				return steps, err
			}
			retours, err := svc.AlertLateRetours(ctx)
			return steps + "; " + retours, err
		}),
		job("audit-verify", cfg.Alerts.AuditVerifySchedule, svc.VerifyAuditChain),
		job("backup", cfg.Backup.Schedule, func(ctx context.Context) (string, error) {
			r, err := backup.RunFrom(ctx, db.Store, fs, backupDir(cfg), cfg.Backup.KeepDaily, cfg.Backup.KeepWeekly,
				time.Now().In(cfg.Location()))
			if err != nil {
				svc.ReportJobFailure(ctx, "sauvegarde", err)
			}
			return r.Summary(), err
		}),
	}
}
