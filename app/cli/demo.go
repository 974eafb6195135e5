package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"time"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/demo"
)

func runDemo(env Env, args []string) error {
	fs, cfgPath := newFlags(env, "demo")
	scale := fs.Bool("scale", false, "generate the large benchmark dataset")
	cfg, err := parseConfig(env, fs, cfgPath, args)
	if err != nil {
		return err
	}
	size := demo.Small
	if *scale {
		size = demo.Scale
	}
	return withMigrated(context.Background(), env, cfg, func(ctx context.Context, db *boot.Database, _ *slog.Logger) error {
		start := time.Now()
		fileStore, err := openFiles(cfg)
		if err != nil {
			return err
		}
		res, err := demo.Fill(ctx, db.Store, fileStore, size, "demo-"+rand.Text()[:10], time.Now().UTC())
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "demo data created in %s: %d clients, %d users, %d projects, %d milestones, %d messages, %d deliverable versions\n",
			time.Since(start).Round(time.Millisecond), res.Counts["clients"], res.Counts["users"], res.Counts["projects"], res.Counts["milestones"],
			res.Counts["messages"], res.Counts["deliverable_versions"])
		fmt.Fprintf(env.Stdout, "sign in at %s/connexion as %s (admin) or %s (client), password: %s\n",
			cfg.Server.PublicURL, res.AdminEmail, res.UserEmail, res.Password)
		return nil
	})
}
