// Package cli is the portal's command line: it parses commands and flags, loads the
// configuration and hands over to the parts that do the work.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Env is what a command may touch of the outside world; tests replace it.
type Env struct {
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Environ []string
	// Signals, when set, replaces SIGTERM/SIGINT handling (tests close it to stop serve).
	Signals <-chan os.Signal
}

// command is one verb of the command line.
type command struct {
	name    string
	summary string
	usage   string
	run     func(env Env, args []string) error
}

// errUsage marks a mistake in the command line itself: exit code 2.
var errUsage = errors.New("usage")

func usageErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

func commands() []command {
	return []command{
		{"serve", "run the portal (the default command)", "portal serve [--config PATH]", runServe},
		{"migrate", "apply the database migrations and exit", "portal migrate [--config PATH]", runMigrate},
		{"admin", "manage staff accounts: admin create", "portal admin create [--config PATH] [--name NAME]\n\n" +
			"Creates an admin who can sign in at once. The e-mail and the password are asked at the\n" +
			"prompt, or read from standard input (first line e-mail, second line password), never\n" +
			"from the command line.", verbs("admin", subcommand{"create", runAdminCreate})},
		{"demo", "fill an empty database with French demonstration data", "portal demo [--config PATH] [--scale[=N]]\n\n" +
			"Creates clients, users, projects and milestones in an empty portal (it refuses one that has\n" +
			"clients) and prints how to sign in. --scale generates the benchmark dataset instead:\n" +
			"500 clients, 1 500 client users, 5 000 projects, 50 000 milestones, 500 000 messages,\n" +
			"50 000 deliverable versions, and three probe clients of 5, 50 and 500 projects.\n" +
			"--scale=N multiplies the clients (and what they hold) by N: --scale=10 is 5 000 clients.", runDemo},
		{"backup", "write, list or verify backups: backup now|list|verify", backupUsage,
			verbs("backup", subcommand{"now", runBackupNow}, subcommand{"list", runBackupList}, subcommand{"verify", runBackupVerify})},
		{"audit", "verify the audit log's hash chain: audit verify", auditUsage, verbs("audit", subcommand{"verify", runAuditVerify})},
		{"restore", "restore a backup into an empty database and data directory", restoreUsage, runRestore},
		{"storage", "copy the stored files between the data disk and S3: storage migrate", storageUsage, verbs("storage", subcommand{"migrate", runStorageMigrate})},
		{"service", "manage the system service: install, uninstall, start, stop, restart, status", serviceUsage, runService},
		{"version", "print the version", "portal version", runVersion},
	}
}

// Run executes the command line and returns the process exit code.
func Run(args []string, env Env) int {
	err := dispatch(args, env)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.Stderr, "portal: %s\n", strings.TrimPrefix(err.Error(), errUsage.Error()+": "))
		fmt.Fprintln(env.Stderr, "Run 'portal --help' for the list of commands.")
		return 2
	default:
		fmt.Fprintf(env.Stderr, "portal: %v\n", err)
		return 1
	}
}

func dispatch(args []string, env Env) error {
	if len(args) == 0 {
		return runServe(env, nil)
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		printHelp(env.Stdout)
		return nil
	}
	if strings.HasPrefix(name, "-") {
		// Flags without a command belong to serve: "portal --config x.toml".
		return runServe(env, args)
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(env, args[1:])
		}
	}
	return usageErr("unknown command %q", name)
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "portal — the client portal of BIGDATA CENTER.\n\nUsage: portal <command> [flags]\n\nCommands:")
	cs := commands()
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].name == "serve" })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --help. Configuration: --config PATH (default: portal.toml if present),\n"+
		"then PORTAL_<SECTION>_<KEY> environment variables; see config.example.toml.")
}

// newFlags returns a flag set whose errors and --help come back to the caller instead of exiting.
func newFlags(env Env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // parse prints the help itself, once, and only for --help
	cfg := fs.String("config", defaultConfigPath, "configuration file (TOML)")
	helpOut[fs] = env.Stdout
	return fs, cfg
}

// helpOut remembers where each flag set prints its help.
var helpOut = map[*flag.FlagSet]io.Writer{}

func printUsage(fs *flag.FlagSet) {
	w := helpOut[fs]
	for _, c := range commands() {
		if c.name == fs.Name() {
			fmt.Fprintf(w, "Usage: %s\n\nFlags:\n", c.usage)
		}
	}
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// parse parses flags, turning errors into usage errors and --help into help text.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(fs)
			return flag.ErrHelp
		}
		return usageErr("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return usageErr("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

const defaultConfigPath = "portal.toml"
