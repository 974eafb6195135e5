package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/jobs"
	"github.com/bigdatacenter/portal/app/live"
	"github.com/bigdatacenter/portal/app/mail"
	"github.com/bigdatacenter/portal/app/notify"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/server"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/version"
	"github.com/bigdatacenter/portal/embed"
)

func loadConfig(env Env, path string) (config.Config, error) {
	return config.Load(path, env.Environ)
}

// parseConfig parses a command's flags, then loads the configuration file they name.
// commandConfig reads the configuration of a command that takes no flag but --config.
func commandConfig(env Env, name string, args []string) (config.Config, error) {
	fs, cfgPath := newFlags(env, name)
	return parseConfig(env, fs, cfgPath, args)
}

func parseConfig(env Env, fs *flag.FlagSet, cfgPath *string, args []string) (config.Config, error) {
	if err := parse(fs, args); err != nil {
		return config.Config{}, err
	}
	return loadConfig(env, *cfgPath)
}

// withMigrated opens the configured database, brings its schema up to date and runs fn with
// it, logging as the configuration says; the database is closed when fn returns.
func withMigrated(ctx context.Context, env Env, cfg config.Config, fn func(ctx context.Context, db *boot.Database, log *slog.Logger) error) error {
	log := boot.Logger(cfg, env.Stderr)
	db, err := boot.OpenMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(ctx, db, log)
}

func runVersion(env Env, args []string) error {
	fs, _ := newFlags(env, "version")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "portal %s\n", version.Version)
	return nil
}

func runMigrate(env Env, args []string) error {
	cfg, err := commandConfig(env, "migrate", args)
	if err != nil {
		return err
	}
	return withMigrated(context.Background(), env, cfg, func(ctx context.Context, db *boot.Database, _ *slog.Logger) error {
		v, err := db.Store.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "database schema at version %d\n", v)
		return nil
	})
}

