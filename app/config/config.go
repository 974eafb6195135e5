// Package config loads the portal's settings: built-in defaults, then the TOML file, then
// PORTAL_<SECTION>_<KEY> environment variables, then validation that names the bad key.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones work on minimal systems without the tzdata package

	"github.com/BurntSushi/toml"
)

// Config is the whole configuration. Every key is documented in config.example.toml, which a
// test keeps in step with this struct.
type Config struct {
	Server   Server   `toml:"server"`
	Database Database `toml:"database"`
	Data     Data     `toml:"data"`
	Log      Log      `toml:"log"`
	SMTP     SMTP     `toml:"smtp"`
	Auth     Auth     `toml:"auth"`
	Uploads  Uploads  `toml:"uploads"`
	TLS      TLS      `toml:"tls"`
	Backup   Backup   `toml:"backup"`
	Alerts   Alerts   `toml:"alerts"`
	Events   Events   `toml:"events"`
	Storage  Storage  `toml:"storage"`
}

// TLS says how the portal serves HTTPS (N1).
type TLS struct {
	// Mode is "off" (plain HTTP: development, or behind a reverse proxy that terminates TLS),
	// "auto" (its own Let's Encrypt certificate through ACME) or "files" (a certificate and key
	// from files, e.g. from an internal CA).
	Mode string `toml:"mode"`
	// Domains are the names the automatic certificate is for; no other name gets one.
	Domains []string `toml:"domains"`
	// Email is the contact given to the certificate authority.
	Email string `toml:"email"`
	// CacheDir keeps the certificates and the ACME account; empty: <data.dir>/autocert.
	CacheDir string `toml:"cache_dir"`
	// CertFile and KeyFile are the PEM files of mode "files".
	CertFile string `toml:"cert_file"`
	KeyFile  string `toml:"key_file"`
	// HTTPSListen serves HTTPS; HTTPListen answers ACME HTTP-01 challenges and redirects
	// browsers to HTTPS.
	HTTPSListen string `toml:"https_listen"`
	HTTPListen  string `toml:"http_listen"`
	// ACMEDirectory is the certificate authority; empty: Let's Encrypt. ACMECAFile trusts an
	// extra root for it (a test or internal ACME server).
	ACMEDirectory string `toml:"acme_directory"`
	ACMECAFile    string `toml:"acme_ca_file"`
	// TrustedProxies are the addresses of reverse proxies whose X-Forwarded-For is believed
	// (mode "off" behind a proxy); from anyone else it is ignored, so client IPs and sign-in
	// throttling cannot be spoofed.
	TrustedProxies []string `toml:"trusted_proxies"`
}

// Backup schedules and keeps the nightly backups (X5).
type Backup struct {
	// Dir holds the archives; empty: <data.dir>/backups.
	Dir string `toml:"dir"`
	// Schedule is a cron expression in server.time_zone; empty disables scheduled backups.
	Schedule string `toml:"schedule"`
	// KeepDaily and KeepWeekly say how many daily and weekly (Sunday) archives to keep.
	KeepDaily  int `toml:"keep_daily"`
	KeepWeekly int `toml:"keep_weekly"`
}

// Alerts schedules the overdue-milestone alerts (D4) and the audit chain's verification.
type Alerts struct {
	// OverdueSchedule is a cron expression in server.time_zone; empty disables the alerts.
	OverdueSchedule string `toml:"overdue_schedule"`
	// AuditVerifySchedule is when the audit log's hash chain is verified (admins are alerted of
	// a break); a cron expression in server.time_zone, empty disables it.
	AuditVerifySchedule string `toml:"audit_verify_schedule"`
	// EmailGroupWindow is how long an "immediate" notification e-mail waits for more events of
	// the same burst (ten messages in two minutes make one e-mail); EmailSchedule is how often
	// the e-mails that are due are queued (cron or "@every 1m").
	EmailGroupWindow Duration `toml:"email_group_window"`
	EmailSchedule    string   `toml:"email_schedule"`
	// RetourResponseDays is the response delay of a retour, in working days (Monday to Friday
	// in server.time_zone): a retour new or reopened for longer waits too long (« À traiter »)
	// and is alerted with the overdue steps.
	RetourResponseDays int `toml:"retour_response_days"`
}

