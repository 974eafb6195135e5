package cli

import (
	"context"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/jobs"
	"github.com/bigdatacenter/portal/app/portal"
)

// scheduledJobs is the portal's schedule (D4).
func scheduledJobs(cfg config.Config, db *boot.Database, svc *portal.Service, fs *files.Store) []jobs.Job {
	return []jobs.Job{
		{Name: "cleanup", Schedule: "@every 15m", Run: func(ctx context.Context) error { _, err := svc.Cleanup(ctx); return err }},
		{Name: "notification-emails", Schedule: "@every 1m", Run: func(ctx context.Context) error {
			_, err := svc.SendDueNotificationEmails(ctx)
			return err
		}},
	}
}
