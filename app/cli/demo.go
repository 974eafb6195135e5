package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/demo"
)

func runDemo(env Env, args []string) error {
	fs, cfgPath := newFlags(env, "demo")
	scale := fs.Bool("scale", false, "generate the large benchmark dataset")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(env, *cfgPath)
	if err != nil {
		return err
	}
	log := boot.Logger(cfg, env.Stderr)
	ctx := context.Background()
	db, err := boot.OpenMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	size := demo.Small
	if *scale {
		size = demo.Scale
	}
	start := time.Now()
	fileStore, err := openFiles(cfg)
	if err != nil {
		return err
	}
	res, err := demo.Fill(ctx, db.Store, fileStore, size, "demo-"+rand.Text()[:10], time.Now().UTC())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "demo data created in %s: %d clients, %d users, %d projects, %d milestones, %d tasks, %d messages, %d deliverable versions\n",
		time.Since(start).Round(time.Millisecond), res.Counts["clients"], res.Counts["users"], res.Counts["projects"], res.Counts["milestones"],
		res.Counts["tasks"], res.Counts["messages"], res.Counts["deliverable_versions"])
	fmt.Fprintf(env.Stdout, "sign in at %s/connexion as %s (admin) or %s (client), password: %s\n",
		cfg.Server.PublicURL, res.AdminEmail, res.UserEmail, res.Password)
	return nil
}
