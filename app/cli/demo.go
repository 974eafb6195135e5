package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/demo"
)

func runDemo(env Env, args []string) error {
	fs, cfgPath := newFlags(env, "demo")
	var scale scaleFlag
	fs.Var(&scale, "scale", "generate the large benchmark dataset; --scale=10 ten times its clients, projects, messages and versions")
	cfg, err := parseConfig(env, fs, cfgPath, args)
	if err != nil {
		return err
	}
	size := demo.Small
	if scale > 0 {
		size = demo.Scale.Times(int(scale))
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
		for _, s := range res.Steps {
			fmt.Fprintf(env.Stderr, "demo step %-20s %s\n", s.Name+":", s.Duration.Round(time.Millisecond))
		}
		fmt.Fprintf(env.Stdout, "demo data created in %s: %d clients, %d users, %d projects, %d milestones, %d tasks, %d messages, %d deliverable versions\n",
			time.Since(start).Round(time.Millisecond), res.Counts["clients"], res.Counts["users"], res.Counts["projects"], res.Counts["milestones"],
			res.Counts["tasks"], res.Counts["messages"], res.Counts["deliverable_versions"])
		fmt.Fprintf(env.Stdout, "sign in at %s/connexion as %s (admin) or %s (client), password: %s\n",
			cfg.Server.PublicURL, res.AdminEmail, res.UserEmail, res.Password)
		return nil
	})
}

// scaleFlag is --scale (the benchmark dataset) or --scale=N (N times it).
type scaleFlag int

func (f *scaleFlag) String() string   { return strconv.Itoa(int(*f)) }
func (f *scaleFlag) IsBoolFlag() bool { return true }
func (f *scaleFlag) Set(v string) error {
	if v == "true" {
		*f = 1
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		return fmt.Errorf("--scale: a whole number from 1 to 100, not %q", v)
	}
	*f = scaleFlag(n)
	return nil
}