// DefaultDeniedExtensions are the types Windows runs, installs or mounts on a double-click
// (after Outlook's list of blocked attachments), whose only use in a portal would be to run code
// on the recipient's machine. Sources a data team does deliver (.py, .sql, .sh, .ipynb) and
// Office files with macros are not in it: uploads.denied_extensions can add them.
var DefaultDeniedExtensions = []string{
	".exe", ".com", ".scr", ".pif", ".cpl", ".dll", ".msi", ".msp", ".mst", ".msix", ".msixbundle",
	".appx", ".appxbundle", ".application", ".appref-ms", ".gadget", ".xbap", ".jar", ".jnlp",
	".bat", ".cmd", ".ps1", ".psm1", ".psd1", ".ps1xml", ".psc1", ".msh", ".msh1", ".msh2", ".mshxml",
	".vb", ".vbs", ".vbe", ".js", ".jse", ".ws", ".wsf", ".wsh", ".wsc", ".sct", ".hta",
	".lnk", ".url", ".website", ".scf", ".inf", ".reg", ".msc", ".chm", ".hlp", ".diagcab",
	".settingcontent-ms", ".library-ms", ".search-ms", ".xll", ".iso", ".img", ".vhd", ".vhdx",
}

// Uploads bounds the files admins attach to projects.
type Uploads struct {
	// MaxSizeMB is the largest file accepted, in MiB.
	MaxSizeMB int `toml:"max_size_mb"`
	// AllowedExtensions, when not empty, is the only extensions accepted (".pdf", ".zip"...).
	AllowedExtensions []string `toml:"allowed_extensions"`
	// DeniedExtensions are always refused, in any case, also when the name ends with dots or
	// spaces (« outil.scr. »).
	DeniedExtensions []string `toml:"denied_extensions"`
}

type Server struct {
	// Listen is the address of the plain-HTTP listener.
	Listen string `toml:"listen"`
	// PublicURL is the address users type; links in e-mails are built from it.
	PublicURL string `toml:"public_url"`
	// ShutdownTimeout bounds how long in-flight requests may run after SIGTERM.
	ShutdownTimeout Duration `toml:"shutdown_timeout"`
	// RequestTimeout bounds each database call made for a request.
	RequestTimeout Duration `toml:"request_timeout"`
	// TransferTimeout bounds one upload or download, which may take far longer than a request.
	// A transfer gets it once its session is verified; until then the short deadline (30 s).
	TransferTimeout Duration `toml:"transfer_timeout"`
	// MaxUploadsPerUser caps the uploads one user has in progress at once (429 beyond).
	MaxUploadsPerUser int `toml:"max_uploads_per_user"`
	// MaxStreamsPerUser caps the live-event streams (open portal tabs) of one user (429 beyond).
	MaxStreamsPerUser int `toml:"max_streams_per_user"`
	// TimeZone is how times are shown to people (e-mails, pages, reports); data stays in UTC.
	TimeZone string `toml:"time_zone"`
	// DebugListen, when set, serves Go's profiler (net/http/pprof) on this loopback address,
	// for measuring the portal under load. Empty: off.
	DebugListen string `toml:"debug_listen"`
}

type Database struct {
	// DSN of a MySQL 8.0+ / MariaDB 10.6+ server. Empty: the portal runs its own private server.
	DSN string `toml:"dsn"`
	// EmbeddedBinary is the mariadbd/mysqld used when DSN is empty; empty means search PATH.
	EmbeddedBinary string `toml:"embedded_binary"`
	// EmbeddedBufferPoolMB is the private server's InnoDB buffer pool in MiB; 0 means a quarter
	// of the machine's memory (or of the service's memory limit), at least 256.
	EmbeddedBufferPoolMB int `toml:"embedded_buffer_pool_mb"`
	MaxOpenConns         int `toml:"max_open_conns"`
	MaxIdleConns         int `toml:"max_idle_conns"`
}

