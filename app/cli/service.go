package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kardianos/service"

	"github.com/bigdatacenter/portal/app/config"
)

// The system service (D5): systemd runs "portal serve" as the unprivileged user "portal",
// which may still bind ports 80 and 443, restarts it when it fails, starts it at boot, sends
// its output to the journal and stops it gracefully with SIGTERM.

const (
	serviceName          = "portal"
	serviceDefaultUser   = "portal"
	serviceDefaultConfig = "/etc/portal/portal.toml"
	serviceUsage         = "portal service install|uninstall|start|stop|restart|status [flags]\n\n" +
		"Manages the portal as a systemd service (run as root):\n" +
		"  install    write /etc/systemd/system/portal.service (rewritten when it exists) and enable it\n" +
		"             at boot; it runs 'portal serve --config CONFIG' as USER, from this binary's path\n" +
		"  uninstall  disable the service and remove its unit (the data and the configuration stay)\n" +
		"  start, stop, restart, status\n\n" +
		"Logs: journalctl -u portal. Reload the certificate files of tls.mode \"files\": systemctl reload portal."
)

// serviceOptions is what the unit is made of.
type serviceOptions struct {
	Executable string // absolute path of the portal binary
	ConfigPath string // absolute path of the configuration file
	User       string
	// DataDir is data.dir, absolute: the working directory, and the paths the service writes.
	DataDir string
	// WritablePaths are the directories the portal writes besides DataDir (backup.dir,
	// tls.cache_dir): the only ones the unit leaves writable with it.
	WritablePaths   []string
	ShutdownTimeout time.Duration
}

// serviceOptionsFrom checks the configuration a service will run with.
func serviceOptionsFrom(cfg config.Config, cfgPath, usr, exe string) (serviceOptions, error) {
	if !filepath.IsAbs(cfg.Data.Dir) {
		return serviceOptions{}, fmt.Errorf("%s: data.dir must be an absolute path for a service (e.g. \"/var/lib/portal\"), not %q", cfgPath, cfg.Data.Dir)
	}
	o := serviceOptions{Executable: exe, ConfigPath: cfgPath, User: usr, DataDir: filepath.Clean(cfg.Data.Dir),
		ShutdownTimeout: cfg.Server.ShutdownTimeout.D()}
	if cfg.Backup.Dir != "" {
		if !filepath.IsAbs(cfg.Backup.Dir) {
			return serviceOptions{}, fmt.Errorf("%s: backup.dir must be an absolute path for a service, not %q", cfgPath, cfg.Backup.Dir)
		}
		o.WritablePaths = append(o.WritablePaths, filepath.Clean(cfg.Backup.Dir))
	}
	// autocert's cache (mode auto) defaults to <data.dir>/autocert, writable already.
	if cfg.TLS.CacheDir != "" {
		if !filepath.IsAbs(cfg.TLS.CacheDir) {
			return serviceOptions{}, fmt.Errorf("%s: tls.cache_dir must be an absolute path for a service, not %q", cfgPath, cfg.TLS.CacheDir)
		}
		o.WritablePaths = append(o.WritablePaths, filepath.Clean(cfg.TLS.CacheDir))
	}
	return o, nil
}

// stopTimeout is systemd's TimeoutStopSec: the portal's own shutdown timeout for the requests in
// flight, plus time for the jobs, the e-mail worker and the private database to stop.
func (o serviceOptions) stopTimeout() time.Duration {
	return o.ShutdownTimeout + 30*time.Second
}