func runServe(env Env, args []string) error {
	cfg, err := commandConfig(env, "serve", args)
	if err != nil {
		return err
	}
	log := boot.Logger(cfg, env.Stderr)
	ctx := context.Background()
	// Before any child process starts (the private database server): none inherits systemd's socket.
	sd := takeSystemdNotifier()
	if cfg.Server.DebugListen != "" {
		serveProfiler(cfg.Server.DebugListen, log)
	}

	signals := env.Signals
	if signals == nil {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT)
		defer signal.Stop(ch)
		signals = ch
	}

	// Before the database: a portal that cannot reach its peers' events does not start at all.
	hub := live.NewHub()
	publisher, eventsReady, closeEvents, err := connectEvents(cfg, hub, log)
	if err != nil {
		return err
	}
	defer closeEvents()

	// The file store first: a store that cannot be used stops the portal before it starts
	// anything, with the key to fix.
	fileStore, err := openFiles(cfg)
	if err != nil {
		return err
	}
	db, err := boot.OpenMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	dbFailed := db.Supervise()
	outbox := notify.NewOutbox(db.Store, mail.NewSender(cfg.SMTP), log, notify.OutboxOptions{})
	// Leftovers of uploads cut by a crash: nothing refers to them.
	if _, err := fileStore.CleanTemp(0); err != nil {
		return err
	}
	svc := newService(cfg, db, log, outbox.Kick, fileStore, publisher)
	certs, err := newCertificates(cfg, log)
	if err != nil {
		return err
	}
	srv, err := server.New(svc, server.Options{
		Log: log, Frontend: embed.Frontend(), RequestTimeout: cfg.Server.RequestTimeout.D(), Version: version.Version,
		PublicURL: cfg.Server.PublicURL, TransferTimeout: cfg.Server.TransferTimeout.D(), Hub: hub, EventsReady: eventsReady,
		MaxUploadsPerUser: cfg.Server.MaxUploadsPerUser, MaxStreamsPerUser: cfg.Server.MaxStreamsPerUser,
		TrustedProxies: cfg.TLS.TrustedProxies, CertificateExpiry: certs.CertificateExpiry, SharedDatabase: cfg.Events.Shared(),
	})
	if err != nil {
		return err
	}
	scheduler, err := jobs.New(log, cfg.Location(), scheduledJobs(cfg, db, svc, fileStore))
	if err != nil {
		return err
	}

	workCtx, stopWork := context.WithCancel(ctx)
	outboxDone := make(chan struct{})
	go func() { outbox.Run(workCtx); close(outboxDone) }()
	scheduler.Start()
	svc.WarmStatistics()

	listenErr, runErr := listen(cfg, srv, certs, log)
	if runErr == nil {
		// Migrated (OpenMigrated above) and listening: "systemctl start" returns now.
		if err := sd.notify("READY=1\nSTATUS=" + listeningStatus(cfg, certs)); err != nil {
			log.Warn("telling systemd the portal is ready", "err", err)
		}
		watchdog, stopWatchdog := context.WithCancel(ctx)
		go sd.keepAlive(watchdog)
		select {
		case runErr = <-listenErr:
		case runErr = <-dbFailed:
			// A non-zero exit lets the service manager restart the whole portal.
			log.Error("stopping: the private database cannot be kept running", "err", runErr)
		case sig := <-signals:
			log.Info("stopping: letting in-flight requests finish", "signal", fmt.Sprint(sig), "timeout", cfg.Server.ShutdownTimeout.D())
		}
		stopWatchdog()
	}
	_ = sd.notify("STOPPING=1\nSTATUS=stopping")
	// Order: event streams end (they would hold the server open), no new requests, then the
	// jobs and the e-mail in flight finish, then the database stops.
	sctx, cancel := context.WithTimeout(ctx, cfg.Server.ShutdownTimeout.D())
	defer cancel()
	hub.Close()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("shutdown", "err", err)
	}
	scheduler.Stop(sctx)
	stopWork()
	select {
	case <-outboxDone:
	case <-sctx.Done():
		log.Warn("the e-mail worker did not finish in time")
	}
	log.Info("portal stopped")
	if runErr != nil {
		return runErr
	}
	return nil // the deferred db.Close stops the private database after the last request
}

// newService builds the domain from the configuration.
func newService(cfg config.Config, db *boot.Database, log *slog.Logger, emailQueued func(), fs storage.Store, publisher portal.Publisher) *portal.Service {
	return portal.New(db.Store, portal.Options{Log: log, Auth: cfg.Auth, PublicURL: cfg.Server.PublicURL,
		EmailQueued: emailQueued, TimeZone: cfg.Location(), Files: fs, Live: publisher, RequestTimeout: cfg.Server.RequestTimeout.D(),
		EmailGroupWindow: cfg.Alerts.EmailGroupWindow.D(), RetourResponseDays: cfg.Alerts.RetourResponseDays, SharedDatabase: cfg.Events.Shared(),
		Uploads: portal.UploadRules{MaxSize: int64(cfg.Uploads.MaxSizeMB) << 20, Allowed: cfg.Uploads.AllowedExtensions,
			Denied: cfg.Uploads.DeniedExtensions, TransferTimeout: cfg.Server.TransferTimeout.D()}})
}

// connectEvents returns what the domain publishes live events to: the hub alone, or with
// [events] nats_url the NATS bus that also carries them to and from the other portal processes
// (then ready reports its connection for /readyz). An unreachable NATS is an error naming the key.
func connectEvents(cfg config.Config, hub *live.Hub, log *slog.Logger) (pub portal.Publisher, ready func() error, closeFn func(), err error) {
	if cfg.Events.NATSURL == "" {
		return hub, nil, func() {}, nil
	}
	bus, err := live.ConnectBus(hub, live.BusOptions{URL: cfg.Events.NATSURL, CredentialsFile: cfg.Events.CredentialsFile,
		SubjectPrefix: cfg.Events.SubjectPrefix}, log)
	switch {
	case err == nil:
		log.Info("live events shared through NATS", "server", cfg.Events.RedactedURL(), "subject", cfg.Events.SubjectPrefix+".events")
		return bus, bus.Ready, bus.Close, nil
	case cfg.Events.CredentialsFile != "" && !errors.Is(err, live.ErrBusUnreachable):
		return nil, nil, nil, fmt.Errorf("config: events.credentials_file: NATS at %s: %w", cfg.Events.RedactedURL(), err)
	default:
		return nil, nil, nil, fmt.Errorf("config: events.nats_url: NATS at %s: %w", cfg.Events.RedactedURL(), err)
	}
}

