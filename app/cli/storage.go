package cli

import (
	"context"
	"fmt"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/storage"
)

const storageUsage = "portal storage migrate --to s3|local [--config PATH]\n\n" +
	"Copies the files the database names from the other store into the one given by --to: the\n" +
	"data disk (<data.dir>/files) or the S3 bucket of [storage] (endpoint, bucket, keys...),\n" +
	"whatever storage.backend says. Each file is checked against the size and SHA-256 the\n" +
	"database recorded, as it streams and again read back. The source is never changed. It may\n" +
	"run again: files already copied intact are left, so an interrupted run resumes, and a run\n" +
	"while the portal serves can be followed, portal stopped, by a last short one. Then set\n" +
	"storage.backend and start the portal. Prints the counts; fails when a file is missing."

func runStorageMigrate(env Env, args []string) error {
	fs, cfgPath := newFlags(env, "storage")
	to := fs.String("to", "", "the store to copy the files into: s3 or local")
	cfg, err := parseConfig(env, fs, cfgPath, args)
	if err != nil {
		return err
	}
	if *to != "s3" && *to != "local" {
		return usageErr("storage migrate: --to must be s3 or local")
	}
	if err := cfg.Storage.ValidateS3(); err != nil {
		return err
	}
	return withDatabase(env, cfg, func(ctx context.Context, db *boot.Database) error {
		local, err := storage.Local(cfg)
		if err != nil {
			return err
		}
		s3, err := storage.OpenS3(ctx, cfg.Storage)
		if err != nil {
			return err
		}
		src, dst := storage.Store(s3), local
		if *to == "s3" {
			src, dst = local, s3
		}
		stored, err := db.Store.StoredFiles(ctx)
		if err != nil {
			return err
		}
		refs := make([]storage.FileRef, len(stored))
		for i, f := range stored {
			refs[i] = storage.FileRef{Key: f.Key, Size: f.Size, SHA256: f.SHA256}
		}
		fmt.Fprintf(env.Stdout, "copying %d files from %s to %s\n", len(refs), src.Describe(), dst.Describe())
		res, err := storage.Migrate(ctx, src, dst, refs, func(done int, r storage.MigrateResult) {
			if done%1000 == 0 {
				fmt.Fprintf(env.Stdout, "  %d of %d: %s\n", done, len(refs), r)
			}
		})
		fmt.Fprintf(env.Stdout, "%s\n", res)
		if err != nil {
			return err
		}
		if cfg.Storage.Backend != *to {
			fmt.Fprintf(env.Stdout, "every file is in %s: set storage.backend = %q and restart the portal\n", dst.Describe(), *to)
		}
		return nil
	})
}