// systemdUnit renders the unit file. It goes to kardianos/service as its SystemdScript and
// holds no template action, so it is written exactly as rendered (and tested) here.
//
// The confinement holds for every mode of the portal: the private database server and
// mariadb-dump run as its children under the same rules, scheduled backups and autocert's cache
// write under data.dir (or the paths given), certificate files are only read. The installation
// test (scripts/install_test.sh) proves each mode under it and keeps
// "systemd-analyze security portal.service" at 2.0 or less.
func systemdUnit(o serviceOptions) string {
	writable := append([]string{o.DataDir}, o.WritablePaths...)
	every := append(slices.Clone(writable), o.ConfigPath, o.Executable)
	var b strings.Builder
	line := func(s string, a ...any) { fmt.Fprintf(&b, s+"\n", a...) }
	line("# Written by \"portal service install\": run it again rather than editing this file.")
	line("# Change or relax a setting with a drop-in: systemctl edit portal")
	line("# (/etc/systemd/system/portal.service.d/override.conf), e.g. ReadWritePaths=/srv/more.")
	line("[Unit]")
	line("Description=Portail client BIGDATA CENTER")
	line("Wants=network-online.target")
	line("After=network-online.target mariadb.service mysql.service")
	line("StartLimitIntervalSec=600")
	line("StartLimitBurst=10")
	line("")
	line("[Service]")
	// The portal says READY=1 once its database is migrated and it listens: "systemctl start"
	// returns then, and fails when the portal exits before (a port already taken).
	line("Type=notify")
	line("NotifyAccess=main")
	line("TimeoutStartSec=300")
	line("User=%s", o.User)
	line("Group=%s", o.User)
	line("ExecStart=%s serve --config %s", systemdArg(o.Executable), systemdArg(o.ConfigPath))
	line("ExecReload=/bin/kill -HUP $MAINPID")
	line("WorkingDirectory=%s", systemdArg(o.DataDir))
	line("Restart=on-failure")
	line("RestartSec=5")
	// SIGTERM to the portal only: it finishes the requests in flight, then stops its private
	// database itself; whatever is left gets SIGKILL after TimeoutStopSec.
	line("KillSignal=SIGTERM")
	line("KillMode=mixed")
	line("TimeoutStopSec=%d", int(o.stopTimeout().Seconds()))
	line("StandardOutput=journal")
	line("StandardError=journal")
	line("SyslogIdentifier=portal")
	// Ports 80 and 443 without root, and no other privilege.
	line("AmbientCapabilities=CAP_NET_BIND_SERVICE")
	line("CapabilityBoundingSet=CAP_NET_BIND_SERVICE")
	line("NoNewPrivileges=true")
	line("UMask=0027")
	line("LimitNOFILE=65536")
	// The whole file system read-only but for the portal's own directories ("-": a missing one
	// is the portal's to report, in its own words, rather than a start refused by systemd).
	line("ProtectSystem=strict")
	paths := make([]string, len(writable))
	for i, p := range writable {
		paths[i] = systemdPath("-" + p)
	}
	line("ReadWritePaths=%s", strings.Join(paths, " "))
	// Home directories out of sight, unless the portal's own paths are there.
	if !anyUnder(every, "/home", "/root", "/run/user") {
		line("ProtectHome=true")
	}
	line("PrivateTmp=true")
	line("PrivateDevices=true")
	line("PrivateIPC=true")
	line("RemoveIPC=true")
	line("ProtectClock=true")
	line("ProtectHostname=true")
	line("ProtectKernelTunables=true")
	line("ProtectKernelModules=true")
	line("ProtectKernelLogs=true")
	line("ProtectControlGroups=true")
	line("ProtectProc=invisible")
	line("ProcSubset=pid")
	line("RestrictNamespaces=true")
	line("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6")
	line("RestrictSUIDSGID=true")
	line("RestrictRealtime=true")
	line("LockPersonality=true")
	line("MemoryDenyWriteExecute=true")
	line("SystemCallArchitectures=native")
	line("SystemCallFilter=@system-service")
	line("SystemCallFilter=~@privileged @resources")
	// mariadb-install-db (the private database's first start) chowns its directory to the
	// user it already belongs to; without CAP_CHOWN no other chown can succeed anyway.
	line("SystemCallFilter=@chown")
	line("SystemCallErrorNumber=EPERM")
	line("")
	line("[Install]")
	line("WantedBy=multi-user.target")
	return b.String()
}

// anyUnder reports whether one of paths is one of dirs or inside one.
func anyUnder(paths []string, dirs ...string) bool {
	for _, p := range paths {
		for _, d := range dirs {
			if p == d || strings.HasPrefix(p, d+"/") {
				return true
			}
		}
	}
	return false
}