type Data struct {
	// Dir holds the embedded database, deliverables and backups unless told otherwise.
	Dir string `toml:"dir"`
}

// SMTP is the mail server the outbox worker hands e-mails to.
type SMTP struct {
	// Host empty: e-mails wait in the outbox (and the log says so) until a server is configured.
	Host     string `toml:"host"`
	Port     int    `toml:"port"`
	Username string `toml:"username"`
	Password string `toml:"password"`
	// From is the sender, e.g. "Portail BIGDATA CENTER <portail@example.com>".
	From string `toml:"from"`
	// TLS is "starttls" (upgrade after connecting), "tls" (implicit, port 465) or "none" (loopback only).
	TLS     string   `toml:"tls"`
	Timeout Duration `toml:"timeout"`
}

// Auth tunes sign-in and sessions.
type Auth struct {
	// SessionIdleTimeout signs a user out after this long without a request.
	SessionIdleTimeout Duration `toml:"session_idle_timeout"`
	// SessionLifetime bounds a session whatever its activity.
	SessionLifetime Duration `toml:"session_lifetime"`
	// InvitationValidity and ResetValidity bound the one-time links sent by e-mail.
	InvitationValidity Duration `toml:"invitation_validity"`
	ResetValidity      Duration `toml:"reset_validity"`
	// RequireAdminTOTP forces admins to turn on two-factor sign-in before using the portal.
	RequireAdminTOTP bool `toml:"require_admin_totp"`
	// MaxFailures failed sign-ins within FailureWindow lock the account (or the IP, with
	// MaxFailuresPerIP) for LockoutDuration.
	MaxFailures      int      `toml:"max_failures"`
	MaxFailuresPerIP int      `toml:"max_failures_per_ip"`
	FailureWindow    Duration `toml:"failure_window"`
	LockoutDuration  Duration `toml:"lockout_duration"`
	// MaxResets password-reset requests for one address (MaxResetsPerIP from one client IP)
	// within ResetWindow send an e-mail; the others are answered the same and send nothing.
	MaxResets      int      `toml:"max_resets"`
	MaxResetsPerIP int      `toml:"max_resets_per_ip"`
	ResetWindow    Duration `toml:"reset_window"`
	// MaxConcurrentHashes bounds password hashing at once, so a burst of sign-ins cannot starve
	// every other request of CPU (hashes also run at a lower thread priority).
	MaxConcurrentHashes int `toml:"max_concurrent_hashes"`
}

type Log struct {
	Level  string `toml:"level"`
	Format string `toml:"format"`
}

// Default returns the configuration used when no file and no variable says otherwise.
func Default() Config {
	return Config{
		Server: Server{
			Listen:            ":8080",
			PublicURL:         "http://localhost:8080",
			ShutdownTimeout:   Duration(30 * time.Second),
			RequestTimeout:    Duration(10 * time.Second),
			TimeZone:          "Europe/Paris",
			TransferTimeout:   Duration(6 * time.Hour),
			MaxUploadsPerUser: 4,
			MaxStreamsPerUser: 8,
		},
		Database: Database{MaxOpenConns: 32, MaxIdleConns: 32},
		Data:     Data{Dir: "./data"},
		Log:      Log{Level: "info", Format: "text"},
		Uploads:  Uploads{MaxSizeMB: 2048, AllowedExtensions: []string{}, DeniedExtensions: slices.Clone(DefaultDeniedExtensions)},
		TLS:      TLS{Mode: "off", Domains: []string{}, HTTPSListen: ":443", HTTPListen: ":80", TrustedProxies: []string{}},
		Backup:   Backup{Schedule: "0 2 * * *", KeepDaily: 7, KeepWeekly: 4},
		Storage:  Storage{Backend: "local", PartSizeMB: 16},
		Alerts: Alerts{OverdueSchedule: "0 7 * * *", AuditVerifySchedule: "30 3 * * *",
			EmailGroupWindow: Duration(2 * time.Minute), EmailSchedule: "@every 1m", RetourResponseDays: 2},
		SMTP: SMTP{Port: 587, From: "Portail BIGDATA CENTER <portail@localhost>", TLS: "starttls", Timeout: Duration(30 * time.Second)},
		Auth: Auth{
			SessionIdleTimeout:  Duration(2 * time.Hour),
			SessionLifetime:     Duration(7 * 24 * time.Hour),
			InvitationValidity:  Duration(7 * 24 * time.Hour),
			ResetValidity:       Duration(time.Hour),
			MaxFailures:         5,
			MaxFailuresPerIP:    50,
			FailureWindow:       Duration(15 * time.Minute),
			LockoutDuration:     Duration(15 * time.Minute),
			MaxResets:           3,
			MaxResetsPerIP:      20,
			ResetWindow:         Duration(time.Hour),
			MaxConcurrentHashes: 1,
		},
		Events: Events{SubjectPrefix: "portal"},
	}
}

