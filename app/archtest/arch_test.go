// Package archtest keeps the dependencies pointing one way (README, "Layout"):
// cli → boot, server, jobs, notify → portal → store, with nothing pointing back up. Its
// ParseDir serves the other packages' tests that check the shape of their own code.
package archtest

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/bigdatacenter/portal/"

// forbidden lists, for each package, the project packages it must not import. Direct imports are
// enough: a layer that may not import another cannot reach it through a third one that obeys
// its own rules.
var forbidden = map[string][]string{
	"app/server":   {"app/store", "app/dbserver", "app/boot", "app/cli", "app/notify", "app/jobs"},
	"app/portal":   {"app/server", "app/boot", "app/cli", "app/notify", "app/jobs", "app/dbserver"},
	"app/store":    {"app/portal", "app/server", "app/boot", "app/cli", "app/mail", "app/notify", "app/jobs"},
	"app/mail":     {"app/store", "app/portal", "app/server", "app/notify"},
	"app/notify":   {"app/portal", "app/server"},
	"app/jobs":     {"app/server", "app/store"},
	"app/config":   {"app/store", "app/portal", "app/server", "app/boot", "app/cli"},
	"app/password": {"app/store", "app/portal", "app/server"},
	// The table of error codes: words only, below everything that uses it.
	"app/portal/errcode": {"app/portal", "app/store", "app/server", "app/password"},
	"app/live":           {"app/store", "app/portal", "app/server", "app/notify"},
	// Where files live: below the domain, knowing nothing of the database.
	"app/storage": {"app/store", "app/portal", "app/server", "app/boot", "app/cli", "app/jobs"},
	"backup":      {"app/portal", "app/server", "app/cli", "app/notify", "app/jobs"},
}

// pkg is a package of the module as go list describes it.
type pkg struct {
	ImportPath                         string
	Imports, TestImports, XTestImports []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,TestImports,XTestImports", "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var ps []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

func TestDependenciesPointOneWay(t *testing.T) {
	checked := 0
	for _, p := range listPackages(t) {
		rules, ok := forbidden[strings.TrimPrefix(p.ImportPath, module)]
		if !ok {
			continue
		}
		checked++
		for _, d := range p.Imports {
			for _, bad := range rules {
				if d == module+bad || strings.HasPrefix(d, module+bad+"/") {
					t.Errorf("%s imports %s", p.ImportPath, d)
				}
			}
		}
	}
	if checked != len(forbidden) {
		t.Fatalf("checked %d packages, want %d: a package was renamed or moved", checked, len(forbidden))
	}
}

// sqlAllowed may import database/sql outside app/store: dbserver runs the private server and
// talks to it before there is a portal database (readiness, CREATE DATABASE), not to the data.
var sqlAllowed = []string{"app/dbserver"}

// Only the store runs SQL: everything else calls its methods, which find the transaction in the
// context (db.Tx), so no other package handles a *sql.Tx or a *sql.DB — its tests included.
func TestOnlyTheStoreImportsDatabaseSQL(t *testing.T) {
	checked := 0
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(p.ImportPath, module)
		if rel == "app/store" || strings.HasPrefix(rel, "app/store/") || slices.Contains(sqlAllowed, rel) {
			continue
		}
		checked++
		for _, d := range slices.Concat(p.Imports, p.TestImports, p.XTestImports) {
			if d == "database/sql" || strings.HasPrefix(d, "database/sql/") {
				t.Errorf("%s imports %s: call the store's methods instead", p.ImportPath, d)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked %d packages: go list found too few", checked)
	}
}