// openFiles opens the deliverables' storage that [storage] names (the data disk by default);
// its check of an S3 store is bounded by its own timeout.
func openFiles(cfg config.Config) (storage.Store, error) {
	return storage.Open(context.Background(), cfg)
}

// subcommand is one verb of a command that has several (backup now, admin create).
type subcommand struct {
	name string
	run  func(env Env, args []string) error
}

// verbs is the run of a command made of subcommands: it runs the one that args names; --help
// prints the command's usage, and a missing or unknown subcommand is a usage error that lists
// the known ones.
func verbs(command string, subs ...subcommand) func(env Env, args []string) error {
	return func(env Env, args []string) error {
		names := make([]string, len(subs))
		for i, s := range subs {
			names[i] = s.name
		}
		known := strings.Join(names, ", ")
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			if len(args) > 0 && (args[0] == "--help" || args[0] == "-help" || args[0] == "-h") {
				fs, _ := newFlags(env, command)
				printUsage(fs)
				return nil
			}
			return usageErr("%s: missing subcommand (%s)", command, known)
		}
		for _, s := range subs {
			if s.name == args[0] {
				return s.run(env, args[1:])
			}
		}
		return usageErr("%s: unknown subcommand %q (%s)", command, args[0], known)
	}
}

func runAdminCreate(env Env, args []string) error {
	fs, cfgPath := newFlags(env, "admin")
	name := fs.String("name", "", "display name of the admin (default: the part of the e-mail before @)")
	cfg, err := parseConfig(env, fs, cfgPath, args)
	if err != nil {
		return err
	}
	email, pw, err := readCredentials(env)
	if err != nil {
		return err
	}
	return withMigrated(context.Background(), env, cfg, func(ctx context.Context, db *boot.Database, log *slog.Logger) error {
		svc := newService(cfg, db, log, nil, nil, nil)
		id, err := svc.CreateAdminWithPassword(ctx, portal.System("cli: portal admin create"), email, *name, pw)
		if pe, ok := portal.AsError(err); ok {
			return errors.New(pe.Message())
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "admin %s created (id %d): sign in at %s/connexion\n", strings.ToLower(strings.TrimSpace(email)), id, cfg.Server.PublicURL)
		return nil
	})
}

// readCredentials asks at the terminal (password not echoed), or reads two lines from a pipe.
func readCredentials(env Env) (email, pw string, err error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		r := bufio.NewReader(f)
		fmt.Fprint(env.Stderr, "E-mail: ")
		if email, err = r.ReadString('\n'); err != nil {
			return "", "", err
		}
		fmt.Fprint(env.Stderr, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", "", err
		}
		fmt.Fprint(env.Stderr, "Password again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", "", err
		}
		if string(p1) != string(p2) {
			return "", "", errors.New("the two passwords differ")
		}
		return strings.TrimSpace(email), string(p1), nil
	}
	sc := bufio.NewScanner(io.LimitReader(env.Stdin, 4096))
	var lines []string
	for sc.Scan() && len(lines) < 2 {
		lines = append(lines, strings.TrimRight(sc.Text(), "\r"))
	}
	if len(lines) < 2 {
		return "", "", usageErr("admin create: standard input must hold the e-mail on the first line and the password on the second")
	}
	return strings.TrimSpace(lines[0]), lines[1], nil
}