// Load reads path (a missing file means defaults), applies the environment and validates.
func Load(path string, environ []string) (Config, error) {
	cfg := Default()
	if path != "" {
		md, err := toml.DecodeFile(path, &cfg)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// A missing file is not an error: the defaults and the environment still apply.
		case err != nil:
			return cfg, fmt.Errorf("config %s: %w", path, err)
		default:
			if undec := md.Undecoded(); len(undec) > 0 {
				return cfg, fmt.Errorf("config %s: unknown key %q", path, undec[0].String())
			}
		}
	}
	if err := applyEnv(&cfg, environ); err != nil {
		return cfg, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// Validate checks every key and names the first bad one.
func (c *Config) Validate() error {
	bad := func(key, why string) error { return fmt.Errorf("config: %s: %s", key, why) }
	if _, _, err := net.SplitHostPort(c.Server.Listen); err != nil {
		return bad("server.listen", "must be host:port, e.g. \":8080\" ("+err.Error()+")")
	}
	u, err := url.Parse(c.Server.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return bad("server.public_url", "must be an absolute http(s) URL, e.g. \"https://portail.example.com\"")
	}
	if c.Server.DebugListen != "" {
		host, _, err := net.SplitHostPort(c.Server.DebugListen)
		if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
			return bad("server.debug_listen", "must be a loopback host:port such as \"127.0.0.1:6060\" (the profiler must not be reachable from the network), or empty")
		}
	}
	if c.Alerts.EmailGroupWindow < 0 || c.Alerts.EmailGroupWindow > Duration(time.Hour) {
		return bad("alerts.email_group_window", "must be between 0 and 1h, e.g. \"2m\"")
	}
	if strings.TrimSpace(c.Alerts.EmailSchedule) == "" {
		return bad("alerts.email_schedule", "must be a schedule such as \"@every 1m\" (notification e-mails are never sent without it)")
	}
	if c.Server.ShutdownTimeout <= 0 {
		return bad("server.shutdown_timeout", "must be positive, e.g. \"30s\"")
	}
	if c.Server.TransferTimeout < Duration(time.Minute) {
		return bad("server.transfer_timeout", "must be at least one minute, e.g. \"6h\"")
	}
	if c.Server.MaxUploadsPerUser < 1 {
		return bad("server.max_uploads_per_user", "must be at least 1, e.g. 4")
	}
	if c.Server.MaxStreamsPerUser < 1 {
		return bad("server.max_streams_per_user", "must be at least 1 (each open tab of the portal holds one), e.g. 8")
	}
	if c.Server.RequestTimeout <= 0 {
		return bad("server.request_timeout", "must be positive, e.g. \"10s\"")
	}
	if _, err := time.LoadLocation(c.Server.TimeZone); err != nil || c.Server.TimeZone == "" {
		return bad("server.time_zone", "must be a time zone name such as \"Europe/Paris\" or \"Africa/Dakar\"")
	}
	if c.Database.EmbeddedBufferPoolMB != 0 && c.Database.EmbeddedBufferPoolMB < 32 {
		return bad("database.embedded_buffer_pool_mb", "must be 0 (a quarter of the machine's memory) or at least 32 (MiB)")
	}
	if c.Database.MaxOpenConns < 1 {
		return bad("database.max_open_conns", "must be at least 1")
	}
	if c.Database.MaxIdleConns < 0 {
		return bad("database.max_idle_conns", "must be 0 or more (it is capped at database.max_open_conns)")
	}
	if strings.TrimSpace(c.Data.Dir) == "" {
		return bad("data.dir", "must not be empty")
	}
	if c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
		return bad("smtp.port", "must be a port number (587 for STARTTLS, 465 for TLS)")
	}
	switch c.SMTP.TLS {
	case "starttls", "tls", "none":
	default:
		return bad("smtp.tls", "must be \"starttls\", \"tls\" or \"none\"")
	}
	if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
		return bad("smtp.from", "must be an address such as \"Portail <portail@example.com>\"")
	}
	if c.SMTP.Timeout <= 0 {
		return bad("smtp.timeout", "must be positive")
	}
	for key, d := range map[string]Duration{"auth.session_idle_timeout": c.Auth.SessionIdleTimeout,
		"auth.session_lifetime": c.Auth.SessionLifetime, "auth.invitation_validity": c.Auth.InvitationValidity,
		"auth.reset_validity": c.Auth.ResetValidity, "auth.failure_window": c.Auth.FailureWindow,
		"auth.lockout_duration": c.Auth.LockoutDuration, "auth.reset_window": c.Auth.ResetWindow} {
		if d < Duration(time.Minute) {
			return bad(key, "must be at least one minute")
		}
	}
	if c.Auth.SessionIdleTimeout > c.Auth.SessionLifetime {
		return bad("auth.session_idle_timeout", "must not exceed auth.session_lifetime")
	}
	if c.Auth.MaxFailures < 1 || c.Auth.MaxFailuresPerIP < 1 {
		return bad("auth.max_failures", "auth.max_failures and auth.max_failures_per_ip must be at least 1")
	}
	if c.Auth.MaxResets < 1 || c.Auth.MaxResetsPerIP < 1 {
		return bad("auth.max_resets", "auth.max_resets and auth.max_resets_per_ip must be at least 1")
	}
	if c.Auth.MaxConcurrentHashes < 1 {
		return bad("auth.max_concurrent_hashes", "must be at least 1")
	}
	if c.Alerts.RetourResponseDays < 1 || c.Alerts.RetourResponseDays > 60 {
		return bad("alerts.retour_response_days", "must be between 1 and 60 (working days)")
	}
	if c.Uploads.MaxSizeMB < 1 || c.Uploads.MaxSizeMB > 1<<20 {
		return bad("uploads.max_size_mb", "must be between 1 and 1048576 (MiB)")
	}
	for _, list := range [][]string{c.Uploads.AllowedExtensions, c.Uploads.DeniedExtensions} {
		for _, e := range list {
			if !strings.HasPrefix(e, ".") || strings.ContainsAny(e, "/\\ ") {
				return bad("uploads.allowed_extensions / uploads.denied_extensions", "extensions are written like \".pdf\"")
			}
		}
	}
	switch c.TLS.Mode {
	case "off":
	case "auto":
		if len(c.TLS.Domains) == 0 {
			return bad("tls.domains", "mode \"auto\" needs at least one domain name, e.g. [\"portail.example.com\"]")
		}
		for _, d := range c.TLS.Domains {
			if d == "" || strings.ContainsAny(d, "/: *") {
				return bad("tls.domains", fmt.Sprintf("%q is not a plain domain name", d))
			}
		}
	case "files":
		if c.TLS.CertFile == "" || c.TLS.KeyFile == "" {
			return bad("tls.cert_file", "mode \"files\" needs tls.cert_file and tls.key_file")
		}
	default:
		return bad("tls.mode", "must be \"off\", \"auto\" or \"files\"")
	}
	if c.TLS.Mode != "off" {
		for key, addr := range map[string]string{"tls.https_listen": c.TLS.HTTPSListen, "tls.http_listen": c.TLS.HTTPListen} {
			if _, _, err := net.SplitHostPort(addr); err != nil {
				return bad(key, "must be host:port, e.g. \":443\"")
			}
		}
	}
	for _, p := range c.TLS.TrustedProxies {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return bad("tls.trusted_proxies", fmt.Sprintf("%q is neither an IP address nor a CIDR range", p))
			}
		}
	}
	if c.Backup.KeepDaily < 1 || c.Backup.KeepWeekly < 0 {
		return bad("backup.keep_daily", "backup.keep_daily must be at least 1 and backup.keep_weekly at least 0")
	}
	if err := c.Events.validate(); err != nil {
		return err
	}
	if err := c.Storage.validate(bad); err != nil {
		return err
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return bad("log.level", "must be one of debug, info, warn, error")
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return bad("log.format", "must be \"text\" or \"json\"")
	}
	return nil
}