// systemdPath quotes a word of ReadWritePaths= (a path, with its prefix): specifiers escaped,
// quoted when it holds a space (no environment variables are expanded there, unlike in
// ExecStart=).
func systemdPath(p string) string {
	p = strings.ReplaceAll(p, "%", "%%")
	if !strings.ContainsAny(p, " \t\"'\\") {
		return p
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(p) + `"`
}

// systemdArg quotes a word of ExecStart= the way systemd reads it.
func systemdArg(s string) string {
	s = strings.NewReplacer("%", "%%", "$", "$$").Replace(s)
	if s != "" && !strings.ContainsAny(s, " \t\"'\\;") {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// serviceConfig is what kardianos/service installs: our unit, and the same settings in its own
// terms for the record.
func serviceConfig(o serviceOptions) *service.Config {
	return &service.Config{
		Name:             serviceName,
		DisplayName:      "Portail client BIGDATA CENTER",
		Description:      "Portail client BIGDATA CENTER",
		UserName:         o.User,
		Executable:       o.Executable,
		Arguments:        []string{"serve", "--config", o.ConfigPath},
		WorkingDirectory: o.DataDir,
		Dependencies:     []string{"Wants=network-online.target", "After=network-online.target mariadb.service mysql.service"},
		Option: service.KeyValue{
			"SystemdScript": systemdUnit(o),
			"Restart":       "on-failure",
			"ReloadSignal":  "HUP",
			"LogOutput":     false, // stdout and stderr go to the journal
		},
	}
}

// program satisfies kardianos/service for the control commands; the service itself runs
// "portal serve", which handles SIGTERM on its own.
type program struct{}

func (program) Start(service.Service) error { return nil }
func (program) Stop(service.Service) error  { return nil }

func runService(env Env, args []string) error {
	if len(args) == 0 {
		return usageErr("service: missing subcommand (install, uninstall, start, stop, restart, status)")
	}
	action := args[0]
	fs, cfgPath := newFlags(env, "service")
	_ = fs.Set("config", serviceDefaultConfig)
	fs.Lookup("config").DefValue = serviceDefaultConfig
	usr := fs.String("user", serviceDefaultUser, "system user the service runs as (install)")
	exe := fs.String("binary", "", "portal binary the service runs (install; default: this one)")
	printOnly := fs.Bool("print", false, "print the systemd unit instead of installing it (install)")
	noStartHint := fs.Bool("no-start-hint", false, "do not suggest starting the service (install; install.sh starts it itself)")
	if action == "-h" || action == "--help" || action == "help" {
		printUsage(fs)
		return flag.ErrHelp
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch action {
	case "install":
		return serviceInstall(env, *cfgPath, *usr, *exe, *printOnly, *noStartHint)
	case "uninstall", "start", "stop", "restart", "status":
		s, err := newSystemService(serviceConfig(serviceOptions{ConfigPath: serviceDefaultConfig, User: *usr}))
		if err != nil {
			return err
		}
		return serviceControl(env, s, action)
	}
	return usageErr("service: unknown subcommand %q (install, uninstall, start, stop, restart, status)", action)
}

func serviceInstall(env Env, cfgPath, usr, exe string, printOnly, noStartHint bool) error {
	abs, err := filepath.Abs(cfgPath)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err != nil {
		return fmt.Errorf("configuration %s: %w (write it first: see config.example.toml, or run install.sh)", abs, err)
	}
	cfg, err := loadConfig(env, abs)
	if err != nil {
		return err
	}
	if exe == "" {
		if exe, err = os.Executable(); err != nil {
			return err
		}
	}
	if exe, err = filepath.Abs(exe); err != nil {
		return err
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	o, err := serviceOptionsFrom(cfg, abs, usr, exe)
	if err != nil {
		return err
	}
	if printOnly {
		fmt.Fprint(env.Stdout, systemdUnit(o))
		return nil
	}
	if os.Geteuid() != 0 {
		return errors.New("service install: run it as root (sudo portal service install)")
	}
	if _, err := user.Lookup(usr); err != nil {
		return fmt.Errorf("service install: no user %q: create it first (useradd --system --home-dir %s --shell /usr/sbin/nologin %s), or run install.sh", usr, o.DataDir, usr)
	}
	s, err := newSystemService(serviceConfig(o))
	if err != nil {
		return err
	}
	if p := service.ChosenSystem(); p == nil || p.String() != "linux-systemd" {
		return fmt.Errorf("service install: this system is not run by systemd (%v); start \"%s serve --config %s\" with your init system", p, exe, abs)
	}
	// A new binary or configuration path rewrites the unit: take the old one out first.
	if _, err := s.Status(); !errors.Is(err, service.ErrNotInstalled) {
		if err := s.Uninstall(); err != nil {
			return fmt.Errorf("service install: replacing the existing unit: %w", err)
		}
	}
	if err := s.Install(); err != nil {
		return fmt.Errorf("service install: %w", err)
	}
	fmt.Fprintf(env.Stdout, "service %s installed and enabled at boot: runs %s serve --config %s as %s\n", serviceName, exe, abs, usr)
	if !noStartHint {
		fmt.Fprintf(env.Stdout, "start it with: portal service start   (logs: journalctl -u %s -f)\n", serviceName)
	}
	return nil
}

func newSystemService(c *service.Config) (service.Service, error) {
	s, err := service.New(program{}, c)
	if err != nil {
		return nil, fmt.Errorf("service: %w", err)
	}
	return s, nil
}

func serviceControl(env Env, s service.Service, action string) error {
	var err error
	switch action {
	case "status":
		st, err := s.Status()
		switch {
		case errors.Is(err, service.ErrNotInstalled):
			fmt.Fprintf(env.Stdout, "service %s: not installed\n", serviceName)
			return errors.New("service not installed")
		case err != nil:
			return fmt.Errorf("service status: %w", err)
		case st == service.StatusRunning:
			fmt.Fprintf(env.Stdout, "service %s: running\n", serviceName)
		case st == service.StatusStopped:
			fmt.Fprintf(env.Stdout, "service %s: stopped\n", serviceName)
			return errors.New("service stopped")
		default:
			fmt.Fprintf(env.Stdout, "service %s: unknown state\n", serviceName)
			return errors.New("service state unknown")
		}
		return nil
	case "uninstall":
		_ = s.Stop() // a running service would otherwise outlive its unit
		err = s.Uninstall()
	case "start":
		err = s.Start()
	case "stop":
		err = s.Stop()
	case "restart":
		err = s.Restart()
	}
	if err != nil {
		return fmt.Errorf("service %s: %w", action, err)
	}
	fmt.Fprintf(env.Stdout, "service %s: %s done\n", serviceName, action)
	return nil
}