// Location returns the display time zone (validated by Load).
func (c *Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.Server.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// DataPath joins elem under the data directory, made absolute so that a service started from
// another working directory finds the same files.
func (c *Config) DataPath(elem ...string) string {
	dir, err := filepath.Abs(c.Data.Dir)
	if err != nil {
		dir = c.Data.Dir
	}
	return filepath.Join(append([]string{dir}, elem...)...)
}

// EnvPrefix starts every environment override: PORTAL_SERVER_LISTEN sets server.listen.
const EnvPrefix = "PORTAL_"

// applyEnv walks the struct by its toml tags so that every key has its variable without a list
// to keep in step.
func applyEnv(cfg *Config, environ []string) error {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, EnvPrefix) {
			env[k] = v
		}
	}
	if len(env) == 0 {
		return nil
	}
	return walkKeys(reflect.ValueOf(cfg).Elem(), "", func(key string, field reflect.Value) error {
		name := EnvName(key)
		raw, ok := env[name]
		if !ok {
			return nil
		}
		if err := setFromString(field, raw); err != nil {
			return fmt.Errorf("config: %s (from %s): %w", key, name, err)
		}
		return nil
	})
}

// EnvName is the environment variable that overrides a dotted key.
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Keys lists every dotted key of the configuration, in struct order.
func Keys() []string {
	var keys []string
	cfg := Default()
	_ = walkKeys(reflect.ValueOf(&cfg).Elem(), "", func(key string, _ reflect.Value) error {
		keys = append(keys, key)
		return nil
	})
	return keys
}

func walkKeys(v reflect.Value, prefix string, fn func(key string, field reflect.Value) error) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("toml")
		if tag == "" || tag == "-" {
			continue
		}
		key := tag
		if prefix != "" {
			key = prefix + "." + tag
		}
		f := v.Field(i)
		if f.Kind() == reflect.Struct && f.Type() != reflect.TypeOf(Duration(0)) {
			if err := walkKeys(f, key, fn); err != nil {
				return err
			}
			continue
		}
		if err := fn(key, f); err != nil {
			return err
		}
	}
	return nil
}

func setFromString(f reflect.Value, raw string) error {
	if f.Type() == reflect.TypeOf(Duration(0)) {
		var d Duration
		if err := d.UnmarshalText([]byte(raw)); err != nil {
			return err
		}
		f.Set(reflect.ValueOf(d))
		return nil
	}
	switch f.Kind() {
	case reflect.String:
		f.SetString(raw)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", raw)
		}
		f.SetInt(n)
	case reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("%q is not true or false", raw)
		}
		f.SetBool(b)
	case reflect.Slice:
		var items []string
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, s)
			}
		}
		f.Set(reflect.ValueOf(items))
	default:
		return fmt.Errorf("unsupported type %s", f.Type())
	}
	return nil
}

// Duration is a time.Duration written as "30s" or "15m" in TOML and in the environment.
type Duration time.Duration

func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("%q is not a duration such as \"30s\" or \"15m\"", string(b))
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }
